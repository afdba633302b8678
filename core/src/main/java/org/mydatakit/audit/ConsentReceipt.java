package org.mydatakit.audit;

import java.time.Instant;
import java.util.Optional;
import org.mydatakit.consent.ConsentId;
import org.mydatakit.consent.ConsentStatus;

/**
 * A signed consent receipt for a citizen: a compact JWS of type {@value #TYPE} whose claims follow
 * Kantara Consent Receipt 1.1 (the shape of ISO/IEC TS 27560) with mydatakit's extensions, as
 * {@link ReceiptIssuer} describes.
 *
 * <p>Each receipt records one version of a consent; a later receipt for the same consent (after a
 * revocation, say) names the one it replaces in {@link #supersedes()}.
 *
 * <pre>{@code
 * ConsentReceipt receipt = receipts.issue(approved, Optional.empty());
 * sendToCitizen(receipt.token());
 * ConsentReceipt later = receipts.issue(revoked, Optional.of(receipt.receiptId()));
 * }</pre>
 *
 * <p>Immutable and thread-safe. {@link #toString()} never shows the token.
 */
public final class ConsentReceipt {
  /** The JWS {@code typ} of a receipt. */
  public static final String TYPE = "consent-receipt+jwt";

  private final String receiptId;
  private final ConsentId consentId;
  private final long consentVersion;
  private final ConsentStatus status;
  private final Optional<String> supersedes;
  private final Instant issuedAt;
  private final String token;

  ConsentReceipt(
      String receiptId,
      ConsentId consentId,
      long consentVersion,
      ConsentStatus status,
      Optional<String> supersedes,
      Instant issuedAt,
      String token) {
    this.receiptId = receiptId;
    this.consentId = consentId;
    this.consentVersion = consentVersion;
    this.status = status;
    this.supersedes = supersedes;
    this.issuedAt = issuedAt;
    this.token = token;
  }

  /** The receipt's own id ({@code consentReceiptID}): a random UUID. */
  public String receiptId() {
    return receiptId;
  }

  /** The consent it records. */
  public ConsentId consentId() {
    return consentId;
  }

  /** The version of the consent it records. */
  public long consentVersion() {
    return consentVersion;
  }

  /** The consent's status when the receipt was issued. */
  public ConsentStatus status() {
    return status;
  }

  /** The id of the receipt this one replaces, if any. */
  public Optional<String> supersedes() {
    return supersedes;
  }

  /** When it was signed, to the second. */
  public Instant issuedAt() {
    return issuedAt;
  }

  /** The compact JWS to hand to the citizen. */
  public String token() {
    return token;
  }

  /** Shows the ids, version and status; never the token. */
  @Override
  public String toString() {
    return "ConsentReceipt[id="
        + receiptId
        + ", consent="
        + consentId
        + ", version="
        + consentVersion
        + ", status="
        + status
        + supersedes.map(s -> ", supersedes=" + s).orElse("")
        + "]";
  }
}
