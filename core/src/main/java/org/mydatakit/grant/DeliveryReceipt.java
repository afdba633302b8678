package org.mydatakit.grant;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.mydatakit.consent.AgencyId;
import org.mydatakit.consent.ConsentId;
import org.mydatakit.consent.DataRange;
import org.mydatakit.consent.ItemCode;
import org.mydatakit.internal.Base64Url;
import org.mydatakit.internal.Checks;
import org.mydatakit.internal.JwsCheck;
import org.mydatakit.internal.JwsException;
import org.mydatakit.internal.JwsSigning;
import org.mydatakit.internal.KeyRing;
import org.mydatakit.internal.StrictJson;
import org.mydatakit.keys.SigningKeySet;
import org.mydatakit.keys.VerificationKeySet;

/**
 * A provider agency's signed confirmation of one delivery: the grant ({@code jti}) it honoured, the
 * item, the transaction id, the effective data range, the number of records, the time and the
 * SHA-256 of the response body. The agency's gate signs it (compact JWS, {@code typ} {@value
 * #TYPE}, with the agency's own key) and returns it in the {@value #HEADER} response header; the
 * consumer hands it to the broker, which records a delivery only with a receipt that verifies under
 * the keys of the provider the grant names. The citizen's access history then shows what providers
 * confirmed, not what consumers claim.
 *
 * <pre>{@code
 * // the agency (done by ProviderGate when it is given a receipt key)
 * DeliveryReceipt.Signer signer = DeliveryReceipt.signer(AgencyId.of("NTS"), agencyKeys);
 * String receipt = signer.sign(admittedGrant, item, transactionId, range, 3, body);
 *
 * // the broker
 * DeliveryReceipt.Verifier verifier =
 *     DeliveryReceipt.verifier(Map.of(AgencyId.of("NTS"), ntsPublicKeys));
 * DeliveryReceipt confirmed = verifier.verify(receipt);
 * }</pre>
 *
 * <p>Immutable. Holds no personal data; {@link #toString()} shows the provider, item and count.
 */
public final class DeliveryReceipt {
  /** The response header that carries the receipt. */
  public static final String HEADER = "MyData-Receipt";

  /** The receipt's JWS {@code typ}. */
  public static final String TYPE = "mydata-receipt+jwt";

  private final AgencyId provider;
  private final AgencyId consumer;
  private final String grantId;
  private final ConsentId consentId;
  private final ItemCode item;
  private final String transactionId;
  private final Optional<DataRange> range;
  private final int recordCount;
  private final Instant deliveredAt;
  private final String bodySha256;

  private DeliveryReceipt(ObjectNode c) {
    this.provider = AgencyId.of(text(c, "iss"));
    this.consumer = AgencyId.of(text(c, "azp"));
    this.grantId = Checks.grantId(text(c, "gid"));
    this.consentId = ConsentId.parse(text(c, "cid"));
    this.item = ItemCode.of(text(c, "item"));
    this.transactionId = Checks.token("transaction id", text(c, "txn"), 64);
    JsonNode rng = c.get("rng");
    this.range =
        rng == null
            ? Optional.empty()
            : Optional.of(
                new DataRange(
                    LocalDate.parse(text((ObjectNode) rng, "from")),
                    LocalDate.parse(text((ObjectNode) rng, "to"))));
    JsonNode cnt = c.get("cnt");
    if (cnt == null || !cnt.canConvertToInt() || !cnt.isIntegralNumber() || cnt.intValue() < 0) {
      throw new IllegalArgumentException("receipt cnt: expected a non-negative integer");
    }
    this.recordCount = cnt.intValue();
    JsonNode iat = c.get("iat");
    if (iat == null || !iat.isIntegralNumber() || !iat.canConvertToLong()) {
      throw new IllegalArgumentException("receipt iat: expected an integer");
    }
    this.deliveredAt = Instant.ofEpochSecond(iat.longValue());
    this.bodySha256 = text(c, "sha");
    if (!bodySha256.matches("[A-Za-z0-9_-]{43}")) {
      throw new IllegalArgumentException("receipt sha: expected a base64url sha-256");
    }
  }

  private static String text(ObjectNode node, String name) {
    JsonNode value = node.get(name);
    if (value == null || !value.isTextual()) {
      throw new IllegalArgumentException("receipt " + name + ": expected a string");
    }
    return value.textValue();
  }

  /** A signer for the agency {@code provider} with its own keys (the current key signs). */
  public static Signer signer(AgencyId provider, SigningKeySet keys) {
    return new Signer(
        Checks.notNull("provider", provider), Checks.notNull("keys", keys), Clock.systemUTC());
  }

  /** A signer like {@link #signer(AgencyId, SigningKeySet)} reading the time from {@code clock}. */
  public static Signer signer(AgencyId provider, SigningKeySet keys, Clock clock) {
    return new Signer(
        Checks.notNull("provider", provider),
        Checks.notNull("keys", keys),
        Checks.notNull("clock", clock));
  }

  /** A verifier trusting each provider's public keys. */
  public static Verifier verifier(Map<AgencyId, VerificationKeySet> providerKeys) {
    return new Verifier(providerKeys);
  }

  /** The agency that delivered and signed. */
  public AgencyId provider() {
    return provider;
  }

  /** The consumer the records went to (the grant's {@code azp}). */
  public AgencyId consumer() {
    return consumer;
  }

