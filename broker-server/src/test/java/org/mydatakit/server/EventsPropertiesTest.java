package org.mydatakit.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Each events property is checked at start, the message naming it. */
class EventsPropertiesTest {
  private static EventsProperties with(
      Duration lease, Duration timeout, int concurrency, Duration first, Duration grace) {
    return new EventsProperties(
        true,
        Duration.ofHours(24),
        lease,
        timeout,
        concurrency,
        Duration.ofMillis(200),
        first,
        Duration.ofMinutes(10),
        grace);
  }

  @Test
  void theDefaultsHold() {
    EventsProperties ok =
        with(
            Duration.ofMinutes(1),
            Duration.ofSeconds(10),
            4,
            Duration.ofSeconds(1),
            Duration.ofDays(30));
    assertThat(ok.erasureGrace()).isEqualTo(Duration.ofDays(30));
  }

  @Test
  void aBadValueNamesItsProperty() {
    assertThatThrownBy(
            () ->
                with(
                    Duration.ofSeconds(5),
                    Duration.ofSeconds(10),
                    4,
                    Duration.ofSeconds(1),
                    Duration.ZERO))
        .hasMessageStartingWith("mydatakit.broker.events.lease:");
    assertThatThrownBy(
            () ->
                with(
                    Duration.ofMinutes(1),
                    Duration.ofSeconds(10),
                    0,
                    Duration.ofSeconds(1),
                    Duration.ZERO))
        .hasMessageStartingWith("mydatakit.broker.events.concurrency-per-endpoint:");
    assertThatThrownBy(
            () ->
                with(
                    Duration.ofMinutes(1),
                    Duration.ofSeconds(10),
                    4,
                    Duration.ofHours(1),
                    Duration.ZERO))
        .hasMessageStartingWith("mydatakit.broker.events.first-retry:");
    assertThatThrownBy(
            () ->
                with(
                    Duration.ofMinutes(1),
                    Duration.ofSeconds(10),
                    4,
                    Duration.ofSeconds(1),
                    Duration.ofDays(-1)))
        .hasMessageStartingWith("mydatakit.broker.events.erasure-grace:");
    assertThatThrownBy(
            () ->
                with(Duration.ofMinutes(1), Duration.ZERO, 4, Duration.ofSeconds(1), Duration.ZERO))
        .hasMessageStartingWith("mydatakit.broker.events.timeout:");
  }
}
