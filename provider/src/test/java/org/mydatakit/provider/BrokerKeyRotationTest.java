package org.mydatakit.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mydatakit.consent.AgencyId;
import org.mydatakit.consent.ItemCode;
import org.mydatakit.grant.GrantRequest;
import org.mydatakit.grant.GrantVerifier;
import org.mydatakit.grant.InvalidGrantException;
import org.mydatakit.grant.InvalidGrantException.Reason;
import org.mydatakit.keys.SigningAlgorithm;
import org.mydatakit.keys.SigningKeySet;
import org.mydatakit.store.tck.TestClock;

/**
 * Against a broker that rotates and retires keys while the verifier runs: its JWKS over HTTP,
 * changed during the test, and a clock the test moves.
 */
class BrokerKeyRotationTest {
  private static final Instant NOW = Instant.parse("2026-11-27T03:00:00Z");
  private static final URI URL =
      URI.create("https://api.nhis.example/mydata/v1/items/nhis.qualification");

  private final TestClock clock = TestClock.at(NOW);
  private final OkHttpClient client = new OkHttpClient();
  private final LocalBroker broker;

  BrokerKeyRotationTest() throws Exception {
    broker = new LocalBroker();
  }

  @AfterEach
  void stop() {
    broker.close();
  }

  private GrantVerifier verifier(HttpJwksSource source) {
    return GrantVerifier.builder()
        .trustedIssuer(LocalBroker.ISSUER, source)
        .audience(AgencyId.of("NHIS"))
        .withoutRevocationCheck()
        .withoutDpop()
        .clock(clock)
        .build();
  }

  private HttpJwksSource source() {
    return HttpJwksSource.builder(client, broker.uri("/jwks.json")).clock(clock).build();
  }

  private static GrantRequest request(String grant) {
    return GrantRequest.builder()
        .grant(grant)
        .method("GET")
        .url(URL)
        .item(ItemCode.of("nhis.qualification"))
        .build();
  }

  private static Reason rejection(GrantVerifier verifier, String grant) {
    InvalidGrantException e =
        catchThrowableOfType(InvalidGrantException.class, () -> verifier.verify(request(grant)));
    assertThat(e).as("expected the verifier to reject").isNotNull();
    return e.reason();
  }

  private String grant(SigningKeySet keys, String jti) {
    return LocalBroker.grant(keys, clock.instant(), jti);
  }

  @Test
  void aRetiredKeyIsRefusedWithinOneMaxAgeOfTheJwks() throws Exception {
    SigningKeySet old = SigningKeySet.generate(SigningAlgorithm.ES256);
    SigningKeySet rotated = old.rotate();
    broker.publishKeys(old, 120);
    GrantVerifier verifier = verifier(source());
    String oldGrant = grant(old, "old-1");
    verifier.verify(request(oldGrant));

    clock.advance(Duration.ofSeconds(40));
    broker.publishKeys(rotated, 120); // rotation: the new key signs, the old still verifies
    verifier.verify(request(grant(rotated, "new-1")));
    assertThat(broker.hits("/jwks.json")).as("one load on the new kid").isEqualTo(2);

    broker.publishKeys(rotated.retire(old.currentKeyId()), 120);
    clock.advance(Duration.ofSeconds(60));
    verifier.verify(request(oldGrant)); // within the max age of the last load
    clock.advance(Duration.ofSeconds(60));
    assertThat(rejection(verifier, oldGrant)).isEqualTo(Reason.UNKNOWN_KEY);
    assertThat(rejection(verifier, grant(old, "old-2"))).isEqualTo(Reason.UNKNOWN_KEY);
    verifier.verify(request(grant(rotated, "new-2")));
  }

  @Test
  void aKeyReplacedUnderItsKidIsPickedUpAndCachedGrantsAreCheckedAgain() throws Exception {
    SigningKeySet first = SigningKeySet.generate(SigningAlgorithm.ES256, "broker-1");
    SigningKeySet replacement = SigningKeySet.generate(SigningAlgorithm.ES256, "broker-1");
    broker.publishKeys(first, 60);
    GrantVerifier verifier = verifier(source());
    String firstGrant = grant(first, "first-1");
    verifier.verify(request(firstGrant)); // cached under the first key

    broker.publishKeys(replacement, 60);
    clock.advance(Duration.ofSeconds(60));
    verifier.verify(request(grant(replacement, "replacement-1")));
    assertThat(rejection(verifier, firstGrant))
        .as("the cached grant is verified again, against the replacement")
        .isEqualTo(Reason.BAD_SIGNATURE);
  }

  @Test
  void aKidPublishedAfterTheLastLoadIsAcceptedWithinTheMinimumInterval() throws Exception {
    SigningKeySet old = SigningKeySet.generate(SigningAlgorithm.ES256);
    SigningKeySet rotated = old.rotate();
    broker.publishKeys(old, -1); // no max-age: five minutes
    GrantVerifier verifier = verifier(source());
    verifier.verify(request(grant(old, "old-1")));

    clock.advance(Duration.ofSeconds(10));
    broker.publishKeys(rotated, -1);
    String newGrant = grant(rotated, "new-1");
    assertThat(rejection(verifier, newGrant))
        .as("10 s after the last load: rate-limited")
        .isEqualTo(Reason.UNKNOWN_KEY);
    assertThat(rejection(verifier, grant(rotated, "new-2"))).isEqualTo(Reason.UNKNOWN_KEY);
    assertThat(broker.hits("/jwks.json")).as("forged or new kids cost nothing more").isEqualTo(1);
    clock.advance(Duration.ofSeconds(20));
    assertThat(verifier.verify(request(newGrant)).consentId()).isNotNull();
    assertThat(broker.hits("/jwks.json")).isEqualTo(2);
  }

  @Test
  void theMaxAgeIsTakenWithinOneMinuteAndOneHour() {
    assertThat(HttpJwksSource.maxAge(-1)).isEqualTo(Duration.ofMinutes(5));
    assertThat(HttpJwksSource.maxAge(0)).isEqualTo(Duration.ofMinutes(1));
    assertThat(HttpJwksSource.maxAge(600)).isEqualTo(Duration.ofMinutes(10));
    assertThat(HttpJwksSource.maxAge(86_400)).isEqualTo(Duration.ofHours(1));
  }
}
