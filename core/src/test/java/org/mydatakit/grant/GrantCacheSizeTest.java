package org.mydatakit.grant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.mydatakit.keys.SigningAlgorithm;

/** The verifier's cache of verified grants is bounded by {@code grantCacheSize}. */
class GrantCacheSizeTest {
  private final GrantFixture f = new GrantFixture(SigningAlgorithm.ES256);

  @Test
  void aFullCacheForgetsAndTheNextPresentationVerifiesAgain() throws Exception {
    StrictGrantVerifier verifier =
        (StrictGrantVerifier) f.verifierBuilder().grantCacheSize(1).build();
    String first = f.tokenWith(c -> c.put("jti", "first"));
    String second = f.tokenWith(c -> c.put("jti", "second"));
    verifier.verify(f.request(first));
    verifier.verify(f.request(first));
    assertThat(verifier.envelopeChecks()).as("a hit").isEqualTo(1);
    verifier.verify(f.request(second)); // the cache is full of live grants: it starts again
    verifier.verify(f.request(first));
    assertThat(verifier.envelopeChecks()).as("the first grant was forgotten").isEqualTo(3);
  }

  @Test
  void aCacheWithRoomKeepsEveryGrant() throws Exception {
    StrictGrantVerifier verifier =
        (StrictGrantVerifier) f.verifierBuilder().grantCacheSize(2).build();
    String first = f.tokenWith(c -> c.put("jti", "first"));
    String second = f.tokenWith(c -> c.put("jti", "second"));
    verifier.verify(f.request(first));
    verifier.verify(f.request(second));
    verifier.verify(f.request(first));
    verifier.verify(f.request(second));
    assertThat(verifier.envelopeChecks()).isEqualTo(2);
  }

  @Test
  void theSizeRangeIsZeroToTenMillionInclusive() {
    assertThat(f.verifierBuilder().grantCacheSize(0).build()).isNotNull();
    assertThat(f.verifierBuilder().grantCacheSize(10_000_000).build()).isNotNull();
    assertThatThrownBy(() -> f.verifierBuilder().grantCacheSize(-1).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("grant cache size: expected 0 to 10000000, got -1");
    assertThatThrownBy(() -> f.verifierBuilder().grantCacheSize(10_000_001).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("grant cache size: expected 0 to 10000000, got 10000001");
  }
}
