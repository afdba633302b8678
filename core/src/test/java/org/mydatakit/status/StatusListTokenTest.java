package org.mydatakit.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.time.Duration;
import java.util.Base64;
import java.util.Iterator;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.mydatakit.keys.SigningAlgorithm;
import org.mydatakit.keys.SigningKeySet;
import org.mydatakit.status.StatusListException.Reason;

/** Signing and verifying Status List Tokens; one named test per rejection. */
class StatusListTokenTest {
  private final StatusFixture f = new StatusFixture();

  private Reason rejection(String token) {
    return rejection(token, StatusFixture.URI_1);
  }

  private Reason rejection(String token, URI uri) {
    StatusListException e =
        catchThrowableOfType(StatusListException.class, () -> f.verifier().verify(token, uri));
    assertThat(e).as("expected the verifier to reject").isNotNull();
    assertThat(e.getMessage()).doesNotContain(token).doesNotContain(token.split("\\.")[1]);
    return e.reason();
  }

  private static JsonNode part(String token, int index) throws Exception {
    return StatusFixture.JSON.readTree(Base64.getUrlDecoder().decode(token.split("\\.")[index]));
  }

  @Test
  void signedListVerifiesWithItsClaims() throws Exception {
    String token = f.issuer().sign(StatusFixture.URI_1, StatusFixture.sample());

    VerifiedStatusList verified = f.verifier().verify(token, StatusFixture.URI_1);

    assertThat(verified.issuer()).isEqualTo(StatusFixture.ISSUER);
    assertThat(verified.uri()).isEqualTo(StatusFixture.URI_1);
    assertThat(verified.issuedAt()).isEqualTo(StatusFixture.NOW);
    assertThat(verified.expiresAt()).isEqualTo(StatusFixture.NOW.plus(Duration.ofDays(1)));
    assertThat(verified.ttl()).isEqualTo(Duration.ofMinutes(5));
    assertThat(verified.list().get(42)).isEqualTo(TokenStatus.INVALID);
    assertThat(verified.list().get(43)).isEqualTo(TokenStatus.SUSPENDED);
    assertThat(verified.list().get(44)).isEqualTo(TokenStatus.VALID);
  }

  @Test
  void tokenHasExactlyTheProfilesHeaderAndClaims() throws Exception {
    String token = f.issuer().sign(StatusFixture.URI_1, StatusFixture.sample());
    JsonNode header = part(token, 0);
    JsonNode claims = part(token, 1);

    assertThat(names(header)).containsExactly("alg", "kid", "typ");
    assertThat(header.get("typ").asText()).isEqualTo("statuslist+jwt");
    assertThat(header.get("alg").asText()).isEqualTo("ES256");
    assertThat(header.get("kid").asText()).isEqualTo("status-k1");
    assertThat(names(claims)).containsExactly("exp", "iat", "iss", "status_list", "sub", "ttl");
    assertThat(claims.get("sub").asText()).isEqualTo("https://broker.example/status/1");
    assertThat(claims.get("ttl").asLong()).isEqualTo(300);
    assertThat(claims.get("exp").asLong() - claims.get("iat").asLong()).isEqualTo(86_400);
    assertThat(names(claims.get("status_list"))).containsExactly("bits", "lst");
    assertThat(claims.at("/status_list/bits").asInt()).isEqualTo(2);
  }

