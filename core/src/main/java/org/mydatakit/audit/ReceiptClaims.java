package org.mydatakit.audit;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Optional;
import java.util.stream.Collectors;
import org.mydatakit.consent.AgencyId;
import org.mydatakit.consent.Consent;
import org.mydatakit.consent.ConsentId;
import org.mydatakit.consent.ConsentStatus;
import org.mydatakit.consent.DataItem;
import org.mydatakit.internal.SignedTokens;
import org.mydatakit.internal.StrictJson;

/**
 * The claims of a consent receipt: the Kantara Consent Receipt 1.1 members (the shape ISO/IEC TS
 * 27560 builds on) and mydatakit's extensions. The consent's subject, representative and reasons
 * never enter it: the principal is named by the consent id alone.
 */
final class ReceiptClaims {
  /** The {@code version} member. */
  static final String VERSION = "KI-CR-v1.1.0";

  private ReceiptClaims() {}

  static ObjectNode of(
      Consent consent, String receiptId, Optional<String> supersedes, String issuer, Instant iat) {
    ObjectNode c = StrictJson.mapper().createObjectNode();
    c.put("version", VERSION);
    c.put("jurisdiction", "KR");
    c.put("consentTimestamp", consent.statusChangedAt().getEpochSecond());
    consent.evidence().ifPresent(e -> c.put("collectionMethod", e.method().name()));
    c.put("consentReceiptID", receiptId);
    // the language of the consent text the citizen was shown, where the evidence names it
    c.put(
        "language",
        consent.evidence().map(e -> e.textLanguage()).filter(l -> l != null).orElse("ko"));
    c.put("piiPrincipalId", consent.id().toString()); // a pseudonymous reference, not the citizen
    ObjectNode controller = c.putArray("piiControllers").addObject();
    controller.put("piiController", consent.consumer().value());
    controller.put("onBehalf", false);
    ObjectNode service = c.putArray("services").addObject();
    service.put("service", consent.purpose().code());
    ObjectNode purpose = service.putArray("purposes").addObject();
    purpose.put("purpose", consent.purpose().text());
    purpose.putArray("purposeCategory").add(consent.purpose().code());
    purpose.put("consentType", "EXPLICIT");
    ArrayNode categories = purpose.putArray("piiCategory");
    for (DataItem item : consent.items()) {
      categories.add(item.provider().value() + ":" + item.code().value());
    }
    purpose.put("primaryPurpose", true);
    purpose.put("termination", consent.validUntil().toString());
    purpose.put("thirdPartyDisclosure", true);
    purpose.put(
        "thirdPartyName",
        consent.providers().stream().map(AgencyId::value).collect(Collectors.joining(", ")));
    c.put("sensitive", false);
    c.putArray("spiCat");
    c.put("consentId", consent.id().toString());
    c.put("consentVersion", consent.version());
    c.put("status", consent.status().name());
    ObjectNode basis = c.putObject("legalBasis");
    basis.put("code", consent.purpose().legalBasis().code());
    basis.put("text", consent.purpose().legalBasis().text());
    c.put("retention", consent.retention().toString());
    c.put("validFrom", consent.validFrom().toString());
    c.put("validUntil", consent.validUntil().toString());
    supersedes.ifPresent(s -> c.put("supersedes", s));
    consent
        .evidence()
        .ifPresent(
            e -> {
              // exactly what she was shown: its hash, and the template's language and version
              ObjectNode text = c.putObject("consentText");
              text.put("sha256", e.consentTextSha256());
              if (e.textLanguage() != null) {
                text.put("language", e.textLanguage());
                text.put("templateVersion", e.textVersion());
              }
            });
    c.put("iat", iat.getEpochSecond());
    c.put("iss", issuer);
    return c;
  }

  /**
   * Whether the members {@link org.mydatakit.audit.ConsentReceipt} is read from are present and
   * well-formed: version, receipt id, consent id (also the principal), version, status, iat and an
   * optional supersedes.
   */
  static boolean isWellFormed(ObjectNode claims) {
    String consentId = SignedTokens.text(claims, "consentId");
    String status = SignedTokens.text(claims, "status");
    try {
      ConsentId.parse(consentId);
      ConsentStatus.valueOf(String.valueOf(status));
    } catch (IllegalArgumentException e) {
      return false;
    }
    String receiptId = SignedTokens.text(claims, "consentReceiptID");
    return VERSION.equals(SignedTokens.text(claims, "version"))
        && receiptId != null
        && !receiptId.isEmpty()
        && consentId.equals(SignedTokens.text(claims, "piiPrincipalId"))
        && SignedTokens.integer(claims, "consentVersion", 0) >= 0
        && SignedTokens.date(claims, "iat") >= 0
        && (!claims.has("supersedes") || claims.get("supersedes").isTextual());
  }
}
