package org.mydatakit.examples.agency;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.mydatakit.consent.AgencyId;
import org.mydatakit.consent.CitizenIdentifier;
import org.mydatakit.consent.ItemCode;
import org.mydatakit.consent.PairwiseSubjects;
import org.mydatakit.consent.SubjectId;

/**
 * The records one provider agency holds: its citizens (by handle, with their fictional CI) and, per
 * item it serves, each citizen's record — a stand-in for the agency's own database.
 *
 * <pre>{@code
 * AgencyRecords nhis = AgencyRecords.sample(AgencyId.of("NHIS"));   // 홍길동, 김철수, 이영희 (가상 인물)
 * Set<ItemCode> served = nhis.items();                                // [nhis.qualification]
 * }</pre>
 *
 * <p>Immutable and thread-safe. It holds personal data (fictional here): {@link #toString()} shows
 * only the item codes and the number of citizens.
 */
public final class AgencyRecords {
  static final ObjectMapper JSON = new ObjectMapper();
  private static final String SAMPLE = "/org/mydatakit/examples/agency/sample-records.json";

  private final Map<String, String> citizens; // handle -> CI
  private final Map<ItemCode, JsonNode> items; // item -> handle -> data

  private AgencyRecords(Map<String, String> citizens, Map<ItemCode, JsonNode> items) {
    this.citizens = Map.copyOf(citizens);
    this.items = Map.copyOf(items);
  }

  /**
   * The sample records of {@code agency} (NHIS, NTS, MOIS or SEOUL-JUNGGU), read from this module's
   * {@code sample-records.json}: fictional citizens with obviously fake CIs.
   *
   * @throws IllegalArgumentException if the sample has no records for {@code agency}
   */
  public static AgencyRecords sample(AgencyId agency) {
    JsonNode root;
    try (InputStream in = AgencyRecords.class.getResourceAsStream(SAMPLE)) {
      root = JSON.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException("sample records: unreadable resource " + SAMPLE, e);
    }
    JsonNode served = root.path("agencies").path(agency.value());
    if (!served.isObject()) {
      throw new IllegalArgumentException(
          "sample records: expected NHIS, NTS, MOIS or SEOUL-JUNGGU");
    }
    Map<String, String> citizens = new HashMap<>();
    root.get("citizens")
        .fields()
        .forEachRemaining(e -> citizens.put(e.getKey(), e.getValue().asText()));
    Map<ItemCode, JsonNode> items = new HashMap<>();
    for (Iterator<String> it = served.fieldNames(); it.hasNext(); ) {
      String item = it.next();
      items.put(ItemCode.of(item), served.get(item));
    }
    return new AgencyRecords(citizens, items);
  }

  /** The items this agency serves. */
  public Set<ItemCode> items() {
    return items.keySet();
  }

  /** The record of {@code item} for the citizen {@code handle}, if there is one (a copy). */
  Optional<JsonNode> find(ItemCode item, String handle) {
    JsonNode byCitizen = items.get(item);
    return byCitizen == null || !byCitizen.has(handle)
        ? Optional.empty()
        : Optional.of(byCitizen.get(handle).deepCopy());
  }

  /** Each citizen's pairwise subject under {@code providerKey}, to their handle; zeroes the key. */
  Map<SubjectId, String> subjects(byte[] providerKey) {
    Map<SubjectId, String> bySubject = new HashMap<>();
    try {
      citizens.forEach(
          (handle, ci) -> {
            try (CitizenIdentifier id = CitizenIdentifier.of(ci)) {
              bySubject.put(PairwiseSubjects.subjectFor(providerKey, id), handle);
            }
          });
    } finally {
      Arrays.fill(providerKey, (byte) 0);
    }
    return Map.copyOf(bySubject);
  }

  @Override
  public String toString() {
    return "AgencyRecords[items=" + items.keySet() + ", citizens=" + citizens.size() + "]";
  }
}
