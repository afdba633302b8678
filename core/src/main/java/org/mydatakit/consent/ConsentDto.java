package org.mydatakit.consent;

import java.util.List;
import java.util.Map;

/**
 * The JSON shape of a consent, field for field. Every component is nullable here: absence and
 * {@code null} are told apart from wrong values by {@link ConsentCodec}, which names the path.
 */
record ConsentDto(
    String id,
    Long version,
    String supersedes,
    SubjectDto subject,
    String consumer,
    List<ItemDto> items,
    PurposeDto purpose,
    DeliveryDto delivery,
    RangeDto dataRange,
    String validFrom,
    String validUntil,
    String retention,
    RepresentativeDto representative,
    EvidenceDto evidence,
    String status,
    Long statusIndex,
    String createdAt,
    String statusChangedAt,
    String statusReason,
    String revokedBy) {

  /** {@code subject}: the broker subject and the pairwise subjects by provider id. */
  record SubjectDto(String broker, Map<String, String> pairwise) {}

  /** One element of {@code items}. */
  record ItemDto(String provider, String code) {}

  /** {@code purpose}. */
  record PurposeDto(String code, String text, LegalBasisDto legalBasis) {}

  /** {@code purpose.legalBasis}. */
  record LegalBasisDto(String code, String text) {}

  /** {@code delivery}: only {@code kind} for ONE_TIME. */
  record DeliveryDto(
      String kind, Integer every, String unit, Integer fetchBudget, WindowDto window) {}

  /** {@code delivery.window}. */
  record WindowDto(String from, String to, String zone) {}

  /** {@code dataRange}. */
  record RangeDto(String from, String to) {}

  /** {@code representative}. */
  record RepresentativeDto(String kind, String evidenceReference) {}

  /** {@code evidence}. */
  record EvidenceDto(
      String method,
      String authenticatedAt,
      String channel,
      String consentTextSha256,
      String textLanguage,
      String textVersion) {}
}
