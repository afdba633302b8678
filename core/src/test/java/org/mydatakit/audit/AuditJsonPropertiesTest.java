package org.mydatakit.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.statistics.Statistics;

/**
 * Any chain of random events verifies, and any single-character mutation of its JSON-lines export
 * is either unreadable, semantically the same, or breaks verification.
 */
class AuditJsonPropertiesTest {
  private static final String CHARS = "0123456789abcdefABCDEF{}[]:,\"\\ \t\nxyz-._+/=Z가";

  @Property(tries = 300)
  void randomEventSequencesFormAnIntactChain(@ForAll("events") List<AuditEvent> events) {
    List<AuditEntry> chain = chain(events);
    assertThat(AuditChain.verify(chain).intact()).isTrue();
    assertThat(AuditChain.verify(chain).entries()).isEqualTo(events.size());
    assertThat(read(export(chain))).isEqualTo(chain);
  }

  @Property(tries = 3000)
  void anySingleMutationIsUnreadableHarmlessOrDetected(
      @ForAll("events") List<AuditEvent> events,
      @ForAll @IntRange(min = 0, max = 1_000_000) int position,
      @ForAll @IntRange(min = 0, max = 2) int kind,
      @ForAll @IntRange(min = 0, max = 1_000) int charIndex) {
    List<AuditEntry> chain = chain(events);
    String text = export(chain);
    int at = position % text.length();
    char c = CHARS.charAt(charIndex % CHARS.length());
    String mutated =
        switch (kind) {
          case 0 -> text.substring(0, at) + c + text.substring(at + 1);
          case 1 -> text.substring(0, at) + text.substring(at + 1);
          default -> text.substring(0, at) + c + text.substring(at);
        };
    List<AuditEntry> parsed;
    try {
      parsed = read(mutated);
    } catch (IllegalArgumentException e) {
      assertThat(e.getMessage()).startsWith("audit line");
      Statistics.collect("unreadable");
      return;
    }
    AuditVerification result = AuditChain.verify(parsed);
    Statistics.collect(parsed.equals(chain) ? "same entries" : "detected");
    if (parsed.equals(chain)) {
      assertThat(result.intact()).isTrue();
    } else {
      assertThat(result.intact()).as("undetected mutation of %s", mutated).isFalse();
    }
  }

  @Provide
  Arbitrary<List<AuditEvent>> events() {
    Arbitrary<AuditEvent> event =
        Combinators.combine(
                Arbitraries.longs().between(0, 4_102_444_800_000L).map(Instant::ofEpochMilli),
                Arbitraries.of(AuditEventType.class),
                Arbitraries.of(AuditFixtures.CONSENT, AuditFixtures.OTHER),
                Arbitraries.of("citizen", "consumer:KB-BANK", "provider:NHIS", "system"),
                Arbitraries.maps(
                        Arbitraries.strings().withCharRange('a', 'f').ofMinLength(1).ofMaxLength(4),
                        Arbitraries.strings().withChars("AZaz09._:/+=-").ofMaxLength(6))
                    .ofMaxSize(3))
            .as(AuditEvent::of);
    return event.list().ofMinSize(1).ofMaxSize(8);
  }

  private static List<AuditEntry> chain(List<AuditEvent> events) {
    List<AuditEntry> chain = new ArrayList<>();
    AuditEntry entry = AuditEntry.first(events.get(0));
    chain.add(entry);
    for (AuditEvent e : events.subList(1, events.size())) {
      entry = entry.next(e);
      chain.add(entry);
    }
    return chain;
  }

  private static String export(List<AuditEntry> chain) {
    StringWriter out = new StringWriter();
    try {
      AuditJson.write(chain, out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  private static List<AuditEntry> read(String text) {
    try (Stream<AuditEntry> entries = AuditJson.read(new BufferedReader(new StringReader(text)))) {
      return entries.toList();
    }
  }
}
