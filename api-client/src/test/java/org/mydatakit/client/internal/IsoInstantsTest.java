package org.mydatakit.client.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The fast path answers exactly as {@link Instant#parse}: the same instant or the same refusal. */
class IsoInstantsTest {

  private static void sameAsInstantParse(String text) {
    Instant expected;
    try {
      expected = Instant.parse(text);
    } catch (DateTimeParseException e) {
      assertThatThrownBy(() -> IsoInstants.parse(text))
          .as(text)
          .isInstanceOf(DateTimeParseException.class);
      return;
    }
    assertThat(IsoInstants.parse(text)).as(text).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "2026-03-02T01:00:00Z",
        "2026-03-02T01:00:00.5Z",
        "2026-03-02T01:00:00.123456789Z",
        "2026-03-02T01:00:00.1234567891Z",
        "2026-03-02T01:00:00.Z",
        "2026-03-02T01:00:00,5Z",
        "2026-03-02t01:00:00z",
        "2026-03-02T01:00:00+09:00",
        "2026-03-02T01:00Z",
        "2026-02-29T00:00:00Z",
        "2024-02-29T00:00:00Z",
        "2026-02-30T00:00:00Z",
        "2026-13-01T00:00:00Z",
        "2026-00-01T00:00:00Z",
        "2026-03-02T24:00:00Z",
        "2026-03-02T23:59:60Z",
        "2026-03-02T23:60:00Z",
        "0000-01-01T00:00:00Z",
        "+12026-03-02T01:00:00Z",
        "2026-03-02 01:00:00Z",
        "2026-3-02T01:00:00Z",
        "２０２６-03-02T01:00:00Z",
        "2026-03-02T01:00:00",
        "",
        "Z"
      })
  void edgeCasesAnswerAsInstantParse(String text) {
    sameAsInstantParse(text);
  }

  @Test
  void randomTimestampsAnswerAsInstantParse() {
    Random random = new Random(20261127);
    String digits = "0123456789";
    for (int i = 0; i < 20_000; i++) {
      StringBuilder s =
          new StringBuilder(
              String.format(
                  "%04d-%02d-%02dT%02d:%02d:%02d",
                  random.nextInt(10_000),
                  random.nextInt(14),
                  random.nextInt(33),
                  random.nextInt(26),
                  random.nextInt(62),
                  random.nextInt(62)));
      int fraction = random.nextInt(12) - 1;
      if (fraction >= 0) {
        s.append('.');
        for (int d = 0; d < fraction; d++) {
          s.append(digits.charAt(random.nextInt(10)));
        }
      }
      s.append('Z');
      sameAsInstantParse(s.toString());
    }
  }
}
