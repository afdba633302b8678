package org.mydatakit.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The provider's cache: ttl, max age, fail-closed, rollback and stampede behaviour. */
class StatusListsTest {
  private static final StatusReference REF_42 = StatusReference.of(StatusFixture.URI_1, 42);

  private final StatusFixture f = new StatusFixture();
  private final InMemoryStatusListSource memory = StatusListSource.inMemory();
  private final AtomicInteger fetches = new AtomicInteger();
  private volatile boolean down;

  private final StatusListSource source =
      uri -> {
        fetches.incrementAndGet();
        if (down) {
          throw new IOException("connection refused");
        }
        return memory.fetch(uri);
      };

  private StatusLists lists() {
    return StatusLists.builder()
        .source(source)
        .trustedIssuer(StatusFixture.ISSUER, StatusFixture.KEYS.verificationKeys())
        .clock(f.clock)
        .build();
  }

  private void publish(StatusList list) {
    memory.put(StatusFixture.URI_1, f.issuer().sign(StatusFixture.URI_1, list));
  }

  private static StatusUnavailableException unavailable(StatusLists lists, StatusReference ref) {
    StatusUnavailableException e =
        catchThrowableOfType(StatusUnavailableException.class, () -> lists.statusOf(ref));
    assertThat(e).as("expected the status to be unavailable").isNotNull();
    return e;
  }

  @Test
  void answersFromTheCacheWithinTheTtl() throws Exception {
    publish(StatusFixture.sample());
    StatusLists lists = lists();
    assertThat(lists.statusOf(REF_42)).isEqualTo(TokenStatus.INVALID);
    f.clock.advance(Duration.ofMinutes(4));
    assertThat(lists.statusOf(StatusReference.of(StatusFixture.URI_1, 43)))
        .isEqualTo(TokenStatus.SUSPENDED);
    assertThat(fetches).hasValue(1);
  }

  @Test
  void refetchesAfterTheTtl() throws Exception {
    publish(StatusFixture.sample());
    StatusLists lists = lists();
    assertThat(lists.statusOf(REF_42)).isEqualTo(TokenStatus.INVALID);
    f.clock.advance(Duration.ofMinutes(1));
    publish(StatusFixture.sample().newBuilder().set(42, TokenStatus.VALID).build());
    f.clock.advance(Duration.ofMinutes(4));
    assertThat(lists.statusOf(REF_42)).isEqualTo(TokenStatus.VALID);
    assertThat(fetches).hasValue(2);
  }

  @Test
  void sourceDownWithoutACopyIsUnavailableNotStale() {
    down = true;
    StatusUnavailableException e = unavailable(lists(), REF_42);
    assertThat(e.stale()).isFalse();
  }

  @Test
  void sourceDownWithACopyYoungerThanMaxAgeServesTheCopy() throws Exception {
    publish(StatusFixture.sample());
    StatusLists lists = lists();
    lists.statusOf(REF_42);
    down = true;
    f.clock.advance(Duration.ofMinutes(59));
    assertThat(lists.statusOf(REF_42)).isEqualTo(TokenStatus.INVALID);
  }

  @Test
  void staleCopyOlderThanMaxAgeFailsClosedAsStale() throws Exception {
    publish(StatusFixture.sample());
    StatusLists lists = lists();
    lists.statusOf(REF_42);
    down = true;
    f.clock.advance(Duration.ofMinutes(61));
    StatusUnavailableException e = unavailable(lists, REF_42);
    assertThat(e.stale()).isTrue();
  }

  @Test
  void freshlyFetchedListOlderThanMaxAgeIsStale() {
    publish(StatusFixture.sample());
    f.clock.advance(Duration.ofMinutes(61)); // the source still serves the list signed at NOW
    StatusUnavailableException e = unavailable(lists(), REF_42);
    assertThat(e.stale()).isFalse(); // no copy was ever accepted
  }

  @Test
  void rejectedListWithoutACopyIsUnavailable() {
    memory.put(StatusFixture.URI_1, StatusFixture.token(c -> c.put("iss", "https://evil.example")));
    assertThat(unavailable(lists(), REF_42).stale()).isFalse();
  }

  @Test
  void indexOutOfRangeIsUnavailableNotValid() {
    publish(StatusList.builder(40).build());
    StatusUnavailableException e = unavailable(lists(), REF_42);
    assertThat(e.stale()).isFalse();
    assertThat(e.getMessage()).contains("list size 40");
  }

  @Test
  void olderListThanTheCachedOneIsRefused() throws Exception {
    String old = f.issuer().sign(StatusFixture.URI_1, StatusList.builder(1000).build());
    f.clock.advance(Duration.ofMinutes(1));
    publish(StatusFixture.sample());
    StatusLists lists = lists();
    assertThat(lists.statusOf(REF_42)).isEqualTo(TokenStatus.INVALID);
    memory.put(StatusFixture.URI_1, old); // a replayed, un-revoked list
    f.clock.advance(Duration.ofMinutes(6));
    assertThat(lists.statusOf(REF_42)).isEqualTo(TokenStatus.INVALID);
  }

  @Test
  void concurrentCallersShareOneFetch() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    publish(StatusFixture.sample());
    StatusLists lists =
        StatusLists.builder()
            .source(
                uri -> {
                  fetches.incrementAndGet();
                  try {
                    release.await(5, TimeUnit.SECONDS);
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                  return memory.fetch(uri);
                })
            .trustedIssuer(StatusFixture.ISSUER, StatusFixture.KEYS.verificationKeys())
            .clock(f.clock)
            .build();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<TokenStatus>> answers = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        answers.add(pool.submit(() -> lists.statusOf(REF_42)));
      }
      Thread.sleep(100);
      release.countDown();
      for (Future<TokenStatus> answer : answers) {
        assertThat(answer.get(5, TimeUnit.SECONDS)).isEqualTo(TokenStatus.INVALID);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(fetches).hasValue(1);
  }

  @Test
  void fileSourceReadsTheTokenFromItsFile(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("status-1.jwt");
    Files.writeString(file, f.issuer().sign(StatusFixture.URI_1, StatusFixture.sample()) + "\n");
    StatusListSource files = StatusListSource.files(Map.of(StatusFixture.URI_1, file));
    StatusLists lists =
        StatusLists.builder()
            .source(files)
            .trustedIssuer(StatusFixture.ISSUER, StatusFixture.KEYS.verificationKeys())
            .clock(f.clock)
            .build();
    assertThat(lists.statusOf(REF_42)).isEqualTo(TokenStatus.INVALID);
    StatusReference elsewhere = StatusReference.of(URI.create("https://broker.example/s/9"), 1);
    assertThat(unavailable(lists, elsewhere).stale()).isFalse();
  }
}
