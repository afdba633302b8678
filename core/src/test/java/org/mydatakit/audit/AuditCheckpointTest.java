package org.mydatakit.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.mydatakit.internal.JwsSigning;
import org.mydatakit.keys.SigningAlgorithm;
import org.mydatakit.keys.SigningKeySet;
import org.mydatakit.keys.VerificationKeySet;

/** Signed checkpoints verify, forged ones do not, and they catch what the chain alone cannot. */
class AuditCheckpointTest {
  private static final String ISS = "https://broker.example";
  private static final Instant NOW = Instant.parse("2026-03-01T12:00:00.750Z");
  private static final SigningKeySet KEYS = SigningKeySet.generate(SigningAlgorithm.ES256);
  private static final VerificationKeySet PUBLIC = KEYS.verificationKeys();
  private static final List<AuditEntry> CHAIN = AuditFixtures.chain(200);

  @ParameterizedTest
  @EnumSource(SigningAlgorithm.class)
  void aSignedCheckpointVerifies(SigningAlgorithm algorithm) throws Exception {
    SigningKeySet keys = SigningKeySet.generate(algorithm);
    AuditCheckpoint signed = AuditCheckpoint.sign(keys, ISS, CHAIN.get(99), NOW);
    AuditCheckpoint verified = AuditCheckpoint.verify(signed.token(), keys.verificationKeys(), ISS);
    assertThat(verified.sequence()).isEqualTo(100);
    assertThat(verified.headHash()).isEqualTo(CHAIN.get(99).hash());
    assertThat(verified.issuedAt()).isEqualTo(Instant.parse("2026-03-01T12:00:00Z"));
    assertThat(verified.issuer()).isEqualTo(ISS);
    assertThat(verified.toString()).doesNotContain(signed.token()).contains("seq=100");
    assertThat(header(signed.token()))
        .matches("\\{\"(alg|typ|kid)\".*")
        .contains(AuditCheckpoint.TYPE);
  }

  @Test
  void aCheckpointSignedWithAnotherKeyIsRejected() {
    SigningKeySet other = SigningKeySet.generate(SigningAlgorithm.ES256, KEYS.currentKeyId());
    String forged = AuditCheckpoint.sign(other, ISS, CHAIN.get(9), NOW).token();
    assertRejected(forged, ISS, "signature is invalid");
    String unknownKid =
        AuditCheckpoint.sign(SigningKeySet.generate(SigningAlgorithm.ES256), ISS, CHAIN.get(9), NOW)
            .token();
    assertRejected(unknownKid, ISS, "signing key is unknown");
  }

  @Test
  void aCheckpointWithAnAlteredHeadOrSequenceIsRejected() {
    String token = AuditCheckpoint.sign(KEYS, ISS, CHAIN.get(9), NOW).token();
    String claims = payload(token);
    String otherHead = claims.replace(CHAIN.get(9).hash(), CHAIN.get(10).hash());
    String otherSeq = claims.replace("\"seq\":10", "\"seq\":11");
    assertThat(otherSeq).isNotEqualTo(claims);
    assertRejected(withPayload(token, otherHead), ISS, "signature is invalid");
    assertRejected(withPayload(token, otherSeq), ISS, "signature is invalid");
  }

  @Test
  void aCheckpointOfAnotherTypeOrIssuerIsRejected() {
    String claims = payload(AuditCheckpoint.sign(KEYS, ISS, CHAIN.get(9), NOW).token());
    assertRejected(
        JwsSigning.current(KEYS.exportPrivateJwks()).sign("JWT", claims, false),
        ISS,
        "type is wrong");
    assertRejected(
        JwsSigning.current(KEYS.exportPrivateJwks()).sign("consent-receipt+jwt", claims, false),
        ISS,
        "type is wrong");
    assertRejected(
        AuditCheckpoint.sign(KEYS, ISS, CHAIN.get(9), NOW).token(),
        "https://other.example",
        "issuer is not trusted");
  }

