package org.mydatakit.store.jdbc;

import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import javax.sql.DataSource;
import org.mydatakit.broker.ConsentBroker;
import org.mydatakit.broker.ConsentRequest;
import org.mydatakit.broker.FetchOutcome;
import org.mydatakit.consent.Consent;
import org.mydatakit.consent.DataItem;
import org.mydatakit.consent.Delivery;
import org.mydatakit.consent.LegalBasis;
import org.mydatakit.consent.Purpose;
import org.mydatakit.grant.DpopKey;
import org.mydatakit.grant.Grant;
import org.mydatakit.keys.SigningKeySet;
import org.mydatakit.store.tck.StoreFixtures;

/**
 * The child process of {@link CrashTest}: writes through a broker on a {@link JdbcConsentStore}
 * until it is killed, printing one {@code ACK} line on stdout after each operation returned.
 *
 * <p>Arguments: {@code h2 <file>} or {@code pg <jdbc url>}, the private JWKS file, and a run number
 * that keeps citizens and idempotency keys apart between runs. Prints {@code READY} once the store
 * and broker are built (the parent migrated the schema before the first run), then loops: request
 * (a new citizen each time), approve, issue a grant for NHIS, record a fetch with it.
 *
 * <pre>
 * ACK request &lt;consentId&gt;
 * ACK approve &lt;consentId&gt;
 * ACK grant &lt;consentId&gt; &lt;grantId&gt;
 * ACK fetch &lt;consentId&gt; &lt;grantId&gt;
 * </pre>
 */
public final class CrashWriter {
  private CrashWriter() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 4) {
      System.err.println("usage: CrashWriter h2|pg|warmup <file|url> <jwks file> <run>");
      System.exit(2);
    }
    boolean warmup = "warmup".equals(args[0]);
    DataSource dataSource =
        switch (args[0]) {
          case "h2" -> Databases.h2File(Path.of(args[1]));
          case "pg" -> Databases.fromUrl(args[1]);
          case "warmup" -> Databases.fromUrl("jdbc:h2:mem:crash-warmup;DB_CLOSE_DELAY=-1");
          default -> throw new IllegalArgumentException("expected h2, pg or warmup");
        };
    SigningKeySet keys =
        SigningKeySet.parse(Files.readString(Path.of(args[2]), StandardCharsets.UTF_8));
    int run = Integer.parseInt(args[3]);
    JdbcConsentStore store = JdbcConsentStore.builder(dataSource).build();
    if (warmup) {
      // One pass on a throwaway database loads the classes the real runs need, for a class-data
      // archive that makes the fifty starts quicker (see CrashTest).
      store.migrate();
      Class.forName("org.postgresql.Driver");
    }
    Clock clock = Clock.systemUTC();
    ConsentBroker broker =
        ConsentBroker.builder()
            .store(store)
            .signingKeys(keys)
            .issuer("https://broker.example")
            .pairwiseSubjects(StoreFixtures.SUBJECTS)
            .statusListUri(URI.create("https://broker.example/status/1"))
            .checkpointEvery(25)
            .clock(clock)
            .build();
    String jkt = DpopKey.generate().thumbprint();
    PrintStream out = System.out;
    out.println("READY");
    out.flush();
    for (int i = 0; ; i++) {
      int citizen = run * 100_000 + i;
      Instant now = clock.instant();
      ConsentRequest request =
          ConsentRequest.builder()
              .consumer(StoreFixtures.KB_BANK)
              .item(DataItem.of(StoreFixtures.NHIS, StoreFixtures.QUALIFICATION))
              .item(DataItem.of(StoreFixtures.NTS, StoreFixtures.INCOME))
              .purpose(new Purpose("loan-screening", "대출 심사", LegalBasis.PIPA_35_2))
              .delivery(Delivery.oneTime())
              .validity(now, now.plus(Duration.ofDays(90)))
              .retention(Period.ofYears(1))
              .build();
      Consent requested =
          broker.request(request, StoreFixtures.citizen(citizen), "crash-" + run + "-" + i);
      ack(out, "request " + requested.id());
      broker.approve(
          requested.id(), StoreFixtures.citizen(citizen), StoreFixtures.evidence(clock.instant()));
      ack(out, "approve " + requested.id());
      Grant grant = broker.issueGrant(requested.id(), StoreFixtures.NHIS, jkt);
      ack(out, "grant " + requested.id() + " " + grant.grantId());
      broker.recordFetch(
          grant.grantId(),
          StoreFixtures.NHIS,
          requested.itemsAt(StoreFixtures.NHIS),
          "tx-" + run + "-" + i,
          FetchOutcome.DELIVERED);
      ack(out, "fetch " + requested.id() + " " + grant.grantId());
      if (warmup) {
        return;
      }
    }
  }

  private static void ack(PrintStream out, String what) {
    out.println("ACK " + what);
    out.flush();
  }
}
