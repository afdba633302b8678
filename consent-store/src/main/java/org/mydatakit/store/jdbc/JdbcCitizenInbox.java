package org.mydatakit.store.jdbc;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import javax.sql.DataSource;
import org.mydatakit.audit.AuditEventType;
import org.mydatakit.broker.CitizenNotice;
import org.mydatakit.broker.CitizenNotifier;
import org.mydatakit.consent.AgencyId;
import org.mydatakit.consent.ConsentId;
import org.mydatakit.consent.DataItem;
import org.mydatakit.consent.ItemCode;
import org.mydatakit.consent.SubjectId;
import org.mydatakit.internal.Checks;
import org.mydatakit.store.jdbc.internal.Transactions;

/**
 * A citizen's inbox in the store's database: a {@link CitizenNotifier} that keeps each notice, and
 * the notices of one citizen, newest first, for her page. The schema comes with {@link
 * JdbcConsentStore#migrate()}.
 *
 * <pre>{@code
 * JdbcCitizenInbox inbox = JdbcCitizenInbox.of(dataSource);
 * ConsentBroker broker = ConsentBroker.builder()...citizenNotifier(inbox).build();
 * List<CitizenNotice> latest = inbox.latest(brokerSubject, 20);
 * }</pre>
 */
public final class JdbcCitizenInbox implements CitizenNotifier {
  private final Transactions tx;

  private JdbcCitizenInbox(DataSource dataSource) {
    this.tx = new Transactions(dataSource, 10);
  }

  /** An inbox over {@code dataSource}, whose schema {@link JdbcConsentStore#migrate()} made. */
  public static JdbcCitizenInbox of(DataSource dataSource) {
    return new JdbcCitizenInbox(Checks.notNull("data source", dataSource));
  }

  /** Keeps the notice; a database failure is a {@code ConsentStoreException}. */
  @Override
  public void notify(CitizenNotice notice) {
    Checks.notNull("notice", notice);
    tx.run(
        "keep a citizen notice",
        c -> {
          try (PreparedStatement insert =
              tx.prepare(
                  c,
                  "INSERT INTO mydatakit_inbox (broker_subject, what, consent_id, consumer, items,"
                      + " at) VALUES (?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, notice.citizen().value());
            insert.setString(2, notice.what().name());
            insert.setString(3, notice.consentId().toString());
            insert.setString(4, notice.consumer().value());
            List<String> items = new ArrayList<>();
            for (DataItem item : notice.items()) {
              items.add(item.provider().value() + " " + item.code().value());
            }
            insert.setString(5, String.join("\n", items));
            insert.setString(6, notice.at().toString());
            return insert.executeUpdate();
          }
        });
  }

  /** Up to {@code limit} notices of the citizen {@code brokerSubject}, newest first. */
  public List<CitizenNotice> latest(SubjectId brokerSubject, int limit) {
    Checks.notNull("broker subject", brokerSubject);
    return tx.read(
        "read citizen notices",
        c -> {
          List<CitizenNotice> notices = new ArrayList<>();
          try (PreparedStatement select =
              tx.prepare(
                  c,
                  "SELECT what, consent_id, consumer, items, at FROM mydatakit_inbox WHERE"
                      + " broker_subject = ? ORDER BY seq DESC LIMIT ?")) {
            select.setString(1, brokerSubject.value());
            select.setInt(2, limit);
            try (ResultSet rs = select.executeQuery()) {
              while (rs.next()) {
                SortedSet<DataItem> items = new TreeSet<>();
                SortedSet<AgencyId> providers = new TreeSet<>();
                for (String line : rs.getString(4).split("\n")) {
                  if (!line.isEmpty()) {
                    String[] parts = line.split(" ", 2);
                    AgencyId provider = AgencyId.of(parts[0]);
                    providers.add(provider);
                    items.add(DataItem.of(provider, ItemCode.of(parts[1])));
                  }
                }
                notices.add(
                    new CitizenNotice(
                        brokerSubject,
                        AuditEventType.valueOf(rs.getString(1)),
                        ConsentId.parse(rs.getString(2)),
                        AgencyId.of(rs.getString(3)),
                        providers,
                        items,
                        Instant.parse(rs.getString(5))));
              }
            }
          }
          return notices;
        });
  }

  @Override
  public String toString() {
    return "JdbcCitizenInbox";
  }
}
