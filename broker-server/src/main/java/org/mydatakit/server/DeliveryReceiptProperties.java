package org.mydatakit.server;

import java.util.Locale;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Whether deliveries must be confirmed by the provider, {@code
 * mydatakit.broker.delivery-receipts.trust}: {@code none} (the default) records the deliveries
 * consumers report; {@code registry} trusts, for each PROVIDER agency registered with inline keys
 * when the server starts, those keys for its signed delivery receipts, and then records a delivery
 * only with a valid receipt of the provider the grant names ({@code POST /fetches} answers 400
 * {@code receipt_required} or {@code invalid_receipt} otherwise). A provider registered later is
 * trusted from the next start.
 *
 * @param trust {@code none} or {@code registry}
 */
@ConfigurationProperties("mydatakit.broker.delivery-receipts")
public record DeliveryReceiptProperties(@DefaultValue("none") String trust) {

  /** Validates. */
  public DeliveryReceiptProperties {
    trust = trust == null ? "" : trust.trim().toLowerCase(Locale.ROOT);
    if (!trust.equals("none") && !trust.equals("registry")) {
      throw new IllegalArgumentException(
          "mydatakit.broker.delivery-receipts.trust: expected none or registry");
    }
  }

  boolean fromRegistry() {
    return trust.equals("registry");
  }
}
