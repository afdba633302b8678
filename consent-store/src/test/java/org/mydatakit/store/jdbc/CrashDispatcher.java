package org.mydatakit.store.jdbc;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import javax.sql.DataSource;
import org.mydatakit.dispatch.EventDispatcher;
import org.mydatakit.dispatch.EventEndpoints;
import org.mydatakit.store.tck.StoreFixtures;

/**
 * The child process of {@link DispatcherCrashTest}: runs an {@link EventDispatcher} over a {@link
 * JdbcConsentStore} until it is killed.
 *
 * <p>Arguments: {@code h2 <file>} or {@code pg <jdbc url>} (a store the parent migrated and
 * filled), and the base URL of the parent's receiver; each agency's endpoint is that base followed
 * by the agency's id. Prints {@code READY} once the dispatcher runs. Its lease (4 s) is longer than
 * its request timeout (3 s), which is far longer than the parent takes to kill it once the requests
 * arrive: it dies with its deliveries in flight and its claims leased.
 */
public final class CrashDispatcher {
  /** The child's lease: how long after its claims another dispatcher may send the events again. */
  static final Duration LEASE = Duration.ofSeconds(4);

  /** Deliveries in flight per agency: the receiver holds this many per agency before the kill. */
  static final int CONCURRENCY = 2;

  private CrashDispatcher() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 3) {
      System.err.println("usage: CrashDispatcher h2|pg <file|url> <receiver base url>");
      System.exit(2);
    }
    DataSource dataSource =
        switch (args[0]) {
          case "h2" -> Databases.h2File(Path.of(args[1]));
          case "pg" -> Databases.fromUrl(args[1]);
          default -> throw new IllegalArgumentException("expected h2 or pg");
        };
    JdbcConsentStore store = JdbcConsentStore.builder(dataSource).build();
    EventDispatcher dispatcher =
        EventDispatcher.builder(store.events(), endpoints(args[2]))
            .lease(LEASE)
            .timeout(Duration.ofSeconds(3))
            .concurrencyPerEndpoint(CONCURRENCY)
            .pollInterval(Duration.ofMillis(20))
            .build();
    dispatcher.start();
    System.out.println("READY");
    System.out.flush();
    Thread.sleep(Long.MAX_VALUE); // until killed
  }

  /** Each fixture agency's endpoint: {@code base} followed by its id. */
  static EventEndpoints endpoints(String base) {
    return EventEndpoints.of(
        Map.of(
            StoreFixtures.KB_BANK, URI.create(base + StoreFixtures.KB_BANK.value()),
            StoreFixtures.NHIS, URI.create(base + StoreFixtures.NHIS.value()),
            StoreFixtures.NTS, URI.create(base + StoreFixtures.NTS.value())));
  }
}
