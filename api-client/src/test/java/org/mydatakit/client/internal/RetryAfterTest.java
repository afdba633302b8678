package org.mydatakit.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The one {@code Retry-After} reader: delta-seconds, HTTP dates, and everything else. */
class RetryAfterTest {
  private static final Instant NOW = Instant.parse("2026-11-27T03:00:00Z");

  private static String httpDate(Instant at) {
    return DateTimeFormatter.RFC_1123_DATE_TIME.format(at.atOffset(ZoneOffset.UTC));
  }

  @Test
  void deltaSecondsAreAWaitFromNow() {
    assertThat(RetryAfter.parse("0", NOW)).isEqualTo(Duration.ZERO);
    assertThat(RetryAfter.parse("1", NOW)).isEqualTo(Duration.ofSeconds(1));
    assertThat(RetryAfter.parse("120", NOW)).isEqualTo(Duration.ofSeconds(120));
    assertThat(RetryAfter.parse(" 7 ", NOW))
        .as("surrounding space")
        .isEqualTo(Duration.ofSeconds(7));
    assertThat(RetryAfter.parse("007", NOW)).isEqualTo(Duration.ofSeconds(7));
    assertThat(RetryAfter.parse("999999999", NOW)).isEqualTo(Duration.ofSeconds(999_999_999));
  }

  @Test
  void anHttpDateIsTheWaitUntilThen() {
    assertThat(RetryAfter.parse(httpDate(NOW.plusSeconds(90)), NOW))
        .isEqualTo(Duration.ofSeconds(90));
    assertThat(RetryAfter.parse("Fri, 27 Nov 2026 03:00:30 GMT", NOW))
        .isEqualTo(Duration.ofSeconds(30));
    assertThat(RetryAfter.parse("Fri, 27 Nov 2026 12:00:30 +0900", NOW))
        .as("an offset other than GMT")
        .isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void anHttpDateInThePastOrNowMeansAtOnce() {
    assertThat(RetryAfter.parse(httpDate(NOW), NOW)).isEqualTo(Duration.ZERO);
    assertThat(RetryAfter.parse(httpDate(NOW.minusSeconds(3600)), NOW)).isEqualTo(Duration.ZERO);
    assertThat(RetryAfter.parse("Sun, 06 Nov 1994 08:49:37 GMT", NOW)).isEqualTo(Duration.ZERO);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "9999999999",
        "18446744073709551616",
        "99999999999999999999999999999999999999999999999999999999999999999999"
      })
  void hugeDeltaSecondsAreTheLongestWaitNotUnreadable(String header) {
    assertThat(RetryAfter.parse(header, NOW)).isEqualTo(RetryAfter.LONGEST);
  }

  @Test
  void aDateFarAheadIsTheLongestWait() {
    assertThat(RetryAfter.parse("Fri, 31 Dec 9999 23:59:59 GMT", NOW))
        .isEqualTo(RetryAfter.LONGEST);
  }

  @ParameterizedTest
  @NullSource
  @ValueSource(
      strings = {
        "",
        "   ",
        "-1",
        "-120",
        "+5",
        "1.5",
        "5s",
        "0x10",
        "soon",
        "١٢",
        "Fri, 27 Nov 2026 03:00:30",
        "2026-11-27T03:00:30Z",
        "Friday, 27-Nov-26 03:00:30 GMT",
        "Fri Nov 27 03:00:30 2026",
        "Fri, 32 Nov 2026 03:00:30 GMT"
      })
  void garbageNegativeAndOtherFormsAreUnreadable(String header) {
    assertThat(RetryAfter.parse(header, NOW)).isNull();
  }
}
