package org.mydatakit.examples.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mydatakit.examples.broker.BrokerFixture.assertProblem;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mydatakit.broker.ConsentBroker;
import org.mydatakit.broker.ConsentRequest;
import org.mydatakit.broker.InMemoryConsentStore;
import org.mydatakit.consent.AgencyId;
import org.mydatakit.consent.CitizenIdentifier;
import org.mydatakit.consent.DataItem;
import org.mydatakit.consent.Delivery;
import org.mydatakit.consent.ItemCode;
import org.mydatakit.consent.LegalBasis;
import org.mydatakit.consent.PairwiseSubjects;
import org.mydatakit.consent.Purpose;
import org.mydatakit.keys.SigningAlgorithm;
import org.mydatakit.keys.SigningKeySet;
import org.mydatakit.log.Checkpoint;
import org.mydatakit.log.LogLeaf;
import org.mydatakit.log.MerkleTree;
import org.mydatakit.log.NoteCosigner;
import org.mydatakit.log.NoteSigner;
import org.mydatakit.log.NoteVerifierKey;
import org.mydatakit.log.SignedNote;
import org.mydatakit.log.TlogProof;
import org.mydatakit.log.Witness;

/**
 * The sample broker's log endpoints over a real broker: the signed checkpoint, consistency proofs
 * that verify between two of its checkpoints, the log key, and a witness's cosignature kept and
 * served; anything else is a bare problem.
 */
class BrokerServerLogTest {
  private static final String ORIGIN = "broker.example/log";
  private static final String TEXT = "text/plain; charset=utf-8";

  private final NoteSigner logKey = NoteSigner.generate(ORIGIN);
  private final NoteCosigner witnessKey = NoteCosigner.generate("witness.example");
  private final HttpClient http = HttpClient.newHttpClient();
  private final SigningKeySet brokerKeys = SigningKeySet.generate(SigningAlgorithm.ES256);
  private final BrokerServer server =
      BrokerServer.start(
          BrokerServer.Config.builder()
              .broker(
                  base ->
                      ConsentBroker.builder()
                          .store(new InMemoryConsentStore())
                          .signingKeys(brokerKeys)
                          .issuer(base.toString())
                          .pairwiseSubjects(
                              PairwiseSubjects.of(
                                  "FAKE-MASTER-SECRET-for-examples-and-tests-only"
                                      .getBytes(StandardCharsets.US_ASCII)))
                          .statusListUri(base.resolve(BrokerServer.STATUS_PATH))
                          .logKey(logKey)
                          .witnesses(witnessKey.verifierKey())
                          .build())
              .signingKeys(brokerKeys)
              .consumer(
                  AgencyId.of("KB-BANK"),
                  SigningKeySet.generate(SigningAlgorithm.ES256).verificationKeys())
              .build());
  private int requests;

  @AfterEach
  void stop() {
    server.close();
  }

  /** Appends {@code n} entries to the log: one consent request each. */
  private void append(int n) {
    Instant now = Instant.now();
    ConsentRequest request =
        ConsentRequest.builder()
            .consumer(AgencyId.of("KB-BANK"))
            .item(DataItem.of(AgencyId.of("NHIS"), ItemCode.of("nhis.qualification")))
            .purpose(new Purpose("loan-screening", "대출 심사", LegalBasis.PIPA_35_2))
            .delivery(Delivery.oneTime())
            .validity(now, now.plus(Duration.ofDays(30)))
            .retention(Period.ofYears(1))
            .build();
    try (CitizenIdentifier citizen = CitizenIdentifier.of("FAKE-CI-HONG-GILDONG-0001")) {
      for (int i = 0; i < n; i++) {
        server.broker().request(request, citizen, "k" + requests++);
      }
    }
  }

