package org.mydatakit.testkit;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.util.Objects;
import java.util.UUID;
import org.mydatakit.broker.ConsentBroker;
import org.mydatakit.broker.ConsentRequest;
import org.mydatakit.broker.InMemoryConsentStore;
import org.mydatakit.consent.AgencyId;
import org.mydatakit.consent.AuthenticationEvidence;
import org.mydatakit.consent.CitizenIdentifier;
import org.mydatakit.consent.Consent;
import org.mydatakit.consent.ConsentId;
import org.mydatakit.consent.DataItem;
import org.mydatakit.consent.Delivery;
import org.mydatakit.consent.LegalBasis;
import org.mydatakit.consent.PairwiseSubjects;
import org.mydatakit.consent.Purpose;
import org.mydatakit.consent.RevokedBy;
import org.mydatakit.grant.DpopKey;
import org.mydatakit.grant.Grant;
import org.mydatakit.keys.SigningAlgorithm;
import org.mydatakit.keys.SigningKeySet;
import org.mydatakit.keys.VerificationKeySet;

/**
 * A real {@link ConsentBroker} over an in-memory store with fresh ES256 keys and a fixed, fake
 * pairwise master secret, plus fixtures that give a test an approved consent in one line.
 *
 * <pre>{@code
 * FakeBroker broker = FakeBroker.create();
 * Consent consent = broker.approvedConsent(SampleCitizen.HONG_GILDONG, AgencyId.of("KB-BANK"),
 *     DataItem.of(AgencyId.of("NHIS"), ItemCode.of("nhis.qualification")));
 * Grant grant = broker.broker().issueGrant(consent.id(), AgencyId.of("NHIS"), key.thumbprint());
 * }</pre>
 *
 * <p>Thread-safe (the broker and its store are). For tests only: the master secret is public.
 */
public final class FakeBroker {
  /** The broker's {@code iss}. */
  public static final String ISSUER = "https://broker.test";

  /** Where the broker's status list lives (the {@code uri} in every grant's status reference). */
  public static final URI STATUS_LIST_URI = URI.create("https://broker.test/status/1");

  private static final byte[] FAKE_MASTER_SECRET =
      "FAKE-MASTER-SECRET: mydatakit testkit only, never production"
          .getBytes(StandardCharsets.US_ASCII);
  private static final Purpose PURPOSE =
      new Purpose("testkit-fixture", "테스트용 전송요구 (가상)", LegalBasis.PIPA_35_2);

  private final Clock clock;
  private final SigningKeySet keys;
  private final PairwiseSubjects pairwise;
  private final ConsentBroker broker;

  private FakeBroker(Clock clock) {
    this.clock = clock;
    this.keys = SigningKeySet.generate(SigningAlgorithm.ES256);
    this.pairwise = PairwiseSubjects.of(FAKE_MASTER_SECRET);
    this.broker =
        ConsentBroker.builder()
            .store(new InMemoryConsentStore())
            .signingKeys(keys)
            .issuer(ISSUER)
            .pairwiseSubjects(pairwise)
            .statusListUri(STATUS_LIST_URI)
            .clock(clock)
            .build();
  }

  /** A broker on the system UTC clock. */
  public static FakeBroker create() {
    return create(Clock.systemUTC());
  }

  /**
   * A broker on {@code clock}. Agencies started with it verify on the same clock; build DPoP proofs
   * with {@code DpopKey.withClock(clock)} so that they are fresh on it too.
   */
  public static FakeBroker create(Clock clock) {
    return new FakeBroker(Objects.requireNonNull(clock, "clock"));
  }

  /** The broker itself: issue grants, revoke, read the access history. */
  public ConsentBroker broker() {
    return broker;
  }

  /** The broker's public keys, as a provider agency trusts them. */
  public VerificationKeySet publicKeys() {
    return keys.verificationKeys();
  }

  /** The broker's {@code iss}: {@value #ISSUER}. */
  public String issuer() {
    return ISSUER;
  }

  /** The broker's clock. */
  public Clock clock() {
    return clock;
  }

  /** The pairwise-subject key {@code agency} receives at onboarding (a fresh array). */
  public byte[] providerKey(AgencyId agency) {
    return pairwise.providerKey(agency);
  }

  /** The broker's status list as of now, signed; served at {@link #STATUS_LIST_URI}. */
  public String statusList() {
    return broker.statusList();
  }

  /** Requests and approves a one-time consent of {@code citizen} for {@code items}. */
  public Consent approvedConsent(SampleCitizen citizen, AgencyId consumer, DataItem... items) {
    return approvedConsent(citizen, consumer, Delivery.oneTime(), items);
  }

  /** Requests and approves a consent with {@code delivery} (e.g. periodic, with a budget). */
  public Consent approvedConsent(
      SampleCitizen citizen, AgencyId consumer, Delivery delivery, DataItem... items) {
    Instant now = clock.instant();
    ConsentRequest.Builder request =
        ConsentRequest.builder()
            .consumer(consumer)
            .purpose(PURPOSE)
            .delivery(delivery)
            .validity(now, now.plus(Duration.ofDays(365)))
            .retention(Period.ofYears(1));
    for (DataItem item : items) {
      request.item(item);
    }
    return approvedConsent(citizen, request.build());
  }

  /** Requests and approves {@code request} (for a data range, a representative, …). */
  public Consent approvedConsent(SampleCitizen citizen, ConsentRequest request) {
    try (CitizenIdentifier ci = citizen.ci()) {
      Consent requested = broker.request(request, ci, "testkit-" + UUID.randomUUID());
      AuthenticationEvidence evidence =
          new AuthenticationEvidence(
              AuthenticationEvidence.Method.SIMPLE_AUTHENTICATION,
              clock.instant(),
              "testkit",
              AuthenticationEvidence.sha256Hex("testkit: consent text shown to a fake citizen"));
      return broker.approve(requested.id(), ci, evidence);
    }
  }

  /** Issues a grant for {@code agency} bound to {@code key}. */
  public Grant issueGrant(ConsentId consent, AgencyId agency, DpopKey key) {
    return broker.issueGrant(consent, agency, key.thumbprint());
  }

  /** Revokes the consent as its citizen; agencies see REVOKED on their next request. */
  public Consent revoke(ConsentId consent) {
    return broker.revoke(consent, RevokedBy.CITIZEN, "revoked by a test");
  }

  /** Pauses the consent; agencies see SUSPENDED until {@link #resume}. */
  public Consent pause(ConsentId consent) {
    return broker.pause(consent);
  }

  /** Resumes a paused consent. */
  public Consent resume(ConsentId consent) {
    return broker.resume(consent);
  }

  @Override
  public String toString() {
    return "FakeBroker[issuer=" + ISSUER + "]";
  }
}