  @Test
  void aCheckpointWithClaimsOutsideTheProfileIsRejected() {
    String head = CHAIN.get(9).hash();
    for (String claims :
        List.of(
            "{\"iss\":\"" + ISS + "\",\"seq\":10,\"head\":\"" + head + "\"}",
            "{\"iss\":\"" + ISS + "\",\"seq\":10,\"head\":\"" + head + "\",\"iat\":1,\"x\":1}",
            "{\"iss\":\"" + ISS + "\",\"seq\":0,\"head\":\"" + head + "\",\"iat\":1}",
            "{\"iss\":\"" + ISS + "\",\"seq\":\"10\",\"head\":\"" + head + "\",\"iat\":1}",
            "{\"iss\":\""
                + ISS
                + "\",\"seq\":10,\"head\":\""
                + head.toUpperCase()
                + "\",\"iat\":1}",
            "{\"iss\":\"" + ISS + "\",\"seq\":10,\"head\":\"" + head + "\",\"iat\":1.5}")) {
      assertRejected(
          JwsSigning.current(KEYS.exportPrivateJwks()).sign(AuditCheckpoint.TYPE, claims, false),
          ISS,
          "");
    }
    assertRejected("not.a.token", ISS, "not a well-formed");
  }

  @Test
  void truncationAtTheEndIsOnlyDetectedWithACheckpoint() {
    AuditCheckpoint last = AuditCheckpoint.sign(KEYS, ISS, CHAIN.get(199), NOW);
    List<AuditEntry> truncated = CHAIN.subList(0, 199);
    assertThat(AuditChain.verify(truncated).intact()).isTrue();
    AuditVerification result = AuditChain.verify(truncated, List.of(last));
    assertThat(result.firstBrokenSequence()).hasValue(200);
    assertThat(result.why()).isEqualTo("the chain ends at sequence 199 before checkpoint 200");
    assertThat(AuditChain.verify(CHAIN, List.of(last)).intact()).isTrue();
  }

  @Test
  void aChainRewrittenWithRecomputedHashesFailsAgainstAnEarlierCheckpoint() {
    AuditCheckpoint before = AuditCheckpoint.sign(KEYS, ISS, CHAIN.get(149), NOW);
    List<AuditEntry> forged = new ArrayList<>(CHAIN.subList(0, 49));
    AuditEntry entry = AuditEntry.seal(50, AuditFixtures.event(5_000), CHAIN.get(48).hash());
    forged.add(entry);
    for (int i = 50; i < 200; i++) {
      entry = entry.next(CHAIN.get(i).event());
      forged.add(entry);
    }
    assertThat(AuditChain.verify(forged).intact()).isTrue();
    AuditVerification result = AuditChain.verify(forged, List.of(before));
    assertThat(result.firstBrokenSequence()).hasValue(150);
    assertThat(result.why()).isEqualTo("hash does not match the signed checkpoint");
  }

  @Test
  void aMillionEntriesVerifyStreamingWithProgress() {
    List<Long> progress = new ArrayList<>();
    AuditVerification result = AuditChain.verify(AuditFixtures.lazyChain(1_000_000), progress::add);
    assertThat(result.intact()).isTrue();
    assertThat(result.entries()).isEqualTo(1_000_000);
    assertThat(progress).hasSize(100).startsWith(10_000L, 20_000L).endsWith(1_000_000L);
  }

  private static void assertRejected(String token, String issuer, String message) {
    assertThatThrownBy(() -> AuditCheckpoint.verify(token, PUBLIC, issuer))
        .isInstanceOf(InvalidCheckpointException.class)
        .hasMessageStartingWith("audit checkpoint rejected: ")
        .hasMessageContaining(message)
        .message()
        .doesNotContain(token);
  }

  static String header(String token) {
    return decode(token.split("\\.")[0]);
  }

  static String payload(String token) {
    return decode(token.split("\\.")[1]);
  }

  static String withPayload(String token, String payload) {
    String[] parts = token.split("\\.");
    String encoded =
        Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(payload.getBytes(StandardCharsets.UTF_8));
    return parts[0] + "." + encoded + "." + parts[2];
  }

  private static String decode(String part) {
    return new String(Base64.getUrlDecoder().decode(part), StandardCharsets.UTF_8);
  }
}
