package org.mydatakit.audit;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.mydatakit.consent.ConsentId;
import org.mydatakit.internal.Checks;

/**
 * One event about one consent, before the log gives it a place in the chain.
 *
 * <p>Events hold no personal data: the consent id, an actor such as {@code citizen}, {@code
 * consumer:KB-BANK}, {@code provider:NHIS}, {@code operator:ops-1} or {@code system}, and details
 * of short identifier-like values (provider ids, item codes, transaction ids, grant ids, status
 * indexes) — never a subject id, a free-text reason or a fetched record. The time is kept to the
 * millisecond so that every store round-trips it exactly.
 *
 * <pre>{@code
 * AuditEvent event = AuditEvent.of(now, AuditEventType.REVOKED, consent.id(), "citizen",
 *     Map.of("by", "CITIZEN"));
 * }</pre>
 */
public record AuditEvent(
    Instant at,
    AuditEventType type,
    ConsentId consentId,
    String actor,
    Map<String, String> details) {
  private static final Pattern ACTOR = Pattern.compile("[a-z]+(:[A-Za-z0-9._-]{1,64})?");
  private static final Pattern KEY = Pattern.compile("[a-z][A-Za-z0-9]{0,31}");
  private static final Pattern VALUE = Pattern.compile("[A-Za-z0-9._:/+=-]{0,200}");

  /** Validates; details are copied into key order. */
  public AuditEvent {
    Checks.notNull("audit time", at);
    at = at.truncatedTo(ChronoUnit.MILLIS);
    Checks.notNull("audit type", type);
    Checks.notNull("audit consent id", consentId);
    if (actor == null || !ACTOR.matcher(actor).matches()) {
      throw new IllegalArgumentException(
          "audit actor: expected a role such as citizen, consumer:KB-BANK or system");
    }
    Checks.notNull("audit details", details);
    if (details.size() > 16) {
      throw new IllegalArgumentException("audit details: expected at most 16 entries");
    }
    details.forEach(
        (k, v) -> {
          if (k == null || !KEY.matcher(k).matches()) {
            throw new IllegalArgumentException("audit details: expected camelCase keys");
          }
          if (v == null || !VALUE.matcher(v).matches()) {
            throw new IllegalArgumentException(
                "audit details " + k + ": expected up to 200 identifier characters");
          }
        });
    details = java.util.Collections.unmodifiableMap(new TreeMap<>(details));
  }

  /** Returns the event. */
  public static AuditEvent of(
      Instant at,
      AuditEventType type,
      ConsentId consentId,
      String actor,
      Map<String, String> details) {
    return new AuditEvent(at, type, consentId, actor, details);
  }
}
