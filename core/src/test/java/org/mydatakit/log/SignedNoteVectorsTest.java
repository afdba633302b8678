package org.mydatakit.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The C2SP signed-note and tlog-checkpoint vectors of {@code src/test/resources/merkle} (golang/mod
 * sumdb/note and tlog tests, the C2SP examples; see PROVENANCE.md): every verifier key, note and
 * checkpoint has its expected outcome.
 */
class SignedNoteVectorsTest {
  private static final JsonNode VECTORS = load();

  /**
   * Deliberate difference: the verifier set holds the same key twice. Go reports an ambiguous key
   * when a signature needs it; here identical keys are one key (the vectors' note calls either
   * equally safe), and two different keys under one name and key ID are refused.
   */
  private static final Map<String, String> DIFFERENT =
      Map.of("go/note/duplicate-verifier-used", "ok");

  private static JsonNode load() {
    try (InputStream in =
        SignedNoteVectorsTest.class.getResourceAsStream("/merkle/signed-note.json")) {
      return new ObjectMapper().readTree(in);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static List<NoteVerifierKey> keys(JsonNode verifiers) {
    List<NoteVerifierKey> keys = new ArrayList<>();
    if (verifiers != null) {
      verifiers.forEach(v -> keys.add(NoteVerifierKey.parse(v.asText())));
    }
    return keys;
  }

  /** The outcome as the vectors name it: ok, malformed, bad-signature, ... */
  private static String outcome(JsonNode vector) {
    try {
      byte[] message =
          vector.has("message_hex")
              ? HexFormat.of().parseHex(vector.get("message_hex").asText())
              : vector.get("message").asText().getBytes(StandardCharsets.UTF_8);
      SignedNote note = SignedNote.open(message, keys(vector.get("verifiers")));
      JsonNode expected = vector.get("expected");
      if (expected.has("verified")) {
        List<String> signatures = new ArrayList<>();
        expected.get("verified").forEach(s -> signatures.add(s.get("signature").asText()));
        assertThat(note.verified())
            .extracting(s -> signatureText(s))
            .as(vector.get("id").asText())
            .containsExactlyInAnyOrderElementsOf(signatures);
      }
      if (expected.has("text")) {
        assertThat(note.text()).isEqualTo(expected.get("text").asText());
      }
      return "ok";
    } catch (InvalidNoteException e) {
      return e.reason().name().toLowerCase().replace('_', '-');
    }
  }

  private static String signatureText(SignedNote.NoteSignature s) {
    byte[] sig = s.signature();
    byte[] blob = new byte[4 + sig.length];
    blob[0] = (byte) (s.keyId() >>> 24);
    blob[1] = (byte) (s.keyId() >>> 16);
    blob[2] = (byte) (s.keyId() >>> 8);
    blob[3] = (byte) s.keyId();
    System.arraycopy(sig, 0, blob, 4, sig.length);
    return Base64.getEncoder().encodeToString(blob);
  }

  @Test
  void everyVerifierKeyHasItsExpectedOutcome() {
    for (JsonNode v : VECTORS.get("vkey_vectors")) {
      InvalidNoteException e =
          catchThrowableOfType(
              InvalidNoteException.class, () -> NoteVerifierKey.parse(v.get("vkey").asText()));
      assertThat(e == null).as(v.get("vkey").asText()).isEqualTo(v.get("valid").asBoolean());
    }
    for (JsonNode v : VECTORS.get("key_id_vectors")) {
      NoteVerifierKey key = NoteVerifierKey.parse(v.get("vkey").asText());
      assertThat(String.format("%08x", key.keyId())).isEqualTo(v.get("key_id").asText());
      assertThat(HexFormat.of().formatHex(key.publicKey())).isEqualTo(v.get("public_key").asText());
    }
  }

  @Test
  void everyNoteHasItsExpectedOutcome() {
    assertThat(VECTORS.get("notes")).hasSize(22);
    for (JsonNode v : VECTORS.get("notes")) {
      String id = v.get("id").asText();
      String expected = DIFFERENT.getOrDefault(id, v.get("expected").get("outcome").asText());
      assertThat(outcome(v)).as(id).isEqualTo(expected);
    }
  }

  @Test
  void everySignedCheckpointHasItsExpectedOutcomeAndBody() {
    for (JsonNode v : VECTORS.get("checkpoints")) {
      String id = v.get("id").asText();
      assertThat(outcome(v)).as(id).isEqualTo(v.get("expected").get("outcome").asText());
      JsonNode body = v.get("expected").get("checkpoint");
      if (body != null && "ok".equals(v.get("expected").get("outcome").asText())) {
        Checkpoint checkpoint =
            Checkpoint.parse(
                SignedNote.open(v.get("message").asText(), keys(v.get("verifiers"))).text());
        assertThat(checkpoint.origin()).isEqualTo(body.get("origin").asText());
        assertThat(checkpoint.size()).isEqualTo(body.get("tree_size").asLong());
        assertThat(HexFormat.of().formatHex(checkpoint.root()))
            .isEqualTo(body.get("root_hash").asText());
      }
    }
  }

  @Test
  void everyCheckpointBodyHasItsExpectedOutcome() {
    for (JsonNode v : VECTORS.get("checkpoint_bodies")) {
      String id = v.get("id").asText();
      InvalidNoteException e =
          catchThrowableOfType(
              InvalidNoteException.class, () -> Checkpoint.parse(v.get("body").asText()));
      assertThat(e == null).as(id).isEqualTo(v.get("valid").asBoolean());
      if (e == null) {
        Checkpoint checkpoint = Checkpoint.parse(v.get("body").asText());
        assertThat(checkpoint.size()).isEqualTo(v.get("tree_size").asLong());
        assertThat(checkpoint.text()).isEqualTo(v.get("body").asText());
        List<String> extensions = new ArrayList<>();
        v.get("extensions").forEach(x -> extensions.add(x.asText()));
        assertThat(checkpoint.extensions()).isEqualTo(extensions);
      }
    }
  }

  @Test
  void everyProofFileHasItsExpectedOutcome() {
    assertThat(VECTORS.get("tlog_proofs")).hasSize(22);
    for (JsonNode v : VECTORS.get("tlog_proofs")) {
      String id = v.get("id").asText();
      String outcome;
      try {
        TlogProof proof = TlogProof.parse(v.get("proof").asText());
        byte[] leaf =
            v.get("leaf_hash").isNull()
                ? new byte[32]
                : HexFormat.of().parseHex(v.get("leaf_hash").asText());
        Checkpoint checkpoint =
            proof.verify(
                leaf,
                v.get("origin").asText(),
                keys(v.get("log_vkeys")),
                keys(v.get("witness_vkeys")));
        assertThat(proof.index()).isEqualTo(v.get("expected").get("index").asLong());
        assertThat(TlogProof.parse(proof.text())).isEqualTo(proof);
        assertThat(checkpoint.size()).isPositive();
        outcome = "ok";
      } catch (InvalidNoteException e) {
        outcome = e.reason().name().toLowerCase().replace('_', '-');
      }
      assertThat(outcome).as(id).isEqualTo(v.get("expected").get("outcome").asText());
    }
  }

  @Test
  void signingGivesThePublishedNotes() {
    for (JsonNode v : VECTORS.get("sign_vectors")) {
      String id = v.get("id").asText();
      NoteSigner signer =
          v.has("skey")
              ? NoteSigner.parse(v.get("skey").asText())
              : NoteSigner.of(
                  v.get("name").asText(), HexFormat.of().parseHex(v.get("seed").asText()));
      if (v.has("expected_error")) {
        assertThat(catchThrowableOfType(InvalidNoteException.class, () -> signer.sign("abc")))
            .as(id)
            .isNotNull();
      } else if (v.has("existing_message")) {
        String existing = v.get("existing_message").asText();
        String text = existing.substring(0, existing.lastIndexOf("\n\n") + 1);
        assertThat(existing + signer.signatureLine(text))
            .as(id)
            .isEqualTo(v.get("expected_message").asText());
      } else {
        assertThat(signer.sign(v.get("text").asText()))
            .as(id)
            .isEqualTo(v.get("expected_message").asText());
      }
    }
    NoteSigner peter = NoteSigner.parse(VECTORS.get("sign_vectors").get(0).get("skey").asText());
    assertThat(peter.privateKey())
        .isEqualTo(VECTORS.get("sign_vectors").get(0).get("skey").asText());
    assertThat(peter.toString()).doesNotContain("AYEKFALV");
  }
}
