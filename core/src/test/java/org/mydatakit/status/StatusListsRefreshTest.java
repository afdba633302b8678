package org.mydatakit.status;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * What a caller gets while another caller refreshes the same list: the cached copy if it may still
 * be served, otherwise the refreshed list once it is there — never a copy past its max age or
 * expiry. Threads are coordinated by latches and thread states, not by time.
 */
class StatusListsRefreshTest {
  private static final StatusReference REF_42 = StatusReference.of(StatusFixture.URI_1, 42);

  private final StatusFixture f = new StatusFixture();
  private final InMemoryStatusListSource memory = StatusListSource.inMemory();
  private final CountDownLatch fetching = new CountDownLatch(1);
  private final CountDownLatch release = new CountDownLatch(1);
  private volatile boolean block;

  private final StatusLists lists =
      StatusLists.builder()
          .source(
              uri -> {
                if (block) {
                  fetching.countDown();
                  try {
                    release.await(30, TimeUnit.SECONDS);
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted");
                  }
                }
                return memory.fetch(uri);
              })
          .trustedIssuer(StatusFixture.ISSUER, StatusFixture.KEYS.verificationKeys())
          .clock(f.clock)
          .build();

  private void publish(TokenStatus status42) {
    memory.put(
        StatusFixture.URI_1,
        f.issuer()
            .sign(
                StatusFixture.URI_1,
                StatusFixture.sample().newBuilder().set(42, status42).build()));
  }

  /** Starts a caller on its own thread; its answer arrives in the future. */
  private static Caller call(StatusLists lists) {
    CompletableFuture<TokenStatus> answer = new CompletableFuture<>();
    Thread thread =
        new Thread(
            () -> {
              try {
                answer.complete(lists.statusOf(REF_42));
              } catch (StatusUnavailableException | RuntimeException e) {
                answer.completeExceptionally(e);
              }
            });
    thread.setDaemon(true);
    thread.start();
    return new Caller(thread, answer);
  }

  private record Caller(Thread thread, CompletableFuture<TokenStatus> answer) {
    /** Waits until the caller has answered or is parked (waiting for a lock). */
    boolean answersWithoutWaiting() {
      while (!answer.isDone()) {
        Thread.State state = thread.getState();
        if (state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING) {
          return answer.isDone();
        }
        Thread.onSpinWait();
      }
      return true;
    }
  }

  @Test
  void aUsableCopyIsServedWhileAnotherCallerRefreshes() throws Exception {
    publish(TokenStatus.INVALID);
    assertThat(lists.statusOf(REF_42)).isEqualTo(TokenStatus.INVALID);
    f.clock.advance(Duration.ofMinutes(6)); // past the ttl, within max age and expiry
    publish(TokenStatus.VALID);
    block = true;
    Caller refresher = call(lists);
    assertThat(fetching.await(30, TimeUnit.SECONDS)).isTrue();
    try {
      Caller other = call(lists);
      assertThat(other.answersWithoutWaiting()).as("served from the cached copy").isTrue();
      assertThat(other.answer().get()).isEqualTo(TokenStatus.INVALID);
      assertThat(refresher.answer()).isNotDone();
    } finally {
      release.countDown();
    }
    assertThat(refresher.answer().get(30, TimeUnit.SECONDS)).isEqualTo(TokenStatus.VALID);
  }

  @Test
  void aCopyPastItsMaxAgeIsNeverServedWhileAnotherCallerRefreshes() throws Exception {
    publish(TokenStatus.VALID);
    assertThat(lists.statusOf(REF_42)).isEqualTo(TokenStatus.VALID);
    f.clock.advance(Duration.ofHours(2)); // the copy is now older than the 1 h max age
    publish(TokenStatus.INVALID); // revoked meanwhile
    block = true;
    Caller refresher = call(lists);
    assertThat(fetching.await(30, TimeUnit.SECONDS)).isTrue();
    Caller other;
    try {
      other = call(lists);
      assertThat(other.answersWithoutWaiting()).as("waits for the refresh").isFalse();
    } finally {
      release.countDown();
    }
    assertThat(refresher.answer().get(30, TimeUnit.SECONDS)).isEqualTo(TokenStatus.INVALID);
    assertThat(other.answer().get(30, TimeUnit.SECONDS)).isEqualTo(TokenStatus.INVALID);
  }

  @Test
  void aCopyPastItsExpiryIsNeverServedWhileAnotherCallerRefreshes() throws Exception {
    StatusLists shortLived =
        StatusLists.builder()
            .source(
                uri -> {
                  if (block) {
                    fetching.countDown();
                    try {
                      release.await(30, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                      Thread.currentThread().interrupt();
                    }
                  }
                  return memory.fetch(uri);
                })
            .trustedIssuer(StatusFixture.ISSUER, StatusFixture.KEYS.verificationKeys())
            .maxAge(Duration.ofDays(7))
            .clock(f.clock)
            .build();
    publish(TokenStatus.VALID); // expires a day after it was signed
    assertThat(shortLived.statusOf(REF_42)).isEqualTo(TokenStatus.VALID);
    f.clock.advance(Duration.ofDays(1).plusSeconds(1));
    publish(TokenStatus.INVALID);
    block = true;
    Caller refresher = call(shortLived);
    assertThat(fetching.await(30, TimeUnit.SECONDS)).isTrue();
    Caller other;
    try {
      other = call(shortLived);
      assertThat(other.answersWithoutWaiting()).as("waits for the refresh").isFalse();
    } finally {
      release.countDown();
    }
    assertThat(refresher.answer().get(30, TimeUnit.SECONDS)).isEqualTo(TokenStatus.INVALID);
    assertThat(other.answer().get(30, TimeUnit.SECONDS)).isEqualTo(TokenStatus.INVALID);
  }
}
