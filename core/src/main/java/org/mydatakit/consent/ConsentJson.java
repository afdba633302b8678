package org.mydatakit.consent;

/**
 * Reads and writes a {@link Consent} as JSON, strictly.
 *
 * <pre>{@code
 * String json = ConsentJson.write(consent);
 * Consent same = ConsentJson.read(json);   // same.equals(consent)
 * }</pre>
 *
 * <p>The shape (camelCase; optional members, marked {@code ?} below, are omitted when absent and
 * read as absent when {@code null}):
 *
 * <pre>{@code
 * {
 *   "id": "0190b8c2-7d3e-7abc-8def-0123456789ab",
 *   "version": 1,
 *   "supersedes"?: "<consent id>",
 *   "subject": {"broker": "<subject id>", "pairwise": {"NHIS": "<subject id>", "NTS": "<subject id>"}},
 *   "consumer": "KB-BANK",
 *   "items": [{"provider": "NHIS", "code": "nhis.qualification"},
 *             {"provider": "NTS", "code": "nts.income-certificate"}],
 *   "purpose": {"code": "loan-screening", "text": "대출 심사",
 *               "legalBasis": {"code": "pipa-35-2", "text": "개인정보 보호법 제35조의2 (개인정보의 전송 요구)"}},
 *   "delivery": {"kind": "PERIODIC", "every": 1, "unit": "MONTHS", "fetchBudget": 4,
 *                "window"?: {"from": "09:00", "to": "18:00", "zone": "Asia/Seoul"}},
 *               // or {"kind": "ONE_TIME"}
 *   "dataRange"?: {"from": "2025-01-01", "to": "2025-12-31"},
 *   "validFrom": "2026-01-01T00:00:00Z",
 *   "validUntil": "2030-01-01T00:00:00Z",
 *   "retention": "P1Y",
 *   "representative"?: {"kind": "GUARDIAN", "evidenceReference": "family-cert:7f3a9c"},
 *   "evidence"?: {"method": "SIMPLE_AUTHENTICATION", "authenticatedAt": "2026-01-01T00:00:00Z",
 *                 "channel": "mobile-app", "consentTextSha256": "<64 lower-case hex>"},
 *   "status": "ACTIVE",
 *   "statusIndex"?: 42,
 *   "createdAt": "2025-12-31T23:50:00Z",
 *   "statusChangedAt": "2026-01-01T00:00:00Z",
 *   "statusReason"?: "no longer needed",
 *   "revokedBy"?: "CITIZEN"
 * }
 * }</pre>
 *
 * <p>Instants are ISO-8601 in UTC with a {@code Z} and a four-digit year (as {@link
 * java.time.Instant#toString()} writes them); an offset such as {@code +09:00} is rejected, not
 * converted. Dates are {@code YYYY-MM-DD}, times {@code HH:MM[:SS]}, periods ISO-8601 ({@code
 * P1Y}), enums their exact constant names. Reading rejects unknown members, duplicate keys,
 * anything after the object, {@code null} or missing required members and any type coercion (a
 * number where a string belongs, or the reverse), then applies every rule of {@link
 * ConsentBuilder#build()}.
 *
 * <p>Every failure is an {@link IllegalArgumentException} whose message names the path (such as
 * {@code items[1].provider}) and what was expected; it never quotes the input text or a subject.
 * Thread-safe.
 */
public final class ConsentJson {
  private ConsentJson() {}

  /** The consent as compact JSON. Contains the pseudonymous subjects: treat it as personal data. */
  public static String write(Consent consent) {
    return ConsentCodec.write(consent);
  }

  /**
   * Parses a consent.
   *
   * @throws IllegalArgumentException naming the path that was wrong and what was expected
   */
  public static Consent read(String json) {
    return ConsentCodec.read(json);
  }
}
