package org.mydatakit.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class InMemorySeenEventsTest extends SeenEventsContract {
  @Override
  SeenEvents store() {
    return SeenEvents.inMemory(1_000);
  }

  @Test
  void atCapacityTheOldestIsForgottenAndNothingIsRefused() {
    SeenEvents seen = SeenEvents.inMemory(2);
    seen.claim("j-1", "d", T0, LATER);
    seen.claim("j-2", "d", T0, LATER);
    assertThat(seen.claim("j-3", "d", T0, LATER)).isEqualTo(SeenEvents.Claim.FIRST);
    assertThat(seen.claim("j-2", "d", T0, LATER)).isEqualTo(SeenEvents.Claim.REPEATED);
    assertThat(seen.claim("j-1", "d", T0, LATER)).isEqualTo(SeenEvents.Claim.FIRST);
    assertThat(seen.toString()).isEqualTo("SeenEvents.inMemory[2 of 2]");
  }

  @Test
  void aCapacityBelowOneIsRefused() {
    assertThatThrownBy(() -> SeenEvents.inMemory(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("expected >= 1");
  }
}
