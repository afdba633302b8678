package org.mydatakit.store.jdbc;

import java.net.URI;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.mydatakit.broker.Agency;
import org.mydatakit.broker.AgencyExistsException;
import org.mydatakit.broker.AgencyNotFoundException;
import org.mydatakit.broker.AgencyRegistry;
import org.mydatakit.broker.ConsentStoreException;
import org.mydatakit.consent.AgencyId;
import org.mydatakit.consent.ItemCode;
import org.mydatakit.internal.Checks;
import org.mydatakit.keys.VerificationKeySet;
import org.mydatakit.store.jdbc.internal.Transactions;

/**
 * A durable {@link AgencyRegistry} over JDBC (H2 or PostgreSQL), in the table {@code
 * mydatakit_agency} of a consent store's database: {@link JdbcConsentStore#migrate()} creates it
 * (migration V8), so give both the same {@link DataSource}.
 *
 * <pre>{@code
 * DataSource db = Databases.h2File(Path.of(".mydatakit/broker"));
 * JdbcConsentStore.builder(db).build().migrate();   // creates or upgrades the schema
 * AgencyRegistry registry = JdbcAgencyRegistry.of(db);
 * }</pre>
 *
 * <p>Each operation is one transaction. The id is the table's primary key, so of two concurrent
 * registrations of one id, on one node or several, the database lets exactly one commit; the other
 * gets an {@link AgencyExistsException}. Thread-safe; statements time out after 10 s, and a
 * database that cannot be reached surfaces as {@link
 * org.mydatakit.broker.ConsentStoreUnavailableException}.
 */
public final class JdbcAgencyRegistry implements AgencyRegistry {
  private static final String UNIQUE_VIOLATION = "23505";
  private static final String COLUMNS =
      "agency_id, name, roles, jwks_uri, jwks, allowed_items, purposes, event_endpoint, status";

  private final Transactions tx;

  private JdbcAgencyRegistry(DataSource dataSource) {
    this.tx = new Transactions(dataSource, 10);
  }

  /** A registry over {@code dataSource}, whose schema {@link JdbcConsentStore#migrate()} made. */
  public static JdbcAgencyRegistry of(DataSource dataSource) {
    return new JdbcAgencyRegistry(Checks.notNull("data source", dataSource));
  }

