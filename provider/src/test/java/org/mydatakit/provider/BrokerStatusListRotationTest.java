package org.mydatakit.provider;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mydatakit.keys.SigningAlgorithm;
import org.mydatakit.keys.SigningKeySet;
import org.mydatakit.status.StatusList;
import org.mydatakit.status.StatusListIssuer;
import org.mydatakit.status.StatusLists;
import org.mydatakit.status.StatusReference;
import org.mydatakit.status.TokenStatus;
import org.mydatakit.store.tck.TestClock;

/** Status lists over HTTP from a broker that rotates its keys while the provider runs. */
class BrokerStatusListRotationTest {
  private static final Instant NOW = Instant.parse("2026-11-27T03:00:00Z");

  private final TestClock clock = TestClock.at(NOW);
  private final OkHttpClient client = new OkHttpClient();
  private final LocalBroker broker;
  private final URI listUri;

  BrokerStatusListRotationTest() throws Exception {
    broker = new LocalBroker();
    listUri = broker.uri("/status/1");
  }

  @AfterEach
  void stop() {
    broker.close();
  }

  private String sign(SigningKeySet keys, StatusList list) {
    return StatusListIssuer.builder(keys, LocalBroker.ISSUER)
        .ttl(Duration.ofMinutes(5))
        .clock(clock)
        .build()
        .sign(listUri, list);
  }

  private void publishList(String token) {
    broker.serve("/status/1", token, Map.of());
  }

  private StatusLists lists() {
    return StatusLists.builder()
        .source(HttpStatusListSource.of(client))
        .trustedIssuer(
            LocalBroker.ISSUER,
            HttpJwksSource.builder(client, broker.uri("/jwks.json")).clock(clock).build())
        .clock(clock)
        .build();
  }

  @Test
  void aListOfARotatedKeyIsAcceptedAndRollbackIsStillRefusedAfterTheKeysRefresh() throws Exception {
    SigningKeySet old = SigningKeySet.generate(SigningAlgorithm.ES256);
    SigningKeySet rotated = old.rotate();
    broker.publishKeys(old, 600);
    String valid = sign(old, StatusList.builder(100).build());
    publishList(valid);
    StatusLists lists = lists();
    StatusReference ref = StatusReference.of(listUri, 42);
    assertThat(lists.statusOf(ref)).isEqualTo(TokenStatus.VALID);

    clock.advance(Duration.ofMinutes(6)); // past the list's ttl and the key interval
    broker.publishKeys(rotated, 600);
    publishList(sign(rotated, StatusList.builder(100).set(42, TokenStatus.INVALID).build()));
    assertThat(lists.statusOf(ref)).as("signed by the new kid").isEqualTo(TokenStatus.INVALID);

    clock.advance(Duration.ofMinutes(6));
    publishList(valid); // an older list, by a key still published
    assertThat(lists.statusOf(ref)).as("no rollback").isEqualTo(TokenStatus.INVALID);
  }

  @Test
  void anIndexBeyondTheCachedListTriggersAFetch() throws Exception {
    SigningKeySet keys = SigningKeySet.generate(SigningAlgorithm.ES256);
    broker.publishKeys(keys, 600);
    publishList(sign(keys, StatusList.builder(100).build()));
    StatusLists lists = lists();
    assertThat(lists.statusOf(StatusReference.of(listUri, 42))).isEqualTo(TokenStatus.VALID);
    clock.advance(Duration.ofSeconds(10));
    publishList(sign(keys, StatusList.builder(200).set(150, TokenStatus.SUSPENDED).build()));
    assertThat(lists.statusOf(StatusReference.of(listUri, 150)))
        .as("a newly approved consent, well within the ttl")
        .isEqualTo(TokenStatus.SUSPENDED);
    assertThat(broker.hits("/status/1")).isEqualTo(2);
  }

  @Test
  void theReadmeExampleVerifiesTheBrokersListWithItsPublishedKeys() throws Exception {
    SigningKeySet keys = SigningKeySet.generate(SigningAlgorithm.ES256);
    broker.publishKeys(keys, 600);
    publishList(
        StatusListIssuer.builder(keys, LocalBroker.ISSUER)
            .build()
            .sign(listUri, StatusList.builder(100).set(7, TokenStatus.INVALID).build()));
    OkHttpClient http = client;
    URI jwksUri = broker.uri("/jwks.json");
    String brokerIssuer = LocalBroker.ISSUER;
    // region readme-status-lists
    HttpJwksSource brokerKeys = HttpJwksSource.of(http, jwksUri); // follows the broker's rotation
    StatusLists lists = // a RevocationCheck for ProviderGate.builder().revocationCheck(...)
        StatusLists.builder()
            .source(HttpStatusListSource.of(http)) // or StatusListSource.files(...), .inMemory()
            .trustedIssuer(brokerIssuer, brokerKeys)
            .build();
    // endregion readme-status-lists
    assertThat(lists.statusOf(StatusReference.of(listUri, 7))).isEqualTo(TokenStatus.INVALID);
    assertThat(lists.statusOf(StatusReference.of(listUri, 8))).isEqualTo(TokenStatus.VALID);
  }
}
