package org.mydatakit.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every way of tampering with a chain of 200 entries is found, at the right sequence. */
class AuditChainTest {
  private static final int N = 200;
  private static final List<AuditEntry> CHAIN = AuditFixtures.chain(N);

  /** A change of one field that keeps the stored hash, as a careless forger would. */
  enum Field {
    SEQ(e -> new AuditEntry(e.sequence() + 1, e.event(), e.previousHash(), e.hash())),
    AT(e -> withEvent(e, e.event().at().plusMillis(1), e.event().type(), e.event().actor())),
    TYPE(
        e ->
            withEvent(
                e,
                e.event().at(),
                e.event().type() == AuditEventType.REVOKED
                    ? AuditEventType.PAUSED
                    : AuditEventType.REVOKED,
                e.event().actor())),
    CONSENT(
        e ->
            new AuditEntry(
                e.sequence(),
                AuditEvent.of(
                    e.event().at(),
                    e.event().type(),
                    e.event().consentId().equals(AuditFixtures.CONSENT)
                        ? AuditFixtures.OTHER
                        : AuditFixtures.CONSENT,
                    e.event().actor(),
                    e.event().details()),
                e.previousHash(),
                e.hash())),
    ACTOR(e -> withEvent(e, e.event().at(), e.event().type(), e.event().actor() + "x")),
    DETAILS_ADD(e -> withDetails(e, d -> d.put("extra", "1"))),
    DETAILS_CHANGE(e -> withDetails(e, d -> d.replaceAll((k, v) -> v + "0"))),
    DETAILS_REMOVE(e -> withDetails(e, d -> d.remove(d.keySet().iterator().next()))),
    PREV(e -> new AuditEntry(e.sequence(), e.event(), flip(e.previousHash()), e.hash())),
    HASH(e -> new AuditEntry(e.sequence(), e.event(), e.previousHash(), flip(e.hash())));

    final UnaryOperator<AuditEntry> alter;

    Field(UnaryOperator<AuditEntry> alter) {
      this.alter = alter;
    }
  }

  @Test
  void intactChainVerifies() {
    AuditVerification result = AuditChain.verify(CHAIN);
    assertThat(result.intact()).isTrue();
    assertThat(result.entries()).isEqualTo(N);
    assertThat(result.firstBrokenSequence()).isEmpty();
  }

  @Test
  void emptyChainIsIntact() {
    assertThat(AuditChain.verify(List.of())).isEqualTo(AuditChain.verify(List.of()));
    assertThat(AuditChain.verify(List.of()).entries()).isZero();
  }

  @ParameterizedTest
  @EnumSource(Field.class)
  void alteringAFieldOfAnyEntryIsDetectedAtThatEntry(Field field) {
    for (int i = 0; i < N; i++) {
      List<AuditEntry> tampered = new ArrayList<>(CHAIN);
      tampered.set(i, field.alter.apply(CHAIN.get(i)));
      assertBroken(tampered, i + 1, "hash does not match the entry's content");
    }
  }

  @ParameterizedTest
  @EnumSource(
      value = Field.class,
      names = {"AT", "TYPE", "CONSENT", "ACTOR", "DETAILS_ADD", "DETAILS_CHANGE", "DETAILS_REMOVE"})
  void rewritingAnEntryWithItsHashRecomputedIsDetectedAtTheNextEntry(Field field) {
    for (int i = 0; i < N - 1; i++) {
      List<AuditEntry> tampered = new ArrayList<>(CHAIN);
      AuditEntry altered = field.alter.apply(CHAIN.get(i));
      tampered.set(i, AuditEntry.seal(altered.sequence(), altered.event(), altered.previousHash()));
      assertBroken(tampered, i + 2, "previous hash does not match entry " + (i + 1));
    }
  }

  @Test
  void deletingAnyEntryButTheLastIsDetectedAtItsSequence() {
    for (int i = 0; i < N - 1; i++) {
      List<AuditEntry> tampered = new ArrayList<>(CHAIN);
      tampered.remove(i);
      assertBroken(tampered, i + 1, "expected sequence " + (i + 1) + ", got " + (i + 2));
    }
  }

  @Test
  void swappingAnyTwoAdjacentEntriesIsDetectedAtTheFirst() {
    for (int i = 0; i < N - 1; i++) {
      List<AuditEntry> tampered = new ArrayList<>(CHAIN);
      Collections.swap(tampered, i, i + 1);
      assertBroken(tampered, i + 1, "expected sequence " + (i + 1) + ", got " + (i + 2));
    }
  }

  @Test
  void insertingAForgedEntryWithARecomputedHashIsDetectedAtTheEntryAfterIt() {
    for (int i = 0; i < N - 1; i++) {
      AuditEntry forged = AuditEntry.seal(i + 2, AuditFixtures.event(9_999), CHAIN.get(i).hash());
      List<AuditEntry> tampered = new ArrayList<>(CHAIN);
      tampered.add(i + 1, forged);
      assertBroken(tampered, i + 3, "sequence " + (i + 2) + " repeats");
    }
  }

  @Test
  void replayingAnEntryIsDetectedAsARepeat() {
    List<AuditEntry> tampered = new ArrayList<>(CHAIN);
    tampered.add(41, CHAIN.get(40));
    assertBroken(tampered, 42, "sequence 41 repeats");
  }

  @Test
  void aFirstEntryThatDoesNotStartFromGenesisIsDetected() {
    List<AuditEntry> tampered = new ArrayList<>(CHAIN);
    tampered.set(0, AuditEntry.seal(1, CHAIN.get(0).event(), flip(AuditEntry.GENESIS)));
    assertBroken(tampered, 1, "previous hash of the first entry is not genesis");
  }

  @Test
  void aNullEntryIsBrokenNotAnException() {
    List<AuditEntry> tampered = new ArrayList<>(CHAIN);
    tampered.set(9, null);
    assertBroken(tampered, 10, "entry 10 is missing (null)");
  }

  static void assertBroken(Iterable<AuditEntry> chain, long sequence, String why) {
    AuditVerification result = AuditChain.verify(chain);
    assertThat(result.intact()).as("intact after tampering at %d", sequence).isFalse();
    assertThat(result.firstBrokenSequence()).hasValue(sequence);
    assertThat(result.why()).isEqualTo(why);
    assertThat(result.entries()).isEqualTo(sequence - 1);
  }

  static String flip(String hash) {
    char c = hash.charAt(10) == '0' ? '1' : '0';
    return hash.substring(0, 10) + c + hash.substring(11);
  }

  private static AuditEntry withEvent(
      AuditEntry e, java.time.Instant at, AuditEventType type, String actor) {
    AuditEvent event = AuditEvent.of(at, type, e.event().consentId(), actor, e.event().details());
    return new AuditEntry(e.sequence(), event, e.previousHash(), e.hash());
  }

  private static AuditEntry withDetails(
      AuditEntry e, java.util.function.Consumer<Map<String, String>> change) {
    Map<String, String> details = new HashMap<>(e.event().details());
    change.accept(details);
    AuditEvent event =
        AuditEvent.of(
            e.event().at(), e.event().type(), e.event().consentId(), e.event().actor(), details);
    return new AuditEntry(e.sequence(), event, e.previousHash(), e.hash());
  }
}
