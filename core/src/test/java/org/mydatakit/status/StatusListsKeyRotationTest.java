package org.mydatakit.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.mydatakit.keys.SigningAlgorithm;
import org.mydatakit.keys.SigningKeySet;
import org.mydatakit.keys.VerificationKeySet;
import org.mydatakit.keys.VerificationKeySource;

/**
 * The status list cache follows a rotating key source: a list of a new kid costs one refresh, a
 * list of a retired key is not served, rollback protection survives key changes, and an index
 * beyond the cached list makes it fetch again (rate-limited) rather than fail for a whole ttl.
 */
class StatusListsKeyRotationTest {
  private static final StatusReference REF_42 = StatusReference.of(StatusFixture.URI_1, 42);
  private static final StatusReference REF_1500 = StatusReference.of(StatusFixture.URI_1, 1500);

  private final StatusFixture f = new StatusFixture();
  private final InMemoryStatusListSource memory = StatusListSource.inMemory();
  private final AtomicInteger fetches = new AtomicInteger();
  private final SigningKeySet old = SigningKeySet.generate(SigningAlgorithm.ES256);
  private final SigningKeySet rotated = old.rotate();
  private final Source keys = new Source(old.verificationKeys());

  /** A source as the contract has it: what the broker publishes, loaded on refresh or reload. */
  private static final class Source implements VerificationKeySource {
    final AtomicInteger refreshes = new AtomicInteger();
    volatile VerificationKeySet published;
    volatile VerificationKeySet held;

    Source(VerificationKeySet start) {
      this.held = start;
      this.published = start;
    }

    @Override
    public VerificationKeySet current() {
      return held;
    }

    @Override
    public Optional<VerificationKeySet> refresh() {
      refreshes.incrementAndGet();
      held = published;
      return Optional.of(held);
    }

    void reload() {
      held = published;
    }
  }

  private StatusLists lists() {
    return StatusLists.builder()
        .source(
            uri -> {
              fetches.incrementAndGet();
              return memory.fetch(uri);
            })
        .trustedIssuer(StatusFixture.ISSUER, keys)
        .clock(f.clock)
        .build();
  }

  private void publish(SigningKeySet by, StatusList list) {
    memory.put(
        StatusFixture.URI_1,
        StatusListIssuer.builder(by, StatusFixture.ISSUER)
            .ttl(Duration.ofMinutes(5))
            .clock(f.clock)
            .build()
            .sign(StatusFixture.URI_1, list));
  }

  private static StatusUnavailableException unavailable(StatusLists lists, StatusReference ref) {
    StatusUnavailableException e =
        catchThrowableOfType(StatusUnavailableException.class, () -> lists.statusOf(ref));
    assertThat(e).as("expected the status to be unavailable").isNotNull();
    return e;
  }

  @Test
  void aListSignedByARotatedKeyIsAcceptedAfterOneRefresh() throws Exception {
    keys.published = rotated.verificationKeys();
    publish(rotated, StatusFixture.sample());
    StatusLists lists = lists();
    assertThat(lists.statusOf(REF_42)).isEqualTo(TokenStatus.INVALID);
    assertThat(keys.refreshes).hasValue(1);
  }

  @Test
  void aListOfARetiredKeyIsNotServedOnceTheSourceDropsIt() throws Exception {
    publish(old, StatusFixture.sample());
    StatusLists lists = lists();
    assertThat(lists.statusOf(REF_42)).isEqualTo(TokenStatus.INVALID);
    keys.published = rotated.retire(old.currentKeyId()).verificationKeys();
    keys.reload();
    StatusUnavailableException e = unavailable(lists, REF_42);
    assertThat(e.stale())
        .as("the cached copy's key is gone and the broker still serves the old list")
        .isTrue();
    assertThat(e.getMessage()).contains("key no longer trusted");
  }

  @Test
  void rollbackIsStillRefusedAfterTheKeysRefresh() throws Exception {
    publish(old, StatusList.builder(1000).build()); // 42 VALID, signed now
    String older = memory.fetch(StatusFixture.URI_1);
    f.clock.advance(Duration.ofMinutes(1));
    keys.published = rotated.verificationKeys();
    publish(rotated, StatusFixture.sample()); // 42 INVALID, signed a minute later by the new key
    StatusLists lists = lists();
    assertThat(lists.statusOf(REF_42)).isEqualTo(TokenStatus.INVALID);
    memory.put(StatusFixture.URI_1, older);
    f.clock.advance(Duration.ofMinutes(6)); // past the ttl: refetched
    assertThat(lists.statusOf(REF_42))
        .as("the older list, though validly signed by a trusted key, is refused")
        .isEqualTo(TokenStatus.INVALID);
    assertThat(fetches).hasValue(2);
  }

  @Test
  void anIndexBeyondTheCachedListFetchesAgainAtMostOncePerInterval() throws Exception {
    publish(old, StatusFixture.sample()); // 1000 entries
    StatusLists lists = lists();
    assertThat(lists.statusOf(REF_42)).isEqualTo(TokenStatus.INVALID);
    publish(old, StatusList.builder(2000).set(1500, TokenStatus.SUSPENDED).build());
    f.clock.advance(Duration.ofSeconds(1));
    publish(old, StatusList.builder(2000).set(1500, TokenStatus.SUSPENDED).build());
    assertThat(lists.statusOf(REF_1500))
        .as("a newly approved consent, within the ttl")
        .isEqualTo(TokenStatus.SUSPENDED);
    assertThat(fetches).hasValue(2);
    StatusReference beyondAll = StatusReference.of(StatusFixture.URI_1, 5000);
    unavailable(lists, beyondAll);
    assertThat(fetches).as("no sooner than the interval").hasValue(2);
    f.clock.advance(Duration.ofSeconds(5));
    unavailable(lists, beyondAll);
    assertThat(fetches).as("once the interval passed").hasValue(3);
  }
}