  @Override
  public void register(Agency agency) {
    Checks.notNull("agency", agency);
    try {
      tx.run(
          "register agency",
          c -> {
            try (PreparedStatement insert =
                tx.prepare(
                    c,
                    "INSERT INTO mydatakit_agency ("
                        + COLUMNS
                        + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
              bind(insert, agency);
              return insert.executeUpdate();
            }
          });
    } catch (ConsentStoreException e) {
      if (e.getCause() instanceof SQLException sql && UNIQUE_VIOLATION.equals(sql.getSQLState())) {
        throw new AgencyExistsException(agency.id());
      }
      throw e;
    }
  }

  @Override
  public void update(Agency agency) {
    Checks.notNull("agency", agency);
    tx.run(
        "update agency",
        c -> {
          try (PreparedStatement update =
              tx.prepare(
                  c,
                  "UPDATE mydatakit_agency SET name = ?, roles = ?, jwks_uri = ?, jwks = ?,"
                      + " allowed_items = ?, purposes = ?, event_endpoint = ?, status = ?"
                      + " WHERE agency_id = ?")) {
            bindValues(update, 1, agency);
            update.setString(9, agency.id().value());
            if (update.executeUpdate() == 0) {
              throw new AgencyNotFoundException("update", agency.id());
            }
            return null;
          }
        });
  }

  @Override
  public Optional<Agency> find(AgencyId id) {
    Checks.notNull("agency id", id);
    return Optional.ofNullable(tx.read("find agency", c -> select(c, id)));
  }

  @Override
  public List<Agency> list() {
    return tx.read(
        "list agencies",
        c -> {
          try (PreparedStatement select =
                  tx.prepare(c, "SELECT " + COLUMNS + " FROM mydatakit_agency ORDER BY agency_id");
              ResultSet rs = select.executeQuery()) {
            List<Agency> all = new ArrayList<>();
            while (rs.next()) {
              all.add(agency(rs));
            }
            // the database's collation may differ from the ids' own (String) order
            all.sort((a, b) -> a.id().compareTo(b.id()));
            return List.copyOf(all);
          }
        });
  }

  @Override
  public Agency setStatus(AgencyId id, Agency.Status status) {
    Checks.notNull("agency id", id);
    Checks.notNull("agency status", status);
    return tx.run(
        "set agency status",
        c -> {
          try (PreparedStatement update =
              tx.prepare(c, "UPDATE mydatakit_agency SET status = ? WHERE agency_id = ?")) {
            update.setString(1, status.name());
            update.setString(2, id.value());
            if (update.executeUpdate() == 0) {
              throw new AgencyNotFoundException("set the status of", id);
            }
          }
          return select(c, id); // the row is locked by the update until commit
        });
  }

  private Agency select(Connection c, AgencyId id) throws SQLException {
    try (PreparedStatement select =
        tx.prepare(c, "SELECT " + COLUMNS + " FROM mydatakit_agency WHERE agency_id = ?")) {
      select.setString(1, id.value());
      try (ResultSet rs = select.executeQuery()) {
        return rs.next() ? agency(rs) : null;
      }
    }
  }

  private static void bind(PreparedStatement s, Agency a) throws SQLException {
    s.setString(1, a.id().value());
    bindValues(s, 2, a);
  }

  /** Binds every column but the id, from parameter {@code from} on, in the order of COLUMNS. */
  private static void bindValues(PreparedStatement s, int from, Agency a) throws SQLException {
    s.setString(from, a.name());
    s.setString(from + 1, join(a.roles().stream().map(Enum::name).toList()));
    setNullable(s, from + 2, a.jwksUri().map(URI::toString).orElse(null));
    setNullable(s, from + 3, a.jwks().map(VerificationKeySet::toJson).orElse(null));
    s.setString(from + 4, join(a.allowedItems().stream().map(ItemCode::value).toList()));
    s.setString(from + 5, join(a.purposes()));
    setNullable(s, from + 6, a.eventEndpoint().map(URI::toString).orElse(null));
    s.setString(from + 7, a.status().name());
  }

  private static void setNullable(PreparedStatement s, int index, String value)
      throws SQLException {
    if (value == null) {
      s.setNull(index, Types.VARCHAR);
    } else {
      s.setString(index, value);
    }
  }

  private static Agency agency(ResultSet rs) throws SQLException {
    Agency.Builder b =
        Agency.builder(AgencyId.of(rs.getString("agency_id")))
            .name(rs.getString("name"))
            .status(Agency.Status.valueOf(rs.getString("status")));
    split(rs.getString("roles")).forEach(r -> b.role(Agency.Role.valueOf(r)));
    String jwksUri = rs.getString("jwks_uri");
    if (jwksUri != null) {
      b.jwksUri(URI.create(jwksUri));
    }
    String jwks = rs.getString("jwks");
    if (jwks != null) {
      b.jwks(VerificationKeySet.parse(jwks));
    }
    split(rs.getString("allowed_items")).forEach(i -> b.allowedItem(ItemCode.of(i)));
    split(rs.getString("purposes")).forEach(b::purpose);
    String eventEndpoint = rs.getString("event_endpoint");
    if (eventEndpoint != null) {
      b.eventEndpoint(URI.create(eventEndpoint));
    }
    return b.build();
  }

  private static String join(Collection<String> codes) {
    return codes.stream().collect(Collectors.joining(" "));
  }

  private static List<String> split(String codes) {
    return codes.isEmpty() ? List.of() : Arrays.asList(codes.split(" "));
  }

  @Override
  public String toString() {
    return "JdbcAgencyRegistry";
  }
}
