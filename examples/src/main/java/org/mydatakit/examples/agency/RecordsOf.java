package org.mydatakit.examples.agency;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import org.mydatakit.consent.SubjectId;
import org.mydatakit.provider.Admission;
import org.mydatakit.provider.DatedRecords;
import org.mydatakit.provider.ProviderGateHandler;
import org.mydatakit.provider.Records;

/**
 * The sample agency's records endpoint behind the gate: the admitted citizen's record of the
 * admitted item, filtered by the admission's range, as {@code {"item","subject","issuedAt",
 * "data"}}. Never logs.
 */
final class RecordsOf implements ProviderGateHandler.RecordSource {
  private final AgencyRecords records;
  private final Map<SubjectId, String> citizens;
  private final Clock clock;

  RecordsOf(AgencyConfig config) {
    this.records = config.records;
    this.citizens = config.records.subjects(config.providerKey());
    this.clock = config.clock;
  }

  @Override
  public Records find(Admission admission) {
    String handle = citizens.get(admission.grant().subject());
    Optional<JsonNode> data =
        handle == null ? Optional.empty() : records.find(admission.item(), handle);
    if (data.isEmpty()) {
      return Records.none();
    }
    DatedRecords.Filtered kept = DatedRecords.filter(data.get(), admission);
    ObjectNode body = AgencyRecords.JSON.createObjectNode();
    body.put("item", admission.item().value());
    body.put("subject", admission.grant().subject().value());
    body.put("issuedAt", clock.instant().toString());
    body.set("data", kept.json());
    return Records.json(body.toString(), kept.count());
  }
}
