package org.mydatakit.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mydatakit.audit.AuditEntry;
import org.mydatakit.audit.AuditEvent;
import org.mydatakit.audit.AuditEventType;
import org.mydatakit.audit.LoggedEntry;
import org.mydatakit.consent.ConsentId;

/**
 * What the log's values print: never a salt, an entry's content, a proof file's extra data or a
 * private key — only positions, names and public hashes.
 */
class LogRedactionTest {
  private static final byte[] SALT = HexFormat.of().parseHex("5a".repeat(32));

  @Test
  void aLoggedEntryShowsItsSequenceOnly() {
    ConsentId consent = ConsentId.generate(Instant.parse("2026-12-07T00:00:00Z"));
    AuditEntry entry =
        AuditEntry.first(
            AuditEvent.of(
                Instant.parse("2026-12-07T00:00:00Z"),
                AuditEventType.REVOKED,
                consent,
                "citizen",
                Map.of("by", "CITIZEN")));
    LoggedEntry logged = new LoggedEntry(entry, SALT);
    assertThat(logged.toString())
        .isEqualTo("LoggedEntry[1]")
        .doesNotContain("5a5a")
        .doesNotContain(consent.toString());
    byte[] copy = logged.salt();
    copy[0] = 0;
    assertThat(logged.salt()[0])
        .as("the salt cannot be changed from outside")
        .isEqualTo((byte) 0x5a);

    String proof =
        TlogProof.of(logged.proofExtra(), 0, List.of(), "broker.example/log\n1\nAAAA\n\n— x y\n")
            .toString();
    assertThat(proof).doesNotContain(consent.toString()).doesNotContain("WlpaWlpa");
  }

  @Test
  void keysShowTheirNameAndIdNeverTheirPrivateHalf() {
    NoteSigner log = NoteSigner.generate("broker.example/log");
    NoteCosigner witness = NoteCosigner.generate("witness.example");
    assertThat(log.toString())
        .contains("broker.example/log")
        .doesNotContain("PRIVATE")
        .doesNotContain(log.privateKey());
    assertThat(witness.toString())
        .contains("witness.example")
        .doesNotContain("PRIVATE")
        .doesNotContain(witness.privateKey());
  }
}