  /** The honoured grant's {@code jti}. */
  public String grantId() {
    return grantId;
  }

  public ConsentId consentId() {
    return consentId;
  }

  public ItemCode item() {
    return item;
  }

  /** The request's {@code X-Api-Tran-Id}. */
  public String transactionId() {
    return transactionId;
  }

  /** The effective data range the records were filtered by, if one applied. */
  public Optional<DataRange> range() {
    return range;
  }

  public int recordCount() {
    return recordCount;
  }

  /** When the agency delivered (second precision). */
  public Instant deliveredAt() {
    return deliveredAt;
  }

  /** The base64url SHA-256 of the delivered response body. */
  public String bodySha256() {
    return bodySha256;
  }

  /** The base64url SHA-256 of {@code body}, as a receipt names it. */
  public static String sha256(byte[] body) {
    try {
      return Base64Url.encode(MessageDigest.getInstance("SHA-256").digest(body));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("sha-256 unavailable", e);
    }
  }

  @Override
  public String toString() {
    return "DeliveryReceipt[provider="
        + provider
        + ", item="
        + item
        + ", count="
        + recordCount
        + "]";
  }

  /** Signs receipts for one agency. Thread-safe. */
  public static final class Signer {
    private final AgencyId provider;
    private final JwsSigning signing;
    private final Clock clock;

    private Signer(AgencyId provider, SigningKeySet keys, Clock clock) {
      this.provider = provider;
      this.signing = JwsSigning.current(keys.exportPrivateJwks());
      this.clock = clock;
    }

    /**
     * Signs the receipt of delivering {@code recordCount} records of {@code item} under {@code
     * grant}, in a response whose body is {@code body}.
     */
    public String sign(
        VerifiedGrant grant,
        ItemCode item,
        String transactionId,
        Optional<DataRange> range,
        int recordCount,
        byte[] body) {
      Checks.notNull("grant", grant);
      if (!grant.provider().equals(provider)) {
        throw new IllegalArgumentException("receipt: expected a grant for " + provider);
      }
      ObjectNode c = StrictJson.mapper().createObjectNode();
      c.put("iss", provider.value());
      c.put("azp", grant.consumer().value());
      c.put("jti", UUID.randomUUID().toString());
      c.put("gid", grant.grantId());
      c.put("cid", grant.consentId().value().toString());
      c.put("item", Checks.notNull("item", item).value());
      c.put("txn", Checks.token("transaction id", transactionId, 64));
      range.ifPresent(
          r -> {
            ObjectNode rng = c.putObject("rng");
            rng.put("from", r.from().toString());
            rng.put("to", r.to().toString());
          });
      if (recordCount < 0) {
        throw new IllegalArgumentException("record count: expected >= 0, got " + recordCount);
      }
      c.put("cnt", recordCount);
      c.put("iat", clock.instant().getEpochSecond());
      c.put("sha", sha256(Checks.notNull("body", body)));
      return signing.sign(TYPE, c.toString(), false);
    }

    @Override
    public String toString() {
      return "DeliveryReceipt.Signer[" + provider + "]";
    }
  }

  /** Verifies receipts against each provider's keys. Thread-safe. */
  public static final class Verifier {
    private final Map<AgencyId, KeyRing> rings = new HashMap<>();

    private Verifier(Map<AgencyId, VerificationKeySet> providerKeys) {
      Checks.notNull("provider keys", providerKeys)
          .forEach((agency, keys) -> rings.put(agency, KeyRing.of(keys.toJson())));
    }

    /** Whether receipts of {@code provider} can be verified here. */
    public boolean knows(AgencyId provider) {
      return rings.containsKey(provider);
    }

    /**
     * Verifies {@code receipt} as signed by {@code provider}.
     *
     * @throws InvalidGrantException with reason {@code BAD_SIGNATURE} for a receipt that does not
     *     verify under the provider's keys, {@code UNKNOWN_KEY} for an unknown provider or kid,
     *     {@code MALFORMED} or {@code INVALID_CLAIM} for anything else wrong with it, {@code
     *     WRONG_ISSUER} when it was signed for another provider
     */
    public DeliveryReceipt verify(String receipt, AgencyId provider) throws InvalidGrantException {
      KeyRing ring = rings.get(Checks.notNull("provider", provider));
      if (ring == null) {
        throw new InvalidGrantException(InvalidGrantException.Reason.UNKNOWN_KEY);
      }
      if (receipt == null || receipt.isEmpty()) {
        throw new InvalidGrantException(InvalidGrantException.Reason.MALFORMED);
      }
      JwsCheck.Verified jws;
      try {
        jws = JwsCheck.verify(receipt, ring, TYPE, JwsCheck.MAX_TOKEN_LENGTH);
      } catch (JwsException e) {
        throw Envelopes.rejection(e);
      }
      DeliveryReceipt parsed;
      try {
        parsed = new DeliveryReceipt(StrictJson.object(jws.payload()));
      } catch (IllegalArgumentException | DateTimeException | ClassCastException e) {
        throw new InvalidGrantException(InvalidGrantException.Reason.INVALID_CLAIM);
      }
      if (!parsed.provider().equals(provider)) {
        throw new InvalidGrantException(InvalidGrantException.Reason.WRONG_ISSUER);
      }
      return parsed;
    }

    @Override
    public String toString() {
      return "DeliveryReceipt.Verifier[providers=" + rings.size() + "]";
    }
  }
}
