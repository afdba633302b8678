package org.mydatakit.testkit.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.mydatakit.consent.AgencyId;
import org.mydatakit.consent.ItemCode;

/**
 * The sample agencies' catalogue and the fictional citizens' records, loaded once from {@code
 * org/mydatakit/testkit/records/<item>.json} (one object per item, keyed by citizen handle).
 */
public final class SampleRecords {
  /** Which item each sample agency serves. */
  public static final Map<AgencyId, ItemCode> CATALOGUE =
      Map.of(
          AgencyId.of("NHIS"), ItemCode.of("nhis.qualification"),
          AgencyId.of("NTS"), ItemCode.of("nts.income-certificate"),
          AgencyId.of("MOIS"), ItemCode.of("mois.resident-abstract"),
          AgencyId.of("SEOUL-JUNGGU"), ItemCode.of("local.tax-payment"));

  private static final Map<ItemCode, JsonNode> RECORDS = load();

  private SampleRecords() {}

  /** Whether {@code agency} serves {@code item}. */
  public static boolean serves(AgencyId agency, ItemCode item) {
    return item.equals(CATALOGUE.get(agency));
  }

  /** The {@code data} of {@code item} for the citizen with {@code handle}, if there is one. */
  public static Optional<JsonNode> find(ItemCode item, String handle) {
    JsonNode byCitizen = RECORDS.get(item);
    if (byCitizen == null || !byCitizen.has(handle)) {
      return Optional.empty();
    }
    return Optional.of(byCitizen.get(handle).deepCopy());
  }

  private static Map<ItemCode, JsonNode> load() {
    Map<ItemCode, JsonNode> records = new HashMap<>();
    for (ItemCode item : CATALOGUE.values()) {
      String resource = "/org/mydatakit/testkit/records/" + item.value() + ".json";
      try (InputStream in = SampleRecords.class.getResourceAsStream(resource)) {
        if (in == null) {
          throw new IllegalStateException("sample records: missing resource " + resource);
        }
        records.put(item, Problems.JSON.readTree(in));
      } catch (IOException e) {
        throw new UncheckedIOException("sample records: unreadable resource " + resource, e);
      }
    }
    return Map.copyOf(records);
  }
}
