package org.mydatakit.broker;

import java.time.Instant;
import org.mydatakit.consent.AgencyId;
import org.mydatakit.consent.ConsentId;

/**
 * A consent whose consumer owes an erasure attestation ({@link ConsentStore#overdueErasures}).
 *
 * @param consentId the consent
 * @param consumer the consumer that owes it
 * @param dueAt when erasure became due: the revocation, or the end of the retention period
 */
public record OverdueErasure(ConsentId consentId, AgencyId consumer, Instant dueAt) {}