  @Test
  void theCheckpointIsTheBrokersSignedNoteAndOpensWithTheServedKey() {
    assertProblem(get("/log/checkpoint"), 404, null); // nothing logged yet

    append(5);
    HttpResponse<String> key = get("/log/key");
    assertThat(key.statusCode()).isEqualTo(200);
    assertThat(key.headers().firstValue("Content-Type")).hasValue(TEXT);
    assertThat(key.body()).isEqualTo(logKey.verifierKey().toString());

    HttpResponse<String> checkpoint = get("/log/checkpoint");
    assertThat(checkpoint.statusCode()).isEqualTo(200);
    assertThat(checkpoint.headers().firstValue("Content-Type")).hasValue(TEXT);
    assertThat(checkpoint.body()).isEqualTo(server.broker().checkpoint());
    Checkpoint head =
        Checkpoint.parse(
            SignedNote.open(checkpoint.body(), List.of(NoteVerifierKey.parse(key.body()))).text());
    assertThat(head.origin()).isEqualTo(ORIGIN);
    assertThat(head.size()).isEqualTo(5);
  }

  @Test
  void aConsistencyProofLeadsFromAnOlderCheckpointToTheNewerOne() {
    append(5);
    Checkpoint older = open(get("/log/checkpoint").body());
    append(6);
    Checkpoint newer = open(get("/log/checkpoint").body());

    HttpResponse<String> proof = get("/log/consistency?old=5&new=11");
    assertThat(proof.statusCode()).isEqualTo(200);
    assertThat(proof.headers().firstValue("Content-Type")).hasValue(TEXT);
    List<byte[]> hashes = new ArrayList<>();
    for (String line : proof.body().split("\n")) {
      hashes.add(Base64.getDecoder().decode(line));
    }
    assertThat(hashes).isNotEmpty();
    assertThat(MerkleTree.verifyConsistency(5, 11, older.root(), newer.root(), hashes)).isTrue();
    assertThat(MerkleTree.verifyConsistency(5, 11, newer.root(), older.root(), hashes)).isFalse();

    HttpResponse<String> same = get("/log/consistency?old=11&new=11");
    assertThat(same.statusCode()).isEqualTo(200);
    assertThat(same.body()).isEmpty();

    for (String bad :
        List.of(
            "",
            "?old=5",
            "?new=11",
            "?old=abc&new=11",
            "?old=-1&new=11",
            "?old=05&new=11",
            "?old=0&new=11",
            "?old=6&new=5",
            "?old=5&new=12",
            "?old=5&new=99999999999999999999",
            "?old=5&new=11&new=11",
            "?old=5&new=11&x=1")) {
      assertProblem(get("/log/consistency" + bad), 400, "invalid_request");
    }
  }

  @Test
  void aWitnesssCosignatureIsKeptAndServedWithTheCheckpoint() {
    append(4);
    String note = get("/log/checkpoint").body();
    String line =
        Witness.of(witnessKey, logKey.verifierKey(), ORIGIN, null).cosign(note, List.of());

    HttpResponse<String> cosigned = post("/log/cosignature?size=4", "text/plain", line);
    assertThat(cosigned.statusCode()).isEqualTo(200);
    assertThat(cosigned.headers().firstValue("Content-Type")).hasValue(TEXT);
    assertThat(cosigned.body()).isEqualTo(note + line);
    String served = get("/log/checkpoint").body();
    assertThat(served).isEqualTo(note + line);
    assertThat(SignedNote.open(served, List.of(witnessKey.verifierKey())).verified())
        .extracting(SignedNote.NoteSignature::name)
        .containsExactly("witness.example");
    // the same line again changes nothing
    assertThat(post("/log/cosignature?size=4", "text/plain", line).body()).isEqualTo(note + line);
  }

