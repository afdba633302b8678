package org.mydatakit.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mydatakit.store.tck.StoreFixtures.KB_BANK;
import static org.mydatakit.store.tck.StoreFixtures.NHIS;
import static org.mydatakit.store.tck.StoreFixtures.NTS;
import static org.mydatakit.store.tck.StoreFixtures.QUALIFICATION;
import static org.mydatakit.store.tck.StoreFixtures.active;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.mydatakit.audit.AuditEventType;
import org.mydatakit.broker.Agency;
import org.mydatakit.broker.ConsentChange;
import org.mydatakit.broker.EventOutbox;
import org.mydatakit.broker.InMemoryAgencyRegistry;
import org.mydatakit.broker.InMemoryConsentStore;
import org.mydatakit.consent.Consent;
import org.mydatakit.consent.internal.ConsentLifecycle;
import org.mydatakit.events.ConsentEventType;
import org.mydatakit.store.tck.StoreFixtures;

/** The README's dispatcher example, run: an event reaches the endpoint the registry names. */
class EventDispatcherReadmeTest {
  @Test
  void theReadmeExampleDeliversToTheRegisteredEndpoint() throws Exception {
    InMemoryConsentStore store = new InMemoryConsentStore();
    List<String> received = new CopyOnWriteArrayList<>();
    HttpServer nhis = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    nhis.createContext(
        "/events",
        exchange -> {
          received.add(new String(exchange.getRequestBody().readAllBytes()));
          exchange.sendResponseHeaders(202, -1);
          exchange.close();
        });
    nhis.start();
    InMemoryAgencyRegistry registry = new InMemoryAgencyRegistry();
    registry.register(
        Agency.builder(NHIS)
            .name("NHIS")
            .role(Agency.Role.PROVIDER)
            .jwksUri(URI.create("https://nhis.example/jwks.json"))
            .allowedItem(QUALIFICATION)
            .eventEndpoint(
                URI.create("http://127.0.0.1:" + nhis.getAddress().getPort() + "/events"))
            .build());
    Consent consent = active(store, 1);
    var event = StoreFixtures.outboxEvent(consent, NHIS, ConsentEventType.CONSENT_PAUSED);
    var toBank = StoreFixtures.outboxEvent(consent, KB_BANK, ConsentEventType.CONSENT_PAUSED);
    var toNts = StoreFixtures.outboxEvent(consent, NTS, ConsentEventType.CONSENT_PAUSED);
    store.change(
        "pause",
        consent.id(),
        locked ->
            List.of(
                new ConsentChange(
                    locked.consent(),
                    ConsentLifecycle.pause(locked.consent(), StoreFixtures.T0),
                    StoreFixtures.event(consent, AuditEventType.PAUSED, StoreFixtures.T0),
                    java.util.Optional.empty(),
                    List.of(event, toBank, toNts))));
    try {
      // region readme-event-dispatcher
      EventDispatcher dispatcher =
          EventDispatcher.builder(store.events(), EventEndpoints.of(registry)) // each eventEndpoint
              .maxAge(Duration.ofHours(24)) // then dead letter
              .concurrencyPerEndpoint(4) // a slow agency delays only itself
              .build();
      dispatcher.start(); // a background loop; close() on shutdown
      // endregion readme-event-dispatcher
      try {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (store.events().find(event.jti()).orElseThrow().state() != EventOutbox.State.DELIVERED
            && System.nanoTime() < deadline) {
          Thread.sleep(10);
        }
      } finally {
        dispatcher.close();
      }
      assertThat(received).containsExactly(event.token());
      assertThat(store.events().find(event.jti()).orElseThrow().state())
          .isEqualTo(EventOutbox.State.DELIVERED);
      // agencies without an endpoint (or not registered) are left to poll
      assertThat(store.events().find(toNts.jti()).orElseThrow().state())
          .isEqualTo(EventOutbox.State.PENDING);
    } finally {
      nhis.stop(0);
    }
  }
}
