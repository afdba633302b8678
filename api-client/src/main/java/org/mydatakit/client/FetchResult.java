package org.mydatakit.client;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.mydatakit.consent.AgencyId;
import org.mydatakit.consent.ItemCode;

/**
 * The records one provider agency delivered for one item: the answer's {@code data} object, as JSON
 * text and as plain Java values, with the facts of the exchange.
 *
 * <pre>{@code
 * FetchResult r = client.fetch(consentId, ItemCode.of("nhis.qualification"));
 * String json = r.json();                      // {"grade":"...", ...}
 * Object grade = r.data().get("grade");        // String, Long, BigInteger, BigDecimal, Boolean,
 *                                              // List, Map or null
 * }</pre>
 *
 * <p>Immutable and thread-safe. It holds a citizen's data: {@link #toString()} shows only the
 * provider, item, transaction id, attempts and issue time, never the data, the subject or the
 * receipt.
 */
public final class FetchResult {
  private final AgencyId provider;
  private final ItemCode item;
  private final String transactionId;
  private final int attempts;
  private final Instant issuedAt;
  private final String json;
  private final Map<String, Object> data;
  private final Optional<String> receipt;

  FetchResult(
      AgencyId provider,
      ItemCode item,
      String transactionId,
      int attempts,
      Instant issuedAt,
      String json,
      Map<String, Object> data,
      Optional<String> receipt) {
    this.provider = provider;
    this.item = item;
    this.transactionId = transactionId;
    this.attempts = attempts;
    this.issuedAt = issuedAt;
    this.json = json;
    this.data = data;
    this.receipt = Objects.requireNonNull(receipt, "receipt");
  }

  /** The provider agency that delivered. */
  public AgencyId provider() {
    return provider;
  }

  /**
   * The item delivered (always the item asked for: the client checks the answer's {@code item}).
   */
  public ItemCode item() {
    return item;
  }

  /** The {@code X-Api-Tran-Id} of the request that succeeded, as the provider echoed it. */
  public String transactionId() {
    return transactionId;
  }

  /** How many HTTP requests it took, retries included. */
  public int attempts() {
    return attempts;
  }

  /** When the provider says it issued the records (the answer's {@code issuedAt}). */
  public Instant issuedAt() {
    return issuedAt;
  }

  /** The answer's {@code data} object as compact JSON text. Personal data: never log it. */
  public String json() {
    return json;
  }

  /**
   * The answer's {@code data} object as unmodifiable maps and lists of strings, booleans, numbers
   * ({@code Long} or {@code BigInteger} for integers, {@code BigDecimal} otherwise) and nulls, in
   * the provider's member order. Personal data: never log it.
   */
  public Map<String, Object> data() {
    return data;
  }

  /**
   * The provider's signed delivery receipt, if it sent one: the compact JWS of its {@code
   * MyData-Receipt} header, as sent (the client checks only its shape, not its signature). Proof of
   * what was delivered under which grant; it names the citizen's records, so keep it as you keep
   * them and never log it.
   */
  public Optional<String> receipt() {
    return receipt;
  }

  @Override
  public String toString() {
    return "FetchResult[provider="
        + provider
        + ", item="
        + item
        + ", transactionId="
        + transactionId
        + ", attempts="
        + attempts
        + ", issuedAt="
        + issuedAt
        + "]";
  }
}
