package org.mydatakit.broker;

import java.time.Instant;
import java.util.Set;
import java.util.TreeSet;
import org.mydatakit.consent.AgencyId;
import org.mydatakit.consent.ConsentId;
import org.mydatakit.consent.ItemCode;
import org.mydatakit.internal.Checks;

/**
 * A grant the broker issued, as the access history (제공 이력) shows it: never the token itself.
 *
 * @param period the fetch-budget period the grant was counted in ({@code once} for one-time
 *     consents, {@code p<N>} for the N-th period of a periodic one)
 */
public record GrantRecord(
    String grantId,
    ConsentId consentId,
    AgencyId provider,
    Set<ItemCode> scope,
    Instant issuedAt,
    Instant expiresAt,
    String period)
    implements AccessRecord {

  /** Validates; the scope is copied into sorted order. */
  public GrantRecord {
    Checks.grantId(grantId);
    Checks.notNull("consent id", consentId);
    Checks.notNull("provider", provider);
    if (scope == null || scope.isEmpty()) {
      throw new IllegalArgumentException("grant scope: expected at least one item");
    }
    scope = java.util.Collections.unmodifiableSet(new TreeSet<>(scope));
    Checks.notNull("issued at", issuedAt);
    Checks.notNull("expires at", expiresAt);
    Checks.token("budget period", period, 32);
  }

  @Override
  public Instant at() {
    return issuedAt;
  }
}
