package org.mydatakit.client.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.mydatakit.consent.AgencyId;
import org.mydatakit.consent.ConsentId;
import org.mydatakit.consent.DataItem;
import org.mydatakit.consent.ItemCode;

class ConsentItemsTest {
  private static final ConsentItems.Coverage ITEMS =
      new ConsentItems.Coverage(
          Set.of(DataItem.of(AgencyId.of("NHIS"), ItemCode.of("nhis.qualification"))),
          Optional.empty());

  private final AtomicInteger asked = new AtomicInteger();
  private final Function<ConsentId, ConsentItems.Coverage> source =
      id -> {
        asked.incrementAndGet();
        return ITEMS;
      };

  @Test
  void aConsentsItemsAreAskedForOnce() {
    ConsentItems items = new ConsentItems();
    ConsentId id = ConsentId.generate(Instant.now());
    for (int i = 0; i < 5; i++) {
      assertThat(items.get(id, source)).isEqualTo(ITEMS);
    }
    assertThat(asked).hasValue(1);
  }

  @Test
  void aFailureIsNotKept() {
    ConsentItems items = new ConsentItems();
    ConsentId id = ConsentId.generate(Instant.now());
    assertThatThrownBy(
            () ->
                items.get(
                    id,
                    c -> {
                      throw new IllegalStateException("broker down");
                    }))
        .hasMessage("broker down");
    assertThat(items.get(id, source)).isEqualTo(ITEMS);
    assertThat(asked).hasValue(1);
  }

  @Test
  void theLeastRecentlyUsedConsentIsDroppedPastTheBound() {
    ConsentItems items = new ConsentItems();
    ConsentId first = ConsentId.generate(Instant.now());
    ConsentId kept = ConsentId.generate(Instant.now());
    items.get(first, source);
    items.get(kept, source);
    for (int i = 0; i < ConsentItems.MAX_CONSENTS - 1; i++) {
      items.get(ConsentId.generate(Instant.now()), source);
      items.get(kept, source); // recently used
    }
    int before = asked.get();
    items.get(kept, source);
    assertThat(asked).hasValue(before);
    items.get(first, source);
    assertThat(asked).as("dropped, so asked again").hasValue(before + 1);
  }
}
