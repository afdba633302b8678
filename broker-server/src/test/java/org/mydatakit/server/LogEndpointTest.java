package org.mydatakit.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mydatakit.log.Checkpoint;
import org.mydatakit.log.MerkleTree;
import org.mydatakit.log.NoteCosigner;
import org.mydatakit.log.NoteVerifierKey;
import org.mydatakit.log.SignedNote;
import org.mydatakit.log.Witness;

/**
 * The verifiable log's endpoints over the shared broker: the signed checkpoint and the key it opens
 * with, consistency proofs between two of its checkpoints, and witness cosignatures, kept when the
 * configured witness made them and refused with a problem otherwise.
 */
class LogEndpointTest extends ServerTestBase {
  private static final String TEXT = "text/plain;charset=utf-8"; // as Spring writes it

  private void append(int n) {
    for (int i = 0; i < n; i++) {
      activeConsent();
    }
  }

  private NoteVerifierKey logKey() {
    return NoteVerifierKey.parse(get("/log/key").body());
  }

  private Checkpoint open(String note) {
    return Checkpoint.parse(SignedNote.open(note, List.of(logKey())).text());
  }

  @Test
  void theCheckpointIsTheBrokersSignedNoteAndOpensWithTheServedKey() {
    append(2);
    HttpResponse<String> key = get("/log/key");
    assertThat(key.statusCode()).isEqualTo(200);
    assertThat(key.headers().firstValue("Content-Type")).hasValue(TEXT);
    assertThat(key.body()).isEqualTo(broker.logKey().toString());
    assertThat(key.body()).doesNotContain("PRIVATE");

    HttpResponse<String> checkpoint = get("/log/checkpoint");
    assertThat(checkpoint.statusCode()).isEqualTo(200);
    assertThat(checkpoint.headers().firstValue("Content-Type")).hasValue(TEXT);
    assertThat(checkpoint.body()).isEqualTo(broker.checkpoint());
    Checkpoint head = open(checkpoint.body());
    assertThat(head.origin()).isEqualTo(ORIGIN);
    assertThat(head.size()).isPositive();
  }

  @Test
  void aConsistencyProofLeadsFromAnOlderCheckpointToTheNewerOne() {
    append(1);
    Checkpoint older = open(get("/log/checkpoint").body());
    append(3);
    Checkpoint newer = open(get("/log/checkpoint").body());
    long a = older.size();
    long b = newer.size();
    assertThat(b).isGreaterThan(a);

    HttpResponse<String> proof = get("/log/consistency?old=" + a + "&new=" + b);
    assertThat(proof.statusCode()).isEqualTo(200);
    assertThat(proof.headers().firstValue("Content-Type")).hasValue(TEXT);
    List<byte[]> hashes = new ArrayList<>();
    for (String line : proof.body().split("\n")) {
      hashes.add(Base64.getDecoder().decode(line));
    }
    assertThat(hashes).isNotEmpty();
    assertThat(MerkleTree.verifyConsistency(a, b, older.root(), newer.root(), hashes)).isTrue();
    assertThat(MerkleTree.verifyConsistency(a, b, newer.root(), older.root(), hashes)).isFalse();

    HttpResponse<String> same = get("/log/consistency?old=" + b + "&new=" + b);
    assertThat(same.statusCode()).isEqualTo(200);
    assertThat(same.body()).isEmpty();

    for (String bad :
        List.of(
            "",
            "?old=" + a,
            "?new=" + b,
            "?old=abc&new=" + b,
            "?old=-1&new=" + b,
            "?old=0" + a + "&new=" + b,
            "?old=0&new=" + b,
            "?old=" + b + "&new=" + a,
            "?old=" + a + "&new=" + (Long.MAX_VALUE - 1),
            "?old=" + a + "&new=99999999999999999999",
            "?old=" + a + "&new=" + b + "&new=" + b,
            "?old=" + a + "&new=" + b + "&x=1")) {
      assertProblem(get("/log/consistency" + bad), 400, "invalid_request");
    }
  }

  @Test
  void aWitnesssCosignatureIsKeptAndServedWithTheCheckpoint() {
    append(1);
    String note = broker.checkpoint();
    long size = open(note).size();
    String line = Witness.of(WITNESS, logKey(), ORIGIN, null).cosign(note, List.of());

    HttpResponse<String> cosigned = post("/log/cosignature?size=" + size, "text/plain", line);
    assertThat(cosigned.statusCode()).isEqualTo(200);
    assertThat(cosigned.headers().firstValue("Content-Type")).hasValue(TEXT);
    assertThat(cosigned.body()).isEqualTo(note + line);
    String served = get("/log/checkpoint").body();
    assertThat(served).isEqualTo(note + line);
    assertThat(SignedNote.open(served, List.of(WITNESS.verifierKey())).verified())
        .extracting(SignedNote.NoteSignature::name)
        .containsExactly("witness.example");
    // the same line again changes nothing
    assertThat(post("/log/cosignature?size=" + size, "text/plain", line).body())
        .isEqualTo(note + line);
  }

  @Test
  void aCosignatureThatIsNotAConfiguredWitnesssIsRefused() {
    append(1);
    String note = broker.checkpoint();
    long size = open(note).size();
    String stranger =
        Witness.of(NoteCosigner.generate("stranger.example"), logKey(), ORIGIN, null)
            .cosign(note, List.of());
    String at = "/log/cosignature?size=" + size;
    assertProblem(post(at, "text/plain", stranger), 400, "cosignature_refused");
    String line = Witness.of(WITNESS, logKey(), ORIGIN, null).cosign(note, List.of());
    assertProblem(
        post("/log/cosignature?size=" + (size + 1000), "text/plain", line),
        400,
        "cosignature_refused"); // no such checkpoint kept
    assertProblem(post(at, "text/plain", "not a line"), 400, "cosignature_refused");
    assertProblem(post(at, "text/plain", line + line), 400, "invalid_request");
    assertProblem(post(at, "text/plain", ""), 400, "invalid_request");
    assertProblem(post(at, "text/plain", "x".repeat(5000)), 413, null);
    assertProblem(post("/log/cosignature?size=x", "text/plain", line), 400, "invalid_request");
    assertProblem(post("/log/cosignature", "text/plain", line), 400, "invalid_request");
    assertProblem(post(at, "application/json", line), 415, null);
    assertProblem(get(at), 405, null);
    assertProblem(post("/log/checkpoint", "text/plain", line), 405, null);
    assertProblem(get("/log/other"), 404, null);
    assertThat(get("/log/checkpoint").body()).isEqualTo(note); // nothing was added
  }
}
