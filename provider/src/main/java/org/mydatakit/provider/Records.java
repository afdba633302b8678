package org.mydatakit.provider;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * What an agency's records endpoint found for one {@link Admission}: a body to deliver and how many
 * records it holds, or {@link #none()} when the citizen has no record of the item.
 *
 * <pre>{@code
 * ProviderGateHandler.of(gate, baseUrl, admission -> {
 *   List<Payment> payments = admission.filter(registry.payments(admission.grant().subject()),
 *       Payment::date);
 *   return payments.isEmpty() ? Records.none() : Records.json(toJson(payments), payments.size());
 * });
 * }</pre>
 *
 * <p>{@link #toString()} shows the count only, never the body.
 */
public final class Records {
  private static final Records NONE = new Records(null, null, 0);

  private final String contentType;
  private final byte[] body;
  private final int count;

  private Records(String contentType, byte[] body, int count) {
    this.contentType = contentType;
    this.body = body;
    this.count = count;
  }

  /** A JSON body holding {@code count} records (0 or more). */
  public static Records json(String json, int count) {
    Objects.requireNonNull(json, "json");
    if (count < 0) {
      throw new IllegalArgumentException("record count: expected >= 0, got " + count);
    }
    return new Records("application/json", json.getBytes(StandardCharsets.UTF_8), count);
  }

  /** No record of the item for the citizen: answered {@code 404 NO_RECORD}. */
  public static Records none() {
    return NONE;
  }

  boolean isNone() {
    return body == null;
  }

  String contentType() {
    return contentType;
  }

  byte[] body() {
    return body;
  }

  /** How many records the body holds. */
  public int count() {
    return count;
  }

  @Override
  public String toString() {
    return isNone() ? "Records[none]" : "Records[count=" + count + "]";
  }
}
