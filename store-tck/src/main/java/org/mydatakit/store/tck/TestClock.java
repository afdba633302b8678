package org.mydatakit.store.tck;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;

/**
 * A {@link Clock} that stands still until a test moves it: inject it wherever the code under test
 * takes a {@code Clock} (a broker, a verifier, a status-list cache), then {@link #advance} or
 * {@link #set} it to cross an expiry or a budget period without sleeping.
 *
 * <pre>{@code
 * TestClock clock = TestClock.at(Instant.parse("2026-03-02T01:00:00Z"));
 * ConsentBroker broker = ConsentBroker.builder().clock(clock) ... .build();
 * clock.advance(Duration.ofDays(31)); // the next budget period
 * }</pre>
 *
 * <p>Thread-safe: the instant is volatile and moves atomically, so threads racing the code under
 * test see every move. {@link #withZone} returns a clock that shares this one's instant.
 */
public final class TestClock extends Clock {
  private final Shared now;
  private final ZoneId zone;

  private TestClock(Shared now, ZoneId zone) {
    this.now = now;
    this.zone = zone;
  }

  /** A clock standing at {@code instant}, in UTC. */
  public static TestClock at(Instant instant) {
    return new TestClock(new Shared(Objects.requireNonNull(instant, "instant")), ZoneOffset.UTC);
  }

  /** A clock standing at the current time of the system clock, in UTC. */
  public static TestClock atNow() {
    return at(Instant.now());
  }

  /** Moves the clock by {@code duration} (negative moves it back); returns the new instant. */
  public Instant advance(Duration duration) {
    Objects.requireNonNull(duration, "duration");
    synchronized (now) {
      now.instant = now.instant.plus(duration);
      return now.instant;
    }
  }

  /** Puts the clock at {@code instant}. */
  public void set(Instant instant) {
    Objects.requireNonNull(instant, "instant");
    synchronized (now) {
      now.instant = instant;
    }
  }

  @Override
  public Instant instant() {
    return now.instant;
  }

  @Override
  public ZoneId getZone() {
    return zone;
  }

  /** A clock in {@code zone} that moves with this one. */
  @Override
  public TestClock withZone(ZoneId zone) {
    return new TestClock(now, Objects.requireNonNull(zone, "zone"));
  }

  @Override
  public String toString() {
    return "TestClock[" + now.instant + ", " + zone + "]";
  }

  /** The instant, shared by the clocks {@link #withZone} derives. */
  private static final class Shared {
    volatile Instant instant;

    Shared(Instant instant) {
      this.instant = instant;
    }
  }
}
