package org.mydatakit.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.StringReader;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** JSON lines round-trip exactly; anything else is rejected with a message that quotes nothing. */
class AuditJsonTest {
  private static final AuditEntry FIRST =
      AuditEntry.first(
          AuditEvent.of(
              AuditFixtures.START,
              AuditEventType.APPROVED,
              AuditFixtures.CONSENT,
              "citizen",
              Map.of("statusIndex", "42")));
  private static final String LINE = AuditJson.line(FIRST);

  @Test
  void aLineIsTheCanonicalEncodingPlusTheHash() {
    assertThat(LINE)
        .isEqualTo(
            "{\"seq\":1,\"at\":\"2026-01-01T00:00:00Z\",\"type\":\"APPROVED\","
                + "\"consent\":\"019b76d1-8040-7c4e-9a2b-5d6f8e1a3c70\",\"actor\":\"citizen\","
                + "\"details\":{\"statusIndex\":\"42\"},\"prev\":\""
                + AuditEntry.GENESIS
                + "\",\"hash\":\""
                + FIRST.hash()
                + "\"}");
    assertThat(AuditJson.parseLine(LINE)).isEqualTo(FIRST);
  }

  @Test
  void tenThousandEntriesRoundTrip() throws Exception {
    List<AuditEntry> chain = AuditFixtures.chain(10_000);
    StringWriter out = new StringWriter();
    AuditJson.write(chain, out);
    assertThat(out.toString()).endsWith("}\n");
    try (Stream<AuditEntry> read =
        AuditJson.read(new BufferedReader(new StringReader(out.toString())))) {
      List<AuditEntry> back = read.toList();
      assertThat(back).isEqualTo(chain);
      assertThat(AuditChain.verify(back).entries()).isEqualTo(10_000);
    }
  }

  @Test
  void readingIsLazy() {
    String text = LINE + "\n" + AuditJson.line(FIRST.next(FIRST.event())) + "\n{garbage\n";
    try (Stream<AuditEntry> read = AuditJson.read(new BufferedReader(new StringReader(text)))) {
      assertThat(read.limit(2)).hasSize(2);
    }
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "unknown field | ,\"hash\" | ,\"secretx\":\"VALUE-1\",\"hash\" | sequence 1: unknown field 'secretx'",
        "duplicate key | ,\"hash\" | ,\"actor\":\"VALUE-1\",\"hash\" | expected one json object, got a duplicate key",
        "trailing garbage | } | }VALUE-1 | expected one json object, got data after the object",
        "second object | } | }{\"a\":\"VALUE-1\"} | expected one json object, got data after the object",
        "not json | {\"seq\" | {VALUE-1\"seq\" | expected one json object, got malformed json",
        "bad hash format | \"hash\":\" | \"hash\":\"VALUE-1 | sequence 1: audit hash: expected 64 lower-case hex digits",
        "upper-case prev | \"prev\":\"0 | \"prev\":\"A | sequence 1: audit previous hash: expected 64 lower-case hex digits",
        "number for string | \"actor\":\"citizen\" | \"actor\":1 | sequence 1: actor: expected a string",
        "string for number | \"seq\":1 | \"seq\":\"1\" | audit line: seq: expected an integer >= 1",
        "seq zero | \"seq\":1 | \"seq\":0 | audit line: seq: expected an integer >= 1",
        "float seq | \"seq\":1 | \"seq\":1.0 | audit line: seq: expected an integer >= 1",
        "missing field | \"actor\":\"citizen\", | '' | sequence 1: actor: expected a value, got none",
        "offset instant | 00:00Z | 00:00+00:00 | sequence 1: at: expected an ISO-8601 UTC instant",
        "padded millis | 00:00Z | 00:00.000Z | sequence 1: at: expected an ISO-8601 UTC instant",
        "unknown type | APPROVED | VALUE-1 | sequence 1: type: expected an audit event type",
        "bad consent | 019b76d1-8040 | 019B76D1-8040 | sequence 1: consent id: expected a lower-case",
        "nested details | {\"statusIndex\":\"42\"} | {\"statusIndex\":{\"a\":\"VALUE-1\"}} | sequence 1: details: expected string values",
        "bad actor | citizen | VALUE-1 | sequence 1: audit actor: expected a role",
      })
  void malformedLinesAreRejectedNamingTheFieldNeverTheValue(
      String what, String find, String replace, String message) {
    int at = LINE.lastIndexOf(find);
    String line = LINE.substring(0, at) + replace + LINE.substring(at + find.length());
    assertThat(line).as(what).isNotEqualTo(LINE);
    assertThatThrownBy(() -> AuditJson.parseLine(line))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(message)
        .message()
        .doesNotContain("VALUE-1");
  }

  @Test
  void emptyAndOverlongLinesAreRejected() {
    assertThatThrownBy(() -> AuditJson.parseLine(""))
        .hasMessage("audit line: expected one json object");
    assertThatThrownBy(() -> AuditJson.parseLine("[]"))
        .hasMessage("audit line: expected one json object");
    assertThatThrownBy(() -> AuditJson.parseLine(" ".repeat(20_000)))
        .hasMessageContaining("expected at most 16384 characters");
  }
}
