package org.mydatakit.examples.agency;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import org.mydatakit.consent.AgencyId;
import org.mydatakit.consent.DataRange;
import org.mydatakit.consent.ItemCode;
import org.mydatakit.consent.SubjectId;
import org.mydatakit.grant.GrantRequest;
import org.mydatakit.grant.GrantVerifier;
import org.mydatakit.grant.InvalidGrantException;
import org.mydatakit.grant.VerifiedGrant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers every request in the profile's order of checks: path, method, transaction id, query,
 * grant and proof, date range, item, record. Logs agency, item, status, reason and transaction id
 * only — never the grant, the proof, the subject or the record.
 */
final class ItemsHandler implements HttpHandler {
  private static final Logger LOG = LoggerFactory.getLogger(ProviderAgencyServer.class);

  private final AgencyId agency;
  private final GrantVerifier verifier;
  private final AgencyRecords records;
  private final Map<SubjectId, String> citizens;
  private final Clock clock;
  private final String baseUrl;

  ItemsHandler(AgencyConfig config, GrantVerifier verifier, URI baseUrl) {
    this.agency = config.agency;
    this.verifier = verifier;
    this.records = config.records;
    this.citizens = config.records.subjects(config.providerKey());
    this.clock = config.clock;
    this.baseUrl = baseUrl.toString();
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try {
      AgencyRequest in = new AgencyRequest(exchange);
      Answer answer;
      try {
        answer = answer(in);
      } catch (RuntimeException e) {
        LOG.error("agency {}: request failed with {}", agency, e.getClass().getName());
        answer = Answer.problem(500, "INTERNAL_ERROR", in.transactionId);
      }
      answer.send(exchange);
      LOG.info(
          "agency {}: {} item {} -> {} {} (tran {})",
          agency,
          in.method,
          in.item,
          answer.status(),
          answer.reason() == null ? "" : answer.reason(),
          in.transactionId);
    } finally {
      exchange.close();
    }
  }

  private Answer answer(AgencyRequest in) {
    if (!in.itemsPath) {
      return Answer.problem(404, "NOT_FOUND", in.transactionId);
    }
    if (!"GET".equals(in.method)) {
      return Answer.problem(405, "METHOD_NOT_ALLOWED", in.transactionId).with("Allow", "GET");
    }
    if (in.transactionId == null) {
      return Answer.problem(400, "BAD_TRANSACTION_ID", null);
    }
    if (in.badQuery) {
      return Answer.problem(400, "BAD_QUERY", in.transactionId);
    }
    if (in.item == null) {
      return Answer.problem(404, "UNKNOWN_ITEM", in.transactionId);
    }
    ItemCode item = ItemCode.of(in.item);
    VerifiedGrant grant;
    try {
      grant =
          verifier.verify(
              GrantRequest.builder()
                  .grant(in.grant)
                  .dpopProof(in.proof)
                  .method(in.method)
                  .url(URI.create(baseUrl + in.path))
                  .item(item)
                  .build());
    } catch (InvalidGrantException e) {
      return Answer.refused(e.reason(), in.transactionId);
    }
    Optional<DataRange> range = grant.dataRange();
    if (range.isPresent()
        && ((in.from != null && !range.get().contains(in.from))
            || (in.to != null && !range.get().contains(in.to)))) {
      return Answer.problem(403, "OUT_OF_RANGE", in.transactionId);
    }
    if (!records.items().contains(item)) {
      return Answer.problem(404, "UNKNOWN_ITEM", in.transactionId);
    }
    String handle = citizens.get(grant.subject());
    Optional<JsonNode> data = handle == null ? Optional.empty() : records.find(item, handle);
    if (data.isEmpty()) {
      return Answer.problem(404, "NO_RECORD", in.transactionId);
    }
    ObjectNode body = AgencyRecords.JSON.createObjectNode();
    body.put("item", item.value());
    body.put("subject", grant.subject().value());
    body.put("issuedAt", clock.instant().toString());
    body.set("data", data.get());
    return Answer.ok(body, in.transactionId);
  }
}
