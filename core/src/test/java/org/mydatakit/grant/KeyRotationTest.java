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

  /**
   * A source as the contract has it: {@link #current()} answers the held set; {@link #refresh()}
   * loads whatever the test set as {@code next} (counting calls); {@link #reload} is the source's
   * own scheduled reload of what the broker publishes.
   */
  static final class Source implements VerificationKeySource {
    final AtomicInteger refreshes = new AtomicInteger();
    volatile VerificationKeySet next;
    volatile VerificationKeySet held;

    Source(VerificationKeySet start) {
      this.held = start;
    }

    @Override
    public VerificationKeySet current() {
      return held;
    }

    @Override
    public Optional<VerificationKeySet> refresh() {
      refreshes.incrementAndGet();
      if (next != null) {
        held = next;
      }
      return Optional.ofNullable(next);
    }

    /** The max age passed: the source loads what the broker publishes now. */
    void reload(VerificationKeySet published) {
      held = published;
      next = published;
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

  @Test
  void aRetiredKeyStopsVerifyingOnceTheSourceReloadsEvenIfTokensKeepNamingIt() throws Exception {
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
    verifier.verify(byOld.request(oldToken, null));
    source.next = rotated.verificationKeys(); // the broker rotates: both keys published
    verifier.verify(byNew.request(byNew.token(), null));
    verifier.verify(byOld.request(byOld.tokenWith(c -> c.put("jti", "old-2")), null));
    // Later the broker retires the old key; no token names an unknown kid, only the source's own
    // scheduled reload can notice.
    source.reload(rotated.retire(old.currentKeyId()).verificationKeys());
    assertThat(GrantFixture.rejection(verifier, byOld.request(oldToken, null)))
        .as("a cached grant of the retired key")
        .isEqualTo(Reason.UNKNOWN_KEY);
    assertThat(
            GrantFixture.rejection(
                verifier, byOld.request(byOld.tokenWith(c -> c.put("jti", "old-3")), null)))
        .as("a new grant of the retired key")
        .isEqualTo(Reason.UNKNOWN_KEY);
  }

  @Test
  void aKeyReplacedUnderItsKidIsUsedAndGrantsCachedUnderTheOldOneAreCheckedAgain()
      throws Exception {
    SigningKeySet first = SigningKeySet.generate(SigningAlgorithm.ES256, "broker-1");
    SigningKeySet replacement = SigningKeySet.generate(SigningAlgorithm.ES256, "broker-1");
    Source source = new Source(first.verificationKeys());
    GrantFixture byFirst = new GrantFixture(SigningAlgorithm.ES256, first);
    GrantFixture byReplacement = new GrantFixture(SigningAlgorithm.ES256, replacement);
    GrantVerifier verifier =
        GrantVerifier.builder()
            .trustedIssuer(GrantFixture.ISSUER, source)
            .audience(GrantFixture.SELF)
            .withoutRevocationCheck()
            .withoutDpop()
            .clock(byFirst.clock)
            .build();
    String firstToken = byFirst.token();
    verifier.verify(byFirst.request(firstToken, null)); // cached under the first key
    String replacementToken = byReplacement.token();
    assertThat(GrantFixture.rejection(verifier, byReplacement.request(replacementToken, null)))
        .as("the kid is known, so no refresh: the signature does not match yet")
        .isEqualTo(Reason.BAD_SIGNATURE);
    source.reload(replacement.verificationKeys());
    assertThat(verifier.verify(byReplacement.request(replacementToken, null)).consentId())
        .as("the replacement is picked up")
        .isNotNull();
    assertThat(GrantFixture.rejection(verifier, byFirst.request(firstToken, null)))
        .as("the grant cached under the replaced key is checked again")
        .isEqualTo(Reason.BAD_SIGNATURE);
  }

  @Test
  void aCachedGrantIsNotVerifiedAgainWhenTheSourceReloadsTheSameKeys() throws Exception {
    SigningKeySet keys = SigningKeySet.generate(SigningAlgorithm.ES256);
    Source source = new Source(keys.verificationKeys());
    GrantFixture f = new GrantFixture(SigningAlgorithm.ES256, keys);
    StrictGrantVerifier verifier =
        (StrictGrantVerifier)
            GrantVerifier.builder()
                .trustedIssuer(GrantFixture.ISSUER, source)
                .audience(GrantFixture.SELF)
                .withoutRevocationCheck()
                .withoutDpop()
                .clock(f.clock)
                .build();
    String token = f.token();
    verifier.verify(f.request(token, null));
    source.reload(VerificationKeySet.parse(keys.verificationKeys().toJson()));
    verifier.verify(f.request(token, null));
    assertThat(verifier.envelopeChecks()).isEqualTo(1);
  }
}
