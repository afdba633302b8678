package org.mydatakit.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.TreeSet;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mydatakit.audit.AuditEventType;
import org.mydatakit.broker.CitizenNotice;
import org.mydatakit.consent.AgencyId;
import org.mydatakit.consent.ConsentId;
import org.mydatakit.consent.DataItem;
import org.mydatakit.consent.ItemCode;
import org.mydatakit.consent.SubjectId;

/** The citizen's inbox keeps each notice and reads hers back, newest first, and no one else's. */
class CitizenInboxTest {
  @TempDir Path dir;

  @Test
  void noticesAreKeptPerCitizenNewestFirst() {
    DataSource data = Databases.h2File(dir.resolve("broker"));
    JdbcConsentStore.builder(data).build().migrate();
    JdbcCitizenInbox inbox = JdbcCitizenInbox.of(data);
    SubjectId hong = SubjectId.parse("a".repeat(43));
    SubjectId kim = SubjectId.parse("b".repeat(43));
    AgencyId nhis = AgencyId.of("NHIS");
    DataItem item = DataItem.of(nhis, ItemCode.of("nhis.qualification"));
    ConsentId id = ConsentId.generate(Instant.parse("2026-03-02T01:00:00Z"));
    CitizenNotice approved =
        new CitizenNotice(
            hong,
            AuditEventType.APPROVED,
            id,
            AgencyId.of("KB-BANK"),
            new TreeSet<>(List.of(nhis)),
            new TreeSet<>(List.of(item)),
            Instant.parse("2026-03-02T01:00:00Z"));
    CitizenNotice delivered =
        new CitizenNotice(
            hong,
            AuditEventType.DATA_FETCHED,
            id,
            AgencyId.of("KB-BANK"),
            new TreeSet<>(List.of(nhis)),
            new TreeSet<>(List.of(item)),
            Instant.parse("2026-03-02T01:05:00Z"));
    inbox.notify(approved);
    inbox.notify(delivered);
    assertThat(inbox.latest(hong, 10)).containsExactly(delivered, approved);
    assertThat(inbox.latest(hong, 1)).containsExactly(delivered);
    assertThat(inbox.latest(kim, 10)).isEmpty();
  }
}
