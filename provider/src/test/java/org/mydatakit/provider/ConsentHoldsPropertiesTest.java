package org.mydatakit.provider;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import org.mydatakit.consent.ConsentId;
import org.mydatakit.events.ConsentEventType;
import org.mydatakit.grant.InvalidGrantException;

/**
 * Whatever order a consent's changes arrive in, and however often, the gate ends up refusing the
 * same way: for any ending, as revoked; otherwise as the newest of the pauses and resumes says.
 */
class ConsentHoldsPropertiesTest {
  private static final Instant NOW = Instant.parse("2026-12-07T03:00:00Z");
  private static final ConsentId CONSENT = ConsentId.generate(NOW);
  private static final List<ConsentEventType> TYPES =
      List.of(
          ConsentEventType.CONSENT_PAUSED,
          ConsentEventType.CONSENT_RESUMED,
          ConsentEventType.CONSENT_REVOKED,
          ConsentEventType.CONSENT_EXPIRED,
          ConsentEventType.CONSENT_SUPERSEDED);

  record Change(ConsentEventType type, long version) {}

  @Provide
  Arbitrary<List<Change>> histories() {
    // one change per version, the endings rarer than pauses and resumes
    Arbitrary<ConsentEventType> type =
        Arbitraries.frequencyOf(
            Tuple.of(5, Arbitraries.just(ConsentEventType.CONSENT_PAUSED)),
            Tuple.of(5, Arbitraries.just(ConsentEventType.CONSENT_RESUMED)),
            Tuple.of(1, Arbitraries.of(TYPES.subList(2, 5))));
    return type.list()
        .ofMinSize(1)
        .ofMaxSize(12)
        .map(
            types -> {
              List<Change> changes = new ArrayList<>();
              for (int i = 0; i < types.size(); i++) {
                changes.add(new Change(types.get(i), i + 1L));
              }
              return changes;
            });
  }

  private static Optional<InvalidGrantException.Reason> expected(List<Change> history) {
    if (history.stream().anyMatch(c -> TYPES.indexOf(c.type()) >= 2)) {
      return Optional.of(InvalidGrantException.Reason.REVOKED);
    }
    Change newest = Collections.max(history, Comparator.comparingLong(Change::version));
    return newest.type() == ConsentEventType.CONSENT_PAUSED
        ? Optional.of(InvalidGrantException.Reason.SUSPENDED)
        : Optional.empty();
  }

  @Property(tries = 500)
  void theOutcomeDependsOnTheChangesNotOnTheirOrderOfArrival(
      @ForAll("histories") List<Change> history, @ForAll long seed) {
    List<Change> arrival = new ArrayList<>(history);
    Random random = new Random(seed);
    // shuffled, with some changes delivered again
    for (int i = 0; i < history.size() / 2; i++) {
      arrival.add(history.get(random.nextInt(history.size())));
    }
    Collections.shuffle(arrival, random);
    ConsentHolds holds = new ConsentHolds(Duration.ofHours(1), 10);
    for (Change change : arrival) {
      holds.apply(CONSENT, change.type(), change.version(), NOW);
    }
    assertThat(holds.refusal(CONSENT, NOW)).isEqualTo(expected(history));
    assertThat(holds.refusal(CONSENT, NOW.plus(Duration.ofHours(1)))).isEmpty();
  }
}