  private static Set<String> names(JsonNode node) {
    Set<String> names = new TreeSet<>();
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      names.add(it.next());
    }
    return names;
  }

  @Test
  void psKeysSignToo() throws Exception {
    SigningKeySet rsa = SigningKeySet.generate(SigningAlgorithm.PS256);
    String token =
        StatusListIssuer.builder(rsa, StatusFixture.ISSUER)
            .build()
            .sign(StatusFixture.URI_1, StatusFixture.sample());
    VerifiedStatusList verified =
        StatusListVerifier.builder()
            .trustedIssuer(StatusFixture.ISSUER, rsa.verificationKeys())
            .build()
            .verify(token, StatusFixture.URI_1);
    assertThat(verified.list()).isEqualTo(StatusFixture.sample());
  }

  @Test
  void badSignatureIsRejectedWithBadSignature() {
    String token = StatusFixture.token(c -> {});
    String other = StatusFixture.token(c -> c.put("ttl", 301));
    String[] a = token.split("\\.");
    String[] b = other.split("\\.");
    assertThat(rejection(a[0] + "." + b[1] + "." + a[2])).isEqualTo(Reason.BAD_SIGNATURE);
  }

  @Test
  void otherKeyWithTheSameKidIsRejectedWithBadSignature() {
    String token = StatusFixture.token("statuslist+jwt", StatusFixture.OTHER_KEYS, c -> {});
    assertThat(rejection(token)).isEqualTo(Reason.BAD_SIGNATURE);
  }

  @Test
  void wrongTypeIsRejectedWithWrongType() {
    assertThat(rejection(StatusFixture.token("mydata-grant+jwt", StatusFixture.KEYS, c -> {})))
        .isEqualTo(Reason.WRONG_TYPE);
    assertThat(rejection(StatusFixture.token("JWT", StatusFixture.KEYS, c -> {})))
        .isEqualTo(Reason.WRONG_TYPE);
  }

  @Test
  void unknownKeyIsRejectedWithUnknownKey() {
    SigningKeySet stranger = SigningKeySet.generate(SigningAlgorithm.ES256, "stranger");
    assertThat(rejection(StatusFixture.token("statuslist+jwt", stranger, c -> {})))
        .isEqualTo(Reason.UNKNOWN_KEY);
  }

  @Test
  void wrongIssuerIsRejectedWithWrongIssuer() {
    assertThat(rejection(StatusFixture.token(c -> c.put("iss", "https://evil.example"))))
        .isEqualTo(Reason.WRONG_ISSUER);
    assertThat(rejection(StatusFixture.token(c -> c.remove("iss"))))
        .isEqualTo(Reason.INVALID_CLAIM);
  }

  @Test
  void wrongSubjectIsRejectedWithWrongSubject() {
    String token = StatusFixture.token(c -> {});
    assertThat(rejection(token, URI.create("https://broker.example/status/2")))
        .isEqualTo(Reason.WRONG_SUBJECT);
  }

  @Test
  void expiredListIsRejectedWithExpired() {
    String token = StatusFixture.token(c -> c.put("exp", StatusFixture.NOW.getEpochSecond() - 31));
    assertThat(rejection(token)).isEqualTo(Reason.EXPIRED);
    f.clock.advance(Duration.ofDays(1).plusSeconds(31));
    assertThat(rejection(StatusFixture.token(c -> {}))).isEqualTo(Reason.EXPIRED);
  }

  @Test
  void withinTheSkewAnExpiredListStillVerifies() throws Exception {
    long now = StatusFixture.NOW.getEpochSecond();
    String token = StatusFixture.token(c -> c.put("iat", now - 100).put("exp", now - 29));
    assertThat(f.verifier().verify(token, StatusFixture.URI_1).list().size()).isEqualTo(1000);
  }

  @Test
  void listIssuedInTheFutureIsRejectedWithIssuedInFuture() {
    String token = StatusFixture.token(c -> c.put("iat", StatusFixture.NOW.getEpochSecond() + 31));
    assertThat(rejection(token)).isEqualTo(Reason.ISSUED_IN_FUTURE);
  }

  @Test
  void nonPositiveOrMissingTtlIsRejectedWithInvalidClaim() {
    assertThat(rejection(StatusFixture.token(c -> c.put("ttl", 0))))
        .isEqualTo(Reason.INVALID_CLAIM);
    assertThat(rejection(StatusFixture.token(c -> c.put("ttl", -5))))
        .isEqualTo(Reason.INVALID_CLAIM);
    assertThat(rejection(StatusFixture.token(c -> c.put("ttl", "300"))))
        .isEqualTo(Reason.INVALID_CLAIM);
    assertThat(rejection(StatusFixture.token(c -> c.remove("ttl"))))
        .isEqualTo(Reason.INVALID_CLAIM);
    assertThat(rejection(StatusFixture.token(c -> c.put("iat", 1.5))))
        .isEqualTo(Reason.INVALID_CLAIM);
  }

  @Test
  void otherWidthsAreRejectedWithUnsupportedBits() {
    for (int bits : new int[] {1, 4, 8, 3}) {
      String token =
          StatusFixture.token(c -> ((ObjectNode) c.get("status_list")).put("bits", bits));
      assertThat(rejection(token)).isEqualTo(Reason.UNSUPPORTED_BITS);
    }
  }

  @Test
  void lstThatIsNotZlibIsRejectedWithMalformed() {
    String token = StatusFixture.token(c -> ((ObjectNode) c.get("status_list")).put("lst", "AAAA"));
    assertThat(rejection(token)).isEqualTo(Reason.MALFORMED);
    assertThat(rejection("QQQQ.RRRR.SSSS")).isEqualTo(Reason.MALFORMED);
  }

  @Test
  void tokenPastTheLengthCapIsRejectedWithTooLarge() {
    StatusListVerifier small =
        StatusListVerifier.builder()
            .trustedIssuer(StatusFixture.ISSUER, StatusFixture.KEYS.verificationKeys())
            .maxTokenLength(1024)
            .clock(f.clock)
            .build();
    String token = f.issuer().sign(StatusFixture.URI_1, StatusList.builder(100_000).build());
    String padded = StatusFixture.token(c -> c.put("pad", "x".repeat(2000)));
    assertThat(token.length()).isLessThan(1024);
    StatusListException e =
        catchThrowableOfType(
            StatusListException.class, () -> small.verify(padded, StatusFixture.URI_1));
    assertThat(e.reason()).isEqualTo(Reason.TOO_LARGE);
  }

  @Test
  void issuerRefusesContradictoryOrFractionalDurations() {
    StatusListIssuer.Builder b = StatusListIssuer.builder(StatusFixture.KEYS, StatusFixture.ISSUER);
    assertThatThrownBy(() -> b.ttl(Duration.ofDays(2)).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("at most the lifetime");
    assertThatThrownBy(() -> b.ttl(Duration.ofMillis(1500)).build())
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> b.ttl(Duration.ZERO).build())
        .isInstanceOf(IllegalStateException.class);
    StatusListIssuer issuer = b.ttl(Duration.ofMinutes(1)).build();
    assertThatThrownBy(() -> issuer.sign(URI.create("ftp://x.example/1"), StatusFixture.sample()))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
