package org.mydatakit.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedWriter;
import java.io.StringWriter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The rules an event's details follow, when made and when read back from an export line: at most 16
 * entries, camelCase keys, identifier-like values. A line with a free-text value is refused.
 */
class AuditEventRulesTest {

  private static AuditEvent event(Map<String, String> details) {
    return AuditEvent.of(
        AuditFixtures.START, AuditEventType.APPROVED, AuditFixtures.CONSENT, "citizen", details);
  }

  private static Map<String, String> details(int n) {
    Map<String, String> details = new HashMap<>();
    for (int i = 0; i < n; i++) {
      details.put("key" + i, "v" + i);
    }
    return details;
  }

  @Test
  void sixteenDetailsAreTheMost() {
    assertThat(event(details(16)).details()).hasSize(16);
    assertThatThrownBy(() -> event(details(17)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("audit details: expected at most 16 entries");
  }

  @Test
  void detailKeysAreCamelCase() {
    for (String key : new String[] {"Provider", "tx-id", "", "k".repeat(33), "1st"}) {
      assertThatThrownBy(() -> event(Map.of(key, "v")))
          .as(key)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("audit details: expected camelCase keys");
    }
    assertThat(event(Map.of("k".repeat(32), "v")).details()).containsKey("k".repeat(32));
  }

  @Test
  void detailValuesAreIdentifierLike() {
    for (String value : new String[] {"two words", "a\nb", "x".repeat(201), "é"}) {
      assertThatThrownBy(() -> event(Map.of("reason", value)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("audit details reason: expected up to 200 identifier characters");
    }
    assertThat(event(Map.of("reason", "x".repeat(200))).details()).hasSize(1);
    assertThat(event(Map.of("reason", "")).details()).containsEntry("reason", "");
  }

  @Test
  void anExportLineWithAFreeTextDetailIsRefused() {
    String line = AuditJson.line(AuditEntry.first(event(Map.of("reason", "REASON-1"))));
    String edited = line.replace("REASON-1", "a secret reason");
    assertThatThrownBy(() -> AuditJson.parseLine(edited))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "audit line, sequence 1: audit details reason: expected up to 200 identifier"
                + " characters");
  }

  @Test
  void aLineOfExactlyTheMaximumLengthIsRead() {
    AuditEntry entry = AuditEntry.first(event(Map.of("reason", "REASON-1")));
    String line = AuditJson.line(entry);
    String padded = " ".repeat(AuditLines.MAX_LINE - line.length()) + line;
    assertThat(padded).hasSize(AuditLines.MAX_LINE);
    assertThat(AuditJson.parseLine(padded)).isEqualTo(entry);
    assertThatThrownBy(() -> AuditJson.parseLine(" " + padded))
        .hasMessage(
            "audit line: expected at most 16384 characters, got " + (AuditLines.MAX_LINE + 1));
  }

  @Test
  void writingFlushesWhatItWrote() throws Exception {
    StringWriter target = new StringWriter();
    BufferedWriter buffered = new BufferedWriter(target, 1 << 16);
    List<AuditEntry> chain = AuditFixtures.chain(2);
    AuditJson.write(chain, buffered);
    assertThat(target.toString())
        .isEqualTo(AuditJson.line(chain.get(0)) + "\n" + AuditJson.line(chain.get(1)) + "\n");
  }
}
