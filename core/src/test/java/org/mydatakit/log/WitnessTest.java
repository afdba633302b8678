package org.mydatakit.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mydatakit.log.InvalidNoteException.Reason;

/**
 * A witness cosigns a log that grows and refuses one that shrank, forked, rewrote an entry in the
 * middle or reordered two entries; refused, it stays at its last checkpoint. Its cosignatures
 * verify with its type-0x04 key, in a note and in a citizen's proof file.
 */
class WitnessTest {
  private static final String ORIGIN = "broker.example/log";
  private final NoteSigner log = NoteSigner.generate(ORIGIN);
  private final NoteCosigner cosigner = NoteCosigner.generate("witness.nts.example");
  private final Clock clock = Clock.fixed(Instant.parse("2026-12-07T09:00:00Z"), ZoneOffset.UTC);
  private final List<byte[]> leaves = new ArrayList<>();

  private void append(int n) {
    for (int i = 0; i < n; i++) {
      leaves.add(MerkleTree.leafHash(("entry " + leaves.size()).getBytes(StandardCharsets.UTF_8)));
    }
  }

  private String note(List<byte[]> tree) {
    return log.sign(Checkpoint.of(ORIGIN, tree.size(), MerkleTree.root(tree)).text());
  }

  private Witness witness() {
    return Witness.of(cosigner, log.verifierKey(), ORIGIN, null, clock);
  }

  @Test
  void aGrowingLogIsCosignedAndTheCosignatureVerifies() {
    Witness witness = witness();
    append(5);
    String first = note(leaves);
    String cosignature = witness.cosign(first, List.of());
    SignedNote cosigned = SignedNote.open(first + cosignature, List.of(cosigner.verifierKey()));
    assertThat(cosigned.verified())
        .extracting(SignedNote.NoteSignature::name)
        .containsExactly("witness.nts.example");

    List<byte[]> old = List.copyOf(leaves);
    append(7);
    String second = note(leaves);
    witness.cosign(second, MerkleTree.consistencyProof(leaves, old.size()));
    assertThat(witness.lastCosigned().orElseThrow().size()).isEqualTo(12);
    // the same checkpoint again is cosigned again
    witness.cosign(second, List.of());

    // a citizen's proof file with the cosignature verifies with both keys
    String cosignedNote = second + witness.cosign(second, List.of());
    TlogProof proof = TlogProof.of(null, 3, MerkleTree.inclusionProof(leaves, 3), cosignedNote);
    assertThat(
            proof
                .verify(
                    leaves.get(3),
                    ORIGIN,
                    List.of(log.verifierKey()),
                    List.of(cosigner.verifierKey()))
                .size())
        .isEqualTo(12);
  }

  @Test
  void aLogThatShrankIsRefused() {
    Witness witness = witness();
    append(8);
    witness.cosign(note(leaves), List.of());
    String cut = note(leaves.subList(0, 6)); // the tail cut, signed by the log's own key
    assertThat(refusal(witness, cut, List.of())).isEqualTo(Reason.LOG_SHRANK);
    assertThat(witness.lastCosigned().orElseThrow().size()).isEqualTo(8);
  }

  @Test
  void aForkedLogIsRefused() {
    Witness witness = witness();
    append(8);
    witness.cosign(note(leaves), List.of());
    List<byte[]> fork = new ArrayList<>(leaves);
    fork.set(7, MerkleTree.leafHash("another last entry".getBytes(StandardCharsets.UTF_8)));
    assertThat(refusal(witness, note(fork), List.of())).isEqualTo(Reason.LOG_FORKED);
  }

  @Test
  void aRewrittenMiddleEntryOrAReorderedPairIsRefused() {
    Witness witness = witness();
    append(8);
    witness.cosign(note(leaves), List.of());

    List<byte[]> rewritten = new ArrayList<>(leaves);
    rewritten.set(3, MerkleTree.leafHash("a different past".getBytes(StandardCharsets.UTF_8)));
    rewritten.add(MerkleTree.leafHash("entry 8".getBytes(StandardCharsets.UTF_8)));
    assertThat(refusal(witness, note(rewritten), MerkleTree.consistencyProof(rewritten, 8)))
        .isEqualTo(Reason.INCONSISTENT);

    List<byte[]> reordered = new ArrayList<>(leaves);
    Collections.swap(reordered, 4, 5);
    reordered.add(MerkleTree.leafHash("entry 8".getBytes(StandardCharsets.UTF_8)));
    assertThat(refusal(witness, note(reordered), MerkleTree.consistencyProof(reordered, 8)))
        .isEqualTo(Reason.INCONSISTENT);
    assertThat(witness.lastCosigned().orElseThrow().size()).isEqualTo(8);
  }

  @Test
  void aCheckpointNotSignedByTheLogOrOfAnotherLogIsRefused() {
    Witness witness = witness();
    append(4);
    String forged =
        NoteSigner.generate(ORIGIN).sign(Checkpoint.of(ORIGIN, 4, MerkleTree.root(leaves)).text());
    assertThat(refusal(witness, forged, List.of())).isEqualTo(Reason.NO_VERIFIED_SIGNATURE);
    Witness other = Witness.of(cosigner, log.verifierKey(), "other.example/log", null, clock);
    assertThat(refusal(other, note(leaves), List.of())).isEqualTo(Reason.ORIGIN_MISMATCH);
    assertThat(witness.lastCosigned()).isEmpty();
    assertThat(cosigner.toString()).doesNotContain("PRIVATE");
  }

  @Test
  void aCosignerKeyRoundTripsThroughItsPrivateKeyForm() {
    String skey = cosigner.privateKey();
    assertThat(skey).startsWith("PRIVATE+KEY+witness.nts.example+");
    NoteCosigner again = NoteCosigner.parse(skey);
    assertThat(again.verifierKey()).isEqualTo(cosigner.verifierKey());
    append(3);
    String note = note(leaves);
    String line = again.cosignatureLine(note.substring(0, note.indexOf("\n\n") + 1), 1);
    assertThat(SignedNote.open(note + line, List.of(cosigner.verifierKey())).verified()).hasSize(1);

    // a log key (type 0x01), a changed key id, garbage: refused without quoting the key
    String logSkey = log.privateKey();
    for (String bad :
        List.of(
            logSkey,
            skey.replaceFirst("\\+[0-9a-f]{8}\\+", "+00000000+"),
            "PRIVATE+KEY+w+1+AA==",
            "")) {
      InvalidNoteException e =
          catchThrowableOfType(InvalidNoteException.class, () -> NoteCosigner.parse(bad));
      assertThat(e).as(bad.isEmpty() ? "empty" : "a bad key").isNotNull();
      assertThat(e.reason()).isEqualTo(Reason.MALFORMED);
      assertThat(e.getMessage()).doesNotContain(skey.split("\\+", 5)[4]);
    }
    assertThat(catchThrowableOfType(InvalidNoteException.class, () -> NoteCosigner.parse(null)))
        .isNotNull();
  }

  private static Reason refusal(Witness witness, String note, List<byte[]> proof) {
    InvalidNoteException e =
        catchThrowableOfType(InvalidNoteException.class, () -> witness.cosign(note, proof));
    assertThat(e).as("expected the witness to refuse").isNotNull();
    return e.reason();
  }
}
