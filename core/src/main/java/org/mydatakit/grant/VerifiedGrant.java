package org.mydatakit.grant;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.mydatakit.consent.AgencyId;
import org.mydatakit.consent.ConsentId;
import org.mydatakit.consent.DataRange;
import org.mydatakit.consent.ItemCode;
import org.mydatakit.consent.SubjectId;
import org.mydatakit.status.StatusReference;

/**
 * A grant that passed every check of a {@link GrantVerifier}. Only a verifier can create one, so a
 * method that takes a {@code VerifiedGrant} cannot be handed an unchecked token.
 *
 * <pre>{@code
 * VerifiedGrant grant = verifier.verify(request);
 * Records records = registry.find(grant.subject(), grant.scope(), grant.dataRange());
 * }</pre>
 *
 * <p>Immutable. {@link #toString()} never shows the subject.
 */
public final class VerifiedGrant {
  private final String grantId;
  private final ConsentId consentId;
  private final SubjectId subject;
  private final AgencyId consumer;
  private final AgencyId provider;
  private final Set<ItemCode> scope;
  private final String purpose;
  private final Optional<DataRange> dataRange;
  private final Instant issuedAt;
  private final Instant expiresAt;
  private final Optional<StatusReference> status;

  VerifiedGrant(GrantClaims claims) {
    this.grantId = claims.jti();
    this.consentId = claims.consentId();
    this.subject = claims.subject();
    this.consumer = claims.consumer();
    this.provider = claims.provider();
    this.scope = claims.scope();
    this.purpose = claims.purpose();
    this.dataRange = claims.dataRange();
    this.issuedAt = claims.issuedAt();
    this.expiresAt = claims.expiresAt();
    this.status = claims.status();
  }

  /** The grant's {@code jti}: quote it in the access history. */
  public String grantId() {
    return grantId;
  }

  public ConsentId consentId() {
    return consentId;
  }

  /** The citizen's pairwise subject at this provider. Personal data: never log it. */
  public SubjectId subject() {
    return subject;
  }

  /** The consumer the data may be sent to ({@code azp}). */
  public AgencyId consumer() {
    return consumer;
  }

  /** This provider agency ({@code aud}). */
  public AgencyId provider() {
    return provider;
  }

  /** The items granted at this provider. */
  public Set<ItemCode> scope() {
    return scope;
  }

  /** The purpose code ({@code pur}). */
  public String purpose() {
    return purpose;
  }

  /** The records' date range the consent limits fetches to, if it does. */
  public Optional<DataRange> dataRange() {
    return dataRange;
  }

  public Instant issuedAt() {
    return issuedAt;
  }

  public Instant expiresAt() {
    return expiresAt;
  }

  /** Where the consent's status lives, if the grant carries a reference. */
  public Optional<StatusReference> status() {
    return status;
  }

  @Override
  public String toString() {
    return "VerifiedGrant[consent="
        + consentId
        + ", consumer="
        + consumer
        + ", provider="
        + provider
        + ", scope="
        + new TreeSet<>(scope)
        + ", expiresAt="
        + expiresAt
        + "]";
  }
}
