package org.mydatakit.grant;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.mydatakit.grant.InvalidGrantException.Reason;
import org.mydatakit.keys.SigningAlgorithm;
import org.mydatakit.keys.SigningKeySet;
import org.mydatakit.keys.VerificationKeySet;
import org.mydatakit.keys.VerificationKeySource;

/** A rotating key source: an unknown kid triggers one refresh, and only one per token. */
class KeyRotationTest {

  /** A source whose refresh returns whatever the test set, counting calls. */
  static final class Source implements VerificationKeySource {
    final AtomicInteger refreshes = new AtomicInteger();
    volatile VerificationKeySet next;
    final VerificationKeySet start;

    Source(VerificationKeySet start) {
      this.start = start;
    }

    @Override
    public VerificationKeySet current() {
      return start;
    }

    @Override
    public Optional<VerificationKeySet> refresh() {
      refreshes.incrementAndGet();
      return Optional.ofNullable(next);
    }
  }

  @Test
  void aRotatedKeyIsPickedUpByOneRefresh() throws Exception {
    SigningKeySet keys = SigningKeySet.generate(SigningAlgorithm.ES256);
    Source source = new Source(keys.verificationKeys());
    SigningKeySet rotated = keys.rotate();
    GrantFixture signedByNew = new GrantFixture(SigningAlgorithm.ES256, rotated);
    GrantVerifier verifier =
        GrantVerifier.builder()
            .trustedIssuer(GrantFixture.ISSUER, source)
            .audience(GrantFixture.SELF)
            .withoutRevocationCheck()
            .clock(signedByNew.clock)
            .build();
    String token = signedByNew.token();
    assertThat(GrantFixture.rejection(verifier, signedByNew.request(token)))
        .isEqualTo(Reason.UNKNOWN_KEY);
    assertThat(source.refreshes).hasValue(1);
    source.next = rotated.verificationKeys();
    assertThat(verifier.verify(signedByNew.request(token)).consentId()).isNotNull();
    assertThat(source.refreshes).hasValue(2);
    verifier.verify(signedByNew.request(signedByNew.tokenWith(c -> c.put("jti", "another"))));
    assertThat(source.refreshes).as("a known kid needs no refresh").hasValue(2);
  }

  @Test
  void aCachedGrantStopsVerifyingOnceItsKeyIsRetired() throws Exception {
    SigningKeySet old = SigningKeySet.generate(SigningAlgorithm.ES256);
    SigningKeySet rotated = old.rotate();
    Source source = new Source(old.verificationKeys());
    GrantFixture byOld = new GrantFixture(SigningAlgorithm.ES256, old);
    GrantFixture byNew = new GrantFixture(SigningAlgorithm.ES256, rotated);
    GrantVerifier verifier =
        GrantVerifier.builder()
            .trustedIssuer(GrantFixture.ISSUER, source)
            .audience(GrantFixture.SELF)
            .withoutRevocationCheck()
            .withoutDpop()
            .clock(byOld.clock)
            .build();
    String oldToken = byOld.token();
    verifier.verify(byOld.request(oldToken, null)); // now cached
    // The broker rotates and retires the old key; a new-key grant makes the verifier refresh.
    source.next = rotated.retire(old.currentKeyId()).verificationKeys();
    verifier.verify(byNew.request(byNew.token(), null));
    assertThat(GrantFixture.rejection(verifier, byOld.request(oldToken, null)))
        .as("the cache must not outlive the key")
        .isEqualTo(Reason.UNKNOWN_KEY);
  }

  @Test
  void aForgedKidCostsAtMostOneRefreshAndAFailingSourceFailsClosed() {
    SigningKeySet keys = SigningKeySet.generate(SigningAlgorithm.ES256);
    GrantFixture f = new GrantFixture(SigningAlgorithm.ES256, keys);
    VerificationKeySource broken =
        new VerificationKeySource() {
          @Override
          public VerificationKeySet current() {
            return keys.verificationKeys();
          }

          @Override
          public Optional<VerificationKeySet> refresh() {
            throw new IllegalStateException("jwks endpoint down");
          }
        };
    GrantVerifier verifier =
        GrantVerifier.builder()
            .trustedIssuer(GrantFixture.ISSUER, broken)
            .audience(GrantFixture.SELF)
            .withoutRevocationCheck()
            .clock(f.clock)
            .build();
    String forged =
        GrantFixture.signRaw(
            f.header().put("kid", "forged").toString(), f.claims().toString(), f.brokerKey);
    assertThat(GrantFixture.rejection(verifier, f.request(forged))).isEqualTo(Reason.UNKNOWN_KEY);
  }
}