  @Test
  void aCosignatureThatIsNotAConfiguredWitnesssIsRefused() {
    append(4);
    String note = get("/log/checkpoint").body();
    String stranger =
        Witness.of(NoteCosigner.generate("stranger.example"), logKey.verifierKey(), ORIGIN, null)
            .cosign(note, List.of());
    assertProblem(post("/log/cosignature?size=4", "text/plain", stranger), 400, null);
    String line =
        Witness.of(witnessKey, logKey.verifierKey(), ORIGIN, null).cosign(note, List.of());
    assertProblem(post("/log/cosignature?size=3", "text/plain", line), 400, null); // none kept
    assertProblem(post("/log/cosignature?size=4", "text/plain", "not a line"), 400, null);
    assertProblem(post("/log/cosignature?size=4", "text/plain", line + line), 400, null);
    assertProblem(post("/log/cosignature?size=4", "text/plain", ""), 400, null);
    assertProblem(post("/log/cosignature?size=x", "text/plain", line), 400, null);
    assertProblem(post("/log/cosignature", "text/plain", line), 400, null);
    assertProblem(post("/log/cosignature?size=4", "application/json", line), 415, null);
    assertProblem(get("/log/cosignature?size=4"), 405, null);
    assertProblem(post("/log/checkpoint", "text/plain", line), 405, null);
    assertProblem(get("/log/other"), 404, null);
    assertThat(get("/log/checkpoint").body()).isEqualTo(note); // nothing was added
  }

  @Test
  void aCitizenGetsTheProofFilesOfHerOwnEntriesOnly() throws Exception {
    append(3);
    HttpResponse<String> mine =
        send(
            HttpRequest.newBuilder(URI.create(server.baseUrl() + "/citizen/log-proofs"))
                .header(Endpoint.CITIZEN_HEADER, "FAKE-CI-HONG-GILDONG-0001")
                .GET()
                .build());
    assertThat(mine.statusCode()).isEqualTo(200);
    var consents = Exchanges.JSON.readTree(mine.body());
    assertThat(consents).hasSize(3);
    for (var consent : consents) {
      assertThat(consent.get("proofs")).hasSize(1);
      TlogProof proof = TlogProof.parse(consent.get("proofs").get(0).asText());
      byte[] leaf = LogLeaf.leafHashOfExtra(proof.extra().orElseThrow());
      assertThat(proof.verify(leaf, ORIGIN, List.of(logKey.verifierKey()), List.of()).size())
          .isEqualTo(3);
      assertThat(new String(proof.extra().orElseThrow(), StandardCharsets.UTF_8))
          .contains(consent.get("consentId").asText());
    }
    HttpResponse<String> other =
        send(
            HttpRequest.newBuilder(URI.create(server.baseUrl() + "/citizen/log-proofs"))
                .header(Endpoint.CITIZEN_HEADER, "FAKE-CI-KIM-CHEOLSU-0002")
                .GET()
                .build());
    assertThat(other.statusCode()).isEqualTo(200);
    assertThat(other.body()).isEqualTo("[]");
  }

  @Test
  void theStatusListIsServedFromItsCacheWithAnETag() {
    HttpResponse<String> first = get(BrokerServer.STATUS_PATH);
    assertThat(first.statusCode()).isEqualTo(200);
    String etag = first.headers().firstValue("ETag").orElseThrow();
    assertThat(first.headers().firstValue("Cache-Control").orElseThrow())
        .matches("max-age=(1[0-4][0-9]|150|[0-9]{1,2})"); // at most half the 5-minute ttl
    assertThat(first.body()).isEqualTo(server.broker().statusList());
    HttpResponse<String> again =
        send(
            HttpRequest.newBuilder(URI.create(server.baseUrl() + BrokerServer.STATUS_PATH))
                .header("If-None-Match", etag)
                .GET()
                .build());
    assertThat(again.statusCode()).isEqualTo(304);
    assertThat(again.body()).isEmpty();
  }

  private Checkpoint open(String note) {
    return Checkpoint.parse(SignedNote.open(note, List.of(logKey.verifierKey())).text());
  }

  private HttpResponse<String> get(String path) {
    return send(HttpRequest.newBuilder(URI.create(server.baseUrl() + path)).GET().build());
  }

  private HttpResponse<String> post(String path, String contentType, String body) {
    return send(
        HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
            .header("Content-Type", contentType)
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build());
  }

  private HttpResponse<String> send(HttpRequest request) {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
