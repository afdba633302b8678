package org.mydatakit.audit;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.mydatakit.consent.Consent;
import org.mydatakit.consent.ConsentId;
import org.mydatakit.consent.ConsentStatus;
import org.mydatakit.internal.Checks;
import org.mydatakit.internal.JwsException;
import org.mydatakit.internal.JwsSigning;
import org.mydatakit.internal.KeyRing;
import org.mydatakit.internal.SignedTokens;
import org.mydatakit.keys.SigningKeySet;
import org.mydatakit.keys.VerificationKeySet;

/**
 * Issues and verifies signed {@link ConsentReceipt}s: Kantara Consent Receipt 1.1 claims ({@code
 * version} {@value ReceiptClaims#VERSION}, {@code jurisdiction}, {@code consentTimestamp}, {@code
 * collectionMethod}, {@code consentReceiptID}, {@code language}, {@code piiPrincipalId}, {@code
 * piiControllers}, {@code services}, {@code sensitive}, {@code spiCat}) plus {@code consentId},
 * {@code consentVersion}, {@code status}, {@code legalBasis}, {@code retention}, {@code validFrom},
 * {@code validUntil}, {@code supersedes}, {@code iat} and {@code iss}.
 *
 * <p>Privacy: {@code piiPrincipalId} is the consent id, a pseudonymous reference; no subject id,
 * CI, representative or free-text reason is ever written.
 *
 * <pre>{@code
 * ReceiptIssuer receipts = ReceiptIssuer.builder(brokerKeys, "https://broker.example").build();
 * ConsentReceipt receipt = receipts.issue(approved, Optional.empty());
 * ConsentReceipt checked = ReceiptIssuer.verify(receipt.token(), publicKeys, "https://broker.example");
 * }</pre>
 *
 * <p>Thread-safe.
 */
public final class ReceiptIssuer {
  private static final int MAX_TOKEN_LENGTH = 64 * 1024;

  private final String issuer;
  private final JwsSigning signing;
  private final Clock clock;

  private ReceiptIssuer(Builder b) {
    this.issuer = b.issuer;
    this.signing = JwsSigning.current(b.keys.exportPrivateJwks());
    this.clock = b.clock;
  }

  /** Starts configuring an issuer that signs with {@code keys}' current key as {@code issuer}. */
  public static Builder builder(SigningKeySet keys, String issuer) {
    return new Builder(keys, issuer);
  }

  /**
   * Issues a receipt for the current version of {@code consent}.
   *
   * @param supersedesReceiptId the receipt this one replaces, such as the approval's receipt when
   *     the consent is later revoked
   * @throws IllegalArgumentException if the consent was never approved (there is nothing the
   *     citizen agreed to), or the receipt id is not a token of at most 64 characters
   */
  public ConsentReceipt issue(Consent consent, Optional<String> supersedesReceiptId) {
    Checks.notNull("consent", consent);
    Checks.notNull("supersedes", supersedesReceiptId)
        .ifPresent(id -> Checks.token("supersedes receipt id", id, 64));
    if (!consent.wasApproved()) {
      throw new IllegalArgumentException(
          "consent: expected an approved consent, got one never approved in " + consent.status());
    }
    Instant iat = Instant.ofEpochSecond(clock.instant().getEpochSecond());
    String receiptId = UUID.randomUUID().toString();
    ObjectNode claims = ReceiptClaims.of(consent, receiptId, supersedesReceiptId, issuer, iat);
    String token = signing.sign(ConsentReceipt.TYPE, claims.toString(), false);
    return new ConsentReceipt(
        receiptId,
        consent.id(),
        consent.version(),
        consent.status(),
        supersedesReceiptId,
        iat,
        token);
  }

  /**
   * Verifies {@code token} as a receipt signed by a key of {@code keys} and issued by exactly
   * {@code issuer}.
   *
   * @throws InvalidReceiptException for any token that is not such a receipt
   */
  public static ConsentReceipt verify(String token, VerificationKeySet keys, String issuer)
      throws InvalidReceiptException {
    Checks.notNull("keys", keys);
    Checks.issuer(issuer);
    ObjectNode claims;
    try {
      claims =
          SignedTokens.claims(
              token, KeyRing.of(keys.toJson()), ConsentReceipt.TYPE, MAX_TOKEN_LENGTH);
    } catch (JwsException e) {
      throw new InvalidReceiptException(e.fault().description());
    }
    if (!issuer.equals(SignedTokens.text(claims, "iss"))) {
      throw new InvalidReceiptException("the issuer is not trusted");
    }
    if (!ReceiptClaims.isWellFormed(claims)) {
      throw new InvalidReceiptException("a required claim is missing or invalid");
    }
    return new ConsentReceipt(
        SignedTokens.text(claims, "consentReceiptID"),
        ConsentId.parse(SignedTokens.text(claims, "consentId")),
        SignedTokens.integer(claims, "consentVersion", 0),
        ConsentStatus.valueOf(SignedTokens.text(claims, "status")),
        Optional.ofNullable(SignedTokens.text(claims, "supersedes")),
        Instant.ofEpochSecond(SignedTokens.date(claims, "iat")),
        token);
  }

  /** Configures a {@link ReceiptIssuer}; validated by {@link #build()}. */
  public static final class Builder {
    private final SigningKeySet keys;
    private final String issuer;
    private Clock clock = Clock.systemUTC();

    private Builder(SigningKeySet keys, String issuer) {
      this.keys = keys;
      this.issuer = issuer;
    }

    /** The clock that dates receipts ({@code iat}); default the system clock in UTC. */
    public Builder clock(Clock clock) {
      this.clock = Checks.notNull("clock", clock);
      return this;
    }

    /** Builds the issuer: requires signing keys and a 1 to 256 character issuer id. */
    public ReceiptIssuer build() {
      Checks.notNull("signing keys", keys);
      Checks.issuer(issuer);
      return new ReceiptIssuer(this);
    }
  }
}
