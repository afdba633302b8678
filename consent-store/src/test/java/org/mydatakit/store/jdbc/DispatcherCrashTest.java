package org.mydatakit.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.zaxxer.hikari.HikariDataSource;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcConnectionPool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mydatakit.broker.ConsentBroker;
import org.mydatakit.broker.ConsentRequest;
import org.mydatakit.broker.EventOutbox;
import org.mydatakit.consent.AgencyId;
import org.mydatakit.consent.Consent;
import org.mydatakit.consent.DataItem;
import org.mydatakit.consent.Delivery;
import org.mydatakit.consent.LegalBasis;
import org.mydatakit.consent.Purpose;
import org.mydatakit.consent.RevokedBy;
import org.mydatakit.dispatch.EventDispatcher;
import org.mydatakit.events.ConsentEventType;
import org.mydatakit.keys.SigningAlgorithm;
import org.mydatakit.keys.SigningKeySet;
import org.mydatakit.store.tck.StoreFixtures;

/**
 * A dispatcher killed (SIGKILL) in the middle of its deliveries loses no event. A broker writes
 * consent events; a child JVM ({@link CrashDispatcher}) dispatches them to a receiver in this JVM
 * ({@link HoldingReceiver}) that never answers, and is killed once it has its deliveries in flight
 * at every agency. A new dispatcher with a short lease then sends everything to the receiver, which
 * now acknowledges: every due event ends DELIVERED, the receiver saw each at least once, a
 * redelivery carries the same jti and the same SET (so a receiver that keeps the jtis it has seen
 * takes each once), and each agency got each consent's events in the outbox's order, every one only
 * after the one before it was acknowledged.
 */
class DispatcherCrashTest {
  private static final String ISSUER = "https://broker.example";
  private static final SigningKeySet KEYS = SigningKeySet.generate(SigningAlgorithm.ES256);
  private static final List<AgencyId> AGENCIES =
      List.of(StoreFixtures.KB_BANK, StoreFixtures.NHIS, StoreFixtures.NTS);
  private static final int CONSENTS = 8;

  @TempDir Path dir;

  @Test
  void h2FileDispatcherKilledMidDeliveryLosesNoEvent() throws Exception {
    Path file = dir.resolve("broker");
    inH2(
        file,
        (dataSource, store) -> {
          store.migrate();
          writeEvents(store);
        });
    try (HoldingReceiver receiver = receiver()) {
      long start = System.nanoTime();
      killMidDelivery(List.of("h2", file.toString(), receiver.base()), receiver);
      // H2 recovers the file the killed child had open
      inH2(file, (dataSource, store) -> redeliverAndCheck(dataSource, store, receiver, start));
    }
  }

  @Test
  void postgresDispatcherKilledMidDeliveryLosesNoEvent() throws Exception {
    String url = TestDatabases.postgresUrl();
    String schema = TestDatabases.newSchema();
    try (HikariDataSource pool = TestDatabases.pool(schema, 4);
        HoldingReceiver receiver = receiver()) {
      JdbcConsentStore store = JdbcConsentStore.builder(pool).build();
      store.migrate();
      writeEvents(store);
      long start = System.nanoTime();
      String childUrl = url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema;
      killMidDelivery(List.of("pg", childUrl, receiver.base()), receiver);
      redeliverAndCheck(pool, store, receiver, start);
    } finally {
      TestDatabases.dropSchema(schema);
    }
  }

  private static HoldingReceiver receiver() throws Exception {
    return new HoldingReceiver(KEYS.verificationKeys(), ISSUER, AGENCIES);
  }

  /**
   * Through a real broker: each consent approved (which also writes its end of retention, due in a
   * year), then some paused, resumed and revoked. Every agency receives every transition.
   */
  private static void writeEvents(JdbcConsentStore store) {
    ConsentBroker broker =
        ConsentBroker.builder()
            .store(store)
            .signingKeys(KEYS)
            .issuer(ISSUER)
            .pairwiseSubjects(StoreFixtures.SUBJECTS)
            .statusListUri(URI.create("https://broker.example/status/1"))
            .build();
    for (int i = 0; i < CONSENTS; i++) {
      Instant now = Instant.now();
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
      Consent consent = broker.request(request, StoreFixtures.citizen(i), "dispatch-" + i);
      broker.approve(consent.id(), StoreFixtures.citizen(i), StoreFixtures.evidence(now));
      switch (i % 4) {
        case 0 -> {
          broker.pause(consent.id());
          broker.resume(consent.id());
          broker.revoke(consent.id(), RevokedBy.CITIZEN, "changed my mind");
        }
        case 1 -> broker.revoke(consent.id(), RevokedBy.CONSUMER, "loan refused");
        case 2 -> broker.pause(consent.id());
        default -> {} // approved only
      }
    }
  }

