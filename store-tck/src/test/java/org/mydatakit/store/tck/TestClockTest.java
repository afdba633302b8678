package org.mydatakit.store.tck;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class TestClockTest {
  private static final Instant T = Instant.parse("2026-03-02T01:00:00Z");

  @Test
  void standsStillUntilMoved() {
    TestClock clock = TestClock.at(T);
    assertThat(clock.instant()).isEqualTo(T);
    assertThat(clock.millis()).isEqualTo(T.toEpochMilli());
    assertThat(clock.advance(Duration.ofSeconds(90))).isEqualTo(T.plusSeconds(90));
    assertThat(clock.instant()).isEqualTo(T.plusSeconds(90));
    clock.set(T.minusSeconds(1));
    assertThat(clock.instant()).isEqualTo(T.minusSeconds(1));
  }

  @Test
  void aClockInAnotherZoneMovesWithIt() {
    TestClock utc = TestClock.at(T);
    TestClock seoul = utc.withZone(ZoneId.of("Asia/Seoul"));
    assertThat(utc.getZone()).isEqualTo(java.time.ZoneOffset.UTC);
    assertThat(seoul.getZone()).isEqualTo(ZoneId.of("Asia/Seoul"));
    utc.advance(Duration.ofHours(1));
    assertThat(seoul.instant()).isEqualTo(T.plusSeconds(3600));
  }
}
