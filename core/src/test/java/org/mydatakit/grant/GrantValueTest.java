package org.mydatakit.grant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.mydatakit.consent.AgencyId;
import org.mydatakit.consent.ConsentId;

/** {@code Grant.of}: a remote broker's answer, checked for shape only, never shown in toString. */
class GrantValueTest {
  private static final Instant T = Instant.parse("2026-11-27T03:00:00Z");
  private static final ConsentId CID = ConsentId.generate(T);

  @Test
  void aWellFormedGrantIsKeptAsGiven() {
    Grant g = Grant.of("a.b.c", "-grantId_1", CID, AgencyId.of("NHIS"), T, T.plusSeconds(300));
    assertThat(g.token()).isEqualTo("a.b.c");
    assertThat(g.isUsableAt(T.plusSeconds(200), Duration.ofSeconds(30))).isTrue();
    assertThat(g.isUsableAt(T.plusSeconds(280), Duration.ofSeconds(30))).isFalse();
    assertThat(g.toString()).doesNotContain("a.b.c");
  }

  @Test
  void malformedPartsAreRefused() {
    AgencyId nhis = AgencyId.of("NHIS");
    assertThatThrownBy(() -> Grant.of(null, "g", CID, nhis, T, T.plusSeconds(1)))
        .hasMessageContaining("token");
    assertThatThrownBy(() -> Grant.of("a.b.c", "g id", CID, nhis, T, T.plusSeconds(1)))
        .hasMessageContaining("grant id");
    assertThatThrownBy(() -> Grant.of("a.b.c", "g", CID, nhis, T, T))
        .hasMessageContaining("expiresAt after issuedAt");
  }
}
