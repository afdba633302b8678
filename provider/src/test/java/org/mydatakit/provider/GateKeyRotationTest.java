package org.mydatakit.provider;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mydatakit.grant.InvalidGrantException.Reason;
import org.mydatakit.keys.SigningAlgorithm;
import org.mydatakit.keys.SigningKeySet;
import org.mydatakit.store.tck.TestClock;

/**
 * The gate itself, built as the README shows, while the broker rotates and then retires its key:
 * grants of the new key are admitted within the minimum refresh interval, grants of the retired key
 * are refused within one max-age of the JWKS even though they keep naming it.
 */
class GateKeyRotationTest {
  private final TestClock clock = TestClock.at(Instant.parse("2026-12-07T03:00:00Z"));
  private final GateFixture f = new GateFixture(clock);
  private final LocalBroker broker;

  GateKeyRotationTest() throws Exception {
    broker = new LocalBroker();
  }

  @AfterEach
  void stop() {
    broker.close();
  }

  @Test
  void theGateFollowsRotationAndRetirement() {
    SigningKeySet old = SigningKeySet.generate(SigningAlgorithm.ES256);
    SigningKeySet rotated = old.rotate();
    broker.publishKeys(old, 60);
    ProviderGate gate =
        ProviderGate.builder()
            .trustedIssuer(
                LocalBroker.ISSUER,
                HttpJwksSource.builder(new OkHttpClient(), broker.uri("/jwks.json"))
                    .clock(clock)
                    .build())
            .audience(GateFixture.SELF)
            .withoutRevocationCheck()
            .clock(clock)
            .build();
    assertThat(gate.admit(f.request(f.grantSignedBy(old)))).isInstanceOf(Admission.class);

    broker.publishKeys(rotated, 60); // the new key signs; the old one still verifies
    // a kid published right after a load waits for the minimum refresh interval (30 s)
    assertThat(((Refusal) gate.admit(f.request(f.grantSignedBy(rotated)))).grantReason())
        .contains(Reason.UNKNOWN_KEY);
    clock.advance(Duration.ofSeconds(31));
    assertThat(gate.admit(f.request(f.grantSignedBy(rotated)))).isInstanceOf(Admission.class);
    assertThat(gate.admit(f.request(f.grantSignedBy(old)))).isInstanceOf(Admission.class);

    broker.publishKeys(rotated.retire(old.currentKeyId()), 60);
    clock.advance(Duration.ofSeconds(61));
    Refusal retired = (Refusal) gate.admit(f.request(f.grantSignedBy(old)));
    assertThat(retired.status()).isEqualTo(401);
    assertThat(retired.grantReason()).contains(Reason.UNKNOWN_KEY);
    assertThat(gate.admit(f.request(f.grantSignedBy(rotated)))).isInstanceOf(Admission.class);
  }
}