  /**
   * Starts the child dispatcher, waits until the receiver holds its deliveries to every agency (as
   * many as it sends at once), and kills it.
   */
  private void killMidDelivery(List<String> args, HoldingReceiver receiver) throws Exception {
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC",
                "-cp",
                System.getProperty("java.class.path"),
                CrashDispatcher.class.getName()));
    command.addAll(args);
    Path output = dir.resolve("child.out");
    Process child =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(output.toFile())
            .start();
    try {
      int inFlight = AGENCIES.size() * CrashDispatcher.CONCURRENCY;
      if (!receiver.awaitHeld(inFlight, Duration.ofSeconds(60))) {
        fail(
            "the child dispatcher did not send "
                + inFlight
                + " events: alive="
                + child.isAlive()
                + "\n"
                + tail(output));
      }
      assertThat(child.isAlive()).as("the child is still delivering").isTrue();
      child.destroyForcibly(); // SIGKILL on Linux
      assertThat(child.waitFor(30, TimeUnit.SECONDS)).as("killed child exits").isTrue();
      assertThat(receiver.arrivals())
          .as("the child's deliveries in flight when it was killed")
          .hasSize(inFlight)
          .noneMatch(HoldingReceiver.Arrival::answered);
    } finally {
      if (child.isAlive()) {
        child.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
      }
    }
  }

  /** A new dispatcher, a short lease and a receiver that answers: everything arrives, in order. */
  private static void redeliverAndCheck(
      DataSource dataSource, JdbcConsentStore store, HoldingReceiver receiver, long start)
      throws Exception {
    receiver.answer();
    Map<String, Deliveries.Row> due = new LinkedHashMap<>();
    List<Deliveries.Row> later = new ArrayList<>();
    long now = Instant.now().toEpochMilli();
    for (Deliveries.Row row : Deliveries.rows(dataSource)) {
      if (row.notBeforeMs() <= now) {
        due.put(row.jti(), row);
      } else {
        later.add(row);
      }
    }
    EventDispatcher dispatcher =
        EventDispatcher.builder(store.events(), CrashDispatcher.endpoints(receiver.base()))
            .lease(Duration.ofSeconds(2))
            .timeout(Duration.ofSeconds(1))
            .backoff(Duration.ofMillis(100), Duration.ofSeconds(1))
            .pollInterval(Duration.ofMillis(20))
            .build();
    dispatcher.start();
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(25);
      while (store.events().countByState().get(EventOutbox.State.DELIVERED) < due.size()
          && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
    } finally {
      dispatcher.close();
    }

    List<HoldingReceiver.Arrival> arrivals = receiver.arrivals();
    Deliveries.assertEachDueEventDeliveredInOrder(
        due, later, Deliveries.rows(dataSource), arrivals, receiver.refused());
    assertThat(later)
        .as("events not yet due")
        .hasSize(CONSENTS)
        .allMatch(r -> r.type() == ConsentEventType.RETENTION_ENDED);
    long held = arrivals.stream().filter(a -> !a.answered()).count();
    System.out.printf(
        "DispatcherCrashTest: %d due events (%d consents, %d agencies), %d in flight when the"
            + " dispatcher was killed, %d requests in all, every event delivered in order in %d"
            + " ms%n",
        due.size(),
        CONSENTS,
        AGENCIES.size(),
        held,
        arrivals.size(),
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
  }

  /** What runs on the H2 file while no child has it open. */
  @FunctionalInterface
  private interface OnH2 {
    void run(DataSource dataSource, JdbcConsentStore store) throws Exception;
  }

  /** Opens the H2 file only while no child runs, and closes it again (H2 locks the file). */
  private static void inH2(Path file, OnH2 action) throws Exception {
    DataSource dataSource = Databases.h2File(file);
    try {
      action.run(dataSource, JdbcConsentStore.builder(dataSource).build());
    } finally {
      ((JdbcConnectionPool) dataSource).dispose();
    }
  }

  private static String tail(Path file) throws Exception {
    if (!Files.exists(file)) {
      return "(no output)";
    }
    String text = Files.readString(file, StandardCharsets.UTF_8);
    return text.length() <= 4000 ? text : text.substring(text.length() - 4000);
  }
}
