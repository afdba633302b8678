package org.mydatakit.broker;

import org.mydatakit.consent.ConsentId;
import org.mydatakit.internal.Checks;

/**
 * A signed consent receipt as the store keeps it: which consent version it describes, its id and
 * the signed token (a JWS the citizen can verify with the broker's public keys).
 */
public record ReceiptRecord(
    ConsentId consentId, long consentVersion, String receiptId, String token) {

  /** Validates. */
  public ReceiptRecord {
    Checks.notNull("consent id", consentId);
    if (consentVersion < 0) {
      throw new IllegalArgumentException("receipt consent version: expected >= 0");
    }
    Checks.token("receipt id", receiptId, 64);
    Checks.notNull("receipt token", token);
  }

  @Override
  public String toString() {
    return "ReceiptRecord[consent="
        + consentId
        + ", version="
        + consentVersion
        + ", id="
        + receiptId
        + "]";
  }
}
