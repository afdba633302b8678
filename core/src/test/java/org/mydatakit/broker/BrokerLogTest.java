package org.mydatakit.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mydatakit.audit.InvalidReceiptException;
import org.mydatakit.audit.ReceiptIssuer;
import org.mydatakit.consent.Consent;
import org.mydatakit.consent.Delivery;
import org.mydatakit.keys.SigningKeySet;
import org.mydatakit.log.Checkpoint;
import org.mydatakit.log.LogLeaf;
import org.mydatakit.log.MerkleTree;
import org.mydatakit.log.NoteCosigner;
import org.mydatakit.log.NoteSigner;
import org.mydatakit.log.SignedNote;
import org.mydatakit.log.TlogProof;
import org.mydatakit.log.Witness;
import org.mydatakit.store.tck.StoreFixtures;
import org.mydatakit.store.tck.TestClock;

/** The broker's verifiable log: checkpoints, proofs, consistency and witnesses' cosignatures. */
class BrokerLogTest {
  private static final NoteSigner LOG_KEY = NoteSigner.generate("broker.example/log");
  private static final NoteCosigner WITNESS = NoteCosigner.generate("witness.nhis.example");

  private final InMemoryConsentStore store = new InMemoryConsentStore();
  private final TestClock clock = TestClock.at(StoreFixtures.T0);
  private final ConsentBroker broker =
      ConsentBroker.builder()
          .store(store)
          .signingKeys(BrokerFixture.KEYS)
          .issuer("https://broker.example")
          .pairwiseSubjects(StoreFixtures.SUBJECTS)
          .statusListUri(URI.create("https://broker.example/status/1"))
          .logKey(LOG_KEY)
          .witnesses(WITNESS.verifierKey())
          .checkpointEvery(0)
          .clock(clock)
          .build();

  private Consent approve(int n) {
    Consent requested =
        broker.request(
            new BrokerFixture().request(Delivery.oneTime()).build(),
            StoreFixtures.citizen(n),
            "k" + n);
    return broker.approve(
        requested.id(), StoreFixtures.citizen(n), StoreFixtures.evidence(clock.instant()));
  }

  private static Checkpoint open(String note) {
    return Checkpoint.parse(SignedNote.open(note, List.of(LOG_KEY.verifierKey())).text());
  }

  @Test
  void aWitnessCosignsAndTheBrokerServesTheCheckpointWithItsCosignature() {
    approve(1);
    Witness witness = Witness.of(WITNESS, LOG_KEY.verifierKey(), "broker.example/log", null);
    String first = broker.checkpoint();
    String line = witness.cosign(first, List.of());
    String cosigned = broker.addCosignature(2, line);
    assertThat(broker.checkpoint()).isEqualTo(cosigned);
    assertThat(SignedNote.open(cosigned, List.of(WITNESS.verifierKey())).verified()).hasSize(1);
    assertThat(broker.addCosignature(2, line))
        .as("the same line twice: kept once")
        .isEqualTo(cosigned);

    approve(2);
    approve(3);
    String next = broker.checkpoint();
    assertThat(open(next).size()).isEqualTo(6);
    String again = witness.cosign(next, broker.logConsistency(2, 6));
    broker.addCosignature(6, again);
    // a proof file carries the cosigned checkpoint; the witness's key is enough to check it
    String proofFile = broker.logProof(3).orElseThrow();
    TlogProof proof = TlogProof.parse(proofFile);
    Checkpoint checked =
        proof.verify(
            LogLeaf.leafHashOfExtra(proof.extra().orElseThrow()),
            "broker.example/log",
            List.of(LOG_KEY.verifierKey()),
            List.of(WITNESS.verifierKey()));
    assertThat(checked.size()).isEqualTo(6);
    assertThat(broker.verifyAudit().intact()).isTrue();
  }

  @Test
  void aCosignatureThatIsNotAWitnessesOverTheCheckpointIsRefused() {
    approve(1);
    String note = broker.checkpoint();
    NoteCosigner stranger = NoteCosigner.generate("witness.nhis.example");
    String strangerLine =
        Witness.of(stranger, LOG_KEY.verifierKey(), "broker.example/log", null)
            .cosign(note, List.of());
    assertThatThrownBy(() -> broker.addCosignature(2, strangerLine))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("configured witness");
    assertThatThrownBy(() -> broker.addCosignature(1, "— witness.nhis.example AAAA\n"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("kept checkpoint");
    assertThat(broker.checkpoint()).isEqualTo(note);
  }

  @Test
  void consistencyProofsLinkEveryPairOfSizes() {
    for (int i = 0; i < 6; i++) {
      approve(i);
    }
    List<byte[]> leaves =
        store.logged(0, 100).stream().map(org.mydatakit.audit.LoggedEntry::leafHash).toList();
    for (int a = 1; a <= 12; a++) {
      for (int b = a; b <= 12; b++) {
        assertThat(
                MerkleTree.verifyConsistency(
                    a,
                    b,
                    MerkleTree.root(leaves.subList(0, a)),
                    MerkleTree.root(leaves.subList(0, b)),
                    broker.logConsistency(a, b)))
            .isTrue();
      }
    }
    assertThatThrownBy(() -> broker.logConsistency(3, 13))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("up to the log's 12");
    assertThatThrownBy(() -> broker.logConsistency(0, 3))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void receiptsOfARetiredSigningKeyVerifyFromTheArchiveOnly() throws Exception {
    Consent active = approve(1);
    String receipt = broker.receipts(active.id()).get(0).token();
    SigningKeySet rotated = BrokerFixture.KEYS.rotate();
    SigningKeySet retired = rotated.retire(BrokerFixture.KEYS.currentKeyId());
    ConsentBroker later =
        ConsentBroker.builder()
            .store(store)
            .signingKeys(retired)
            .issuer("https://broker.example")
            .pairwiseSubjects(StoreFixtures.SUBJECTS)
            .statusListUri(URI.create("https://broker.example/status/1"))
            .logKey(LOG_KEY)
            .archivedSigningKeys(BrokerFixture.KEYS.verificationKeys())
            .build();
    assertThat(
            ReceiptIssuer.verify(receipt, later.receiptKeys(), "https://broker.example")
                .consentId())
        .isEqualTo(active.id());
    assertThat(later.receiptKeys().keyIds())
        .containsExactlyInAnyOrder(retired.currentKeyId(), BrokerFixture.KEYS.currentKeyId());
    assertThatThrownBy(
            () ->
                ReceiptIssuer.verify(receipt, retired.verificationKeys(), "https://broker.example"))
        .isInstanceOf(InvalidReceiptException.class);
  }

  @Test
  void withoutALogKeyTheBrokerSignsWithOneOfItsOwnNamedAfterTheIssuer() {
    ConsentBroker plain =
        ConsentBroker.builder()
            .store(new InMemoryConsentStore())
            .signingKeys(BrokerFixture.KEYS)
            .issuer("https://broker.example/")
            .pairwiseSubjects(StoreFixtures.SUBJECTS)
            .statusListUri(URI.create("https://broker.example/status/1"))
            .build();
    assertThat(plain.logKey().name()).isEqualTo("broker.example/log");
    assertThat(plain.logKey().toString()).doesNotContain("PRIVATE");
  }
}
