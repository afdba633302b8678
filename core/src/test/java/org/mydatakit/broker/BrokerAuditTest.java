package org.mydatakit.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringWriter;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.mydatakit.audit.AuditChain;
import org.mydatakit.audit.AuditEntry;
import org.mydatakit.audit.AuditJson;
import org.mydatakit.consent.Consent;
import org.mydatakit.consent.Delivery;
import org.mydatakit.consent.Schedule;
import org.mydatakit.grant.Grant;
import org.mydatakit.log.Checkpoint;
import org.mydatakit.log.NoteCosigner;
import org.mydatakit.log.NoteSigner;
import org.mydatakit.log.SignedNote;
import org.mydatakit.log.Witness;
import org.mydatakit.store.tck.ConsentStoreContract;
import org.mydatakit.store.tck.StoreFixtures;
import org.mydatakit.store.tck.TestClock;

/** The broker's audit log: paged reading, export, verification and checkpoints. */
class BrokerAuditTest {

  @Test
  void checkpointsAreTakenEveryNEntriesAndOnDemand() throws Exception {
    InMemoryConsentStore store = new InMemoryConsentStore();
    TestClock clock = TestClock.at(StoreFixtures.T0);
    ConsentBroker broker =
        ConsentBroker.builder()
            .store(store)
            .signingKeys(BrokerFixture.KEYS)
            .issuer("https://broker.example")
            .pairwiseSubjects(StoreFixtures.SUBJECTS)
            .statusListUri(URI.create("https://broker.example/status/1"))
            .checkpointEvery(3)
            .clock(clock)
            .build();
    assertThatThrownBy(broker::checkpoint).isInstanceOf(IllegalStateException.class);
    for (int i = 0; i < 4; i++) {
      Consent requested =
          broker.request(
              new BrokerFixture().request(Delivery.oneTime()).build(),
              StoreFixtures.citizen(i),
              "k" + i);
      broker.approve(
          requested.id(), StoreFixtures.citizen(i), StoreFixtures.evidence(clock.instant()));
    }
    List<Checkpoint> kept = new ArrayList<>();
    for (String note : store.logCheckpoints().values()) {
      kept.add(Checkpoint.parse(SignedNote.open(note, List.of(broker.logKey())).text()));
    }
    assertThat(kept).extracting(Checkpoint::size).containsExactly(3L, 6L);
    assertThat(kept).extracting(Checkpoint::origin).containsOnly("broker.example/log");
    Checkpoint now =
        Checkpoint.parse(SignedNote.open(broker.checkpoint(), List.of(broker.logKey())).text());
    assertThat(now.size()).isEqualTo(8);
    assertThat(broker.checkpoint())
        .as("the log did not grow: the same note")
        .isEqualTo(store.latestLogCheckpoint().orElseThrow());
    assertThat(store.checkpoints()).as("no chain checkpoints any more").isEmpty();
    assertThat(broker.verifyAudit().intact()).isTrue();
  }

  @Test
  void theLogIsReadInPagesExportedAndVerified() throws Exception {
    BrokerFixture f = new BrokerFixture();
    Consent active = f.active(1, Delivery.periodic(Schedule.every(1, Schedule.Unit.DAYS), 10));
    Grant grant = f.broker.issueGrant(active.id(), StoreFixtures.NHIS, BrokerFixture.JKT);
    for (int i = 0; i < 2_500; i++) {
      f.broker.recordFetch(
          grant.grantId(),
          StoreFixtures.NHIS,
          Set.of(StoreFixtures.QUALIFICATION),
          String.format("KBBANK20260302%06d", i),
          FetchOutcome.DELIVERED);
    }
    List<AuditEntry> all = new ArrayList<>();
    f.broker.auditLog().forEach(all::add);
    assertThat(all).hasSize(3 + 2_500);
    ConsentStoreContract.assertUnbroken(all);
    StringWriter out = new StringWriter();
    AuditJson.write(f.broker.auditLog(), out);
    try (var reader = new java.io.BufferedReader(new java.io.StringReader(out.toString()))) {
      var lines = AuditJson.read(reader);
      assertThat(AuditChain.verify(lines::iterator).intact()).isTrue();
    }
    assertThat(f.broker.verifyAudit().entries()).isEqualTo(2_503);
    assertThat(f.store.logCheckpoints()).hasSize(2); // every 1,000 entries by default
  }

  @Test
  void aConfiguredWitnesssCosignatureIsKeptOncePerWitness() {
    NoteSigner logKey = NoteSigner.generate("broker.example/log");
    NoteCosigner first = NoteCosigner.generate("witness-1.example");
    NoteCosigner second = NoteCosigner.generate("witness-2.example");
    InMemoryConsentStore store = new InMemoryConsentStore();
    TestClock clock = TestClock.at(StoreFixtures.T0);
    ConsentBroker broker =
        ConsentBroker.builder()
            .store(store)
            .signingKeys(BrokerFixture.KEYS)
            .issuer("https://broker.example")
            .pairwiseSubjects(StoreFixtures.SUBJECTS)
            .statusListUri(URI.create("https://broker.example/status/1"))
            .logKey(logKey)
            .witnesses(first.verifierKey(), second.verifierKey())
            .clock(clock)
            .build();
    broker.request(
        new BrokerFixture().request(Delivery.oneTime()).build(), StoreFixtures.citizen(1), "k1");
    String note = broker.checkpoint();
    String line1 =
        Witness.of(first, logKey.verifierKey(), "broker.example/log", null).cosign(note, List.of());
    String cosigned = broker.addCosignature(1, line1);
    assertThat(cosigned).isEqualTo(note + line1);
    assertThat(broker.checkpoint()).isEqualTo(cosigned);
    assertThat(SignedNote.open(cosigned, List.of(first.verifierKey())).verified()).hasSize(1);

    // the same witness again, a later timestamp: its first cosignature stays, the note is bounded
    String again = first.cosignatureLine(note.substring(0, note.indexOf("\n\n") + 1), 99);
    assertThat(broker.addCosignature(1, again)).isEqualTo(cosigned);
    String line2 =
        Witness.of(second, logKey.verifierKey(), "broker.example/log", null)
            .cosign(note, List.of());
    String both = broker.addCosignature(1, line2.strip());
    assertThat(both).isEqualTo(note + line1 + line2);
    assertThat(SignedNote.open(both, List.of(first.verifierKey(), second.verifierKey())).verified())
        .hasSize(2);

    String stranger =
        Witness.of(
                NoteCosigner.generate("witness-1.example"),
                logKey.verifierKey(),
                "broker.example/log",
                null)
            .cosign(note, List.of());
    assertThatThrownBy(() -> broker.addCosignature(1, stranger))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> broker.addCosignature(1, logKey.signatureLine("other\n")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> broker.addCosignature(1, "\u2014 witness-1.example AAAA"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> broker.addCosignature(2, line1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(broker.verifyAudit().intact()).isTrue();
  }
}
