package org.mydatakit.status;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/** Any list survives sign, verify and decode exactly. */
class StatusListPropertiesTest {
  private static final StatusFixture F = new StatusFixture();
  private static final StatusListIssuer ISSUER = F.issuer();
  private static final StatusListVerifier VERIFIER = F.verifier();

  @Provide
  Arbitrary<List<TokenStatus>> statuses() {
    Arbitrary<TokenStatus> status =
        Arbitraries.frequency(
            Tuple.of(8, TokenStatus.VALID),
            Tuple.of(1, TokenStatus.INVALID),
            Tuple.of(1, TokenStatus.SUSPENDED));
    return status.list().ofMinSize(1).ofMaxSize(10_000);
  }

  @Property(tries = 200)
  void signVerifyDecodeRoundTripsExactly(@ForAll("statuses") List<TokenStatus> statuses)
      throws Exception {
    StatusList.Builder builder = StatusList.builder(statuses.size());
    for (int i = 0; i < statuses.size(); i++) {
      builder.set(i, statuses.get(i));
    }
    StatusList list = builder.build();

    StatusList decoded =
        VERIFIER.verify(ISSUER.sign(StatusFixture.URI_1, list), StatusFixture.URI_1).list();

    assertThat(decoded.size()).isEqualTo((statuses.size() + 3) / 4 * 4L);
    for (int i = 0; i < statuses.size(); i++) {
      assertThat(decoded.get(i)).isEqualTo(statuses.get(i));
    }
    for (long i = statuses.size(); i < decoded.size(); i++) {
      assertThat(decoded.get(i)).isEqualTo(TokenStatus.VALID);
    }
    assertThat(decoded.counts().get(TokenStatus.INVALID))
        .isEqualTo(list.counts().get(TokenStatus.INVALID));
    assertThat(decoded.counts().get(TokenStatus.SUSPENDED))
        .isEqualTo(list.counts().get(TokenStatus.SUSPENDED));
  }
}
