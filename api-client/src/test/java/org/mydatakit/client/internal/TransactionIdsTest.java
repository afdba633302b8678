package org.mydatakit.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.mydatakit.consent.AgencyId;
import org.mydatakit.store.tck.TestClock;

class TransactionIdsTest {

  @Test
  void idsAreThePrefixTheKoreanDateAndTwelveDigits() {
    // 14:59:59 UTC is 23:59:59 in Seoul; a second later it is the next day there.
    TestClock clock = TestClock.at(Instant.parse("2026-11-27T14:59:59Z"));
    TransactionIds ids = new TransactionIds(AgencyId.of("KB-BANK"), clock);
    assertThat(ids.next()).matches("KBBANK20261127[0-9]{12}");
    clock.set(Instant.parse("2026-11-27T15:00:00Z"));
    assertThat(ids.next()).matches("KBBANK20261128[0-9]{12}");
    clock.set(Instant.parse("2026-11-27T14:00:00Z"));
    assertThat(ids.next()).as("a clock set back").matches("KBBANK20261127[0-9]{12}");
  }

  @Test
  void idsAreNeverRepeatedAcrossClients() {
    Clock clock = Clock.systemUTC();
    TransactionIds a = new TransactionIds(AgencyId.of("KB-BANK"), clock);
    TransactionIds b = new TransactionIds(AgencyId.of("KB-BANK"), clock);
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 10_000; i++) {
      seen.add(a.next());
      seen.add(b.next());
    }
    assertThat(seen).hasSize(20_000);
  }
}
