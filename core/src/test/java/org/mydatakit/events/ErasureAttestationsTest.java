package org.mydatakit.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.Consumer;
import org.assertj.core.api.ThrowableAssert;
import org.junit.jupiter.api.Test;
import org.mydatakit.consent.AgencyId;
import org.mydatakit.consent.ConsentId;
import org.mydatakit.internal.JwsSigning;
import org.mydatakit.keys.SigningAlgorithm;
import org.mydatakit.keys.SigningKeySet;

/**
 * A consumer's erasure attestation: signed, verified by the broker, and every way it is refused.
 */
class ErasureAttestationsTest {
  static final String BROKER = "https://broker.example";
  static final AgencyId BANK = AgencyId.of("KB-BANK");
  static final ConsentId CONSENT = ConsentId.parse("0190b8c2-7d3e-7abc-8def-0123456789ab");
  static final Instant ERASED = Instant.parse("2026-12-07T09:00:00Z");
  static final ObjectMapper JSON = new ObjectMapper();

  final SigningKeySet bankKeys = SigningKeySet.generate(SigningAlgorithm.ES256);
  final ErasureAttestations.Signer signer = ErasureAttestations.signer(bankKeys, BANK, BROKER);
  final ErasureAttestations.Verifier verifier =
      ErasureAttestations.verifier(bankKeys.verificationKeys(), BANK, BROKER);

  @Test
  void aSignedAttestationVerifiesToWhatWasSigned() throws Exception {
    String set = signer.sign(CONSENT, List.of("T2026120700000001", "grant-abc.1"), ERASED);
    JsonNode header = part(set, 0);
    assertThat(header.path("typ").asText()).isEqualTo("secevent+jwt");
    assertThat(header.path("alg").asText()).isEqualTo("ES256");
    JsonNode claims = part(set, 1);
    assertThat(claims.path("iss").asText()).isEqualTo("KB-BANK");
    assertThat(claims.path("aud").asText()).isEqualTo(BROKER);
    assertThat(claims.path("events").has(ErasureAttestations.EVENT_URI)).isTrue();
    assertThat(ErasureAttestations.EVENT_URI)
        .isEqualTo("https://mydatakit.org/events/erasure-attested");

    ErasureAttestation attested = verifier.verify(set);
    assertThat(attested.consumer()).isEqualTo(BANK);
    assertThat(attested.consentId()).isEqualTo(CONSENT);
    assertThat(attested.deliveries()).containsExactly("T2026120700000001", "grant-abc.1");
    assertThat(attested.erasedAt()).isEqualTo(ERASED);
    assertThat(attested.jti()).isEqualTo(claims.path("jti").asText());
    assertThat(signer.sign(CONSENT, List.of("T1"), ERASED)).isNotEqualTo(set);
  }

  @Test
  void theAttestationShowsNoIdButTheConsumers() throws Exception {
    ErasureAttestation attested = verifier.verify(signer.sign(CONSENT, List.of("T-0001"), ERASED));
    assertThat(attested.toString())
        .isEqualTo("ErasureAttestation[consumer=KB-BANK, deliveries=1]")
        .doesNotContain(CONSENT.toString())
        .doesNotContain("T-0001")
        .doesNotContain(attested.jti());
  }

  @Test
  void anotherKeyOrATamperedTokenIsInvalidKey() {
    SigningKeySet other = SigningKeySet.generate(SigningAlgorithm.ES256);
    assertCode(
        () ->
            verifier.verify(
                ErasureAttestations.signer(other, BANK, BROKER)
                    .sign(CONSENT, List.of("T1"), ERASED)),
        InvalidSecurityEventException.Code.INVALID_KEY);
    String set = signer.sign(CONSENT, List.of("T1"), ERASED);
    String[] parts = set.split("\\.");
    String claims =
        new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
            .replace("\"T1\"", "\"T2\"");
    String tampered =
        parts[0]
            + "."
            + Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(claims.getBytes(StandardCharsets.UTF_8))
            + "."
            + parts[2];
    assertCode(() -> verifier.verify(tampered), InvalidSecurityEventException.Code.INVALID_KEY);
  }

  @Test
  void anotherAudienceOrIssuerIsRefusedSo() {
    String set = signer.sign(CONSENT, List.of("T1"), ERASED);
    assertCode(
        () ->
            ErasureAttestations.verifier(
                    bankKeys.verificationKeys(), BANK, "https://other-broker.example")
                .verify(set),
        InvalidSecurityEventException.Code.INVALID_AUDIENCE);
    assertCode(
        () ->
            ErasureAttestations.verifier(
                    bankKeys.verificationKeys(), AgencyId.of("NH-BANK"), BROKER)
                .verify(set),
        InvalidSecurityEventException.Code.INVALID_ISSUER);
  }

  @Test
  void anotherTypIsInvalidRequest() {
    JwsSigning signing = JwsSigning.current(bankKeys.exportPrivateJwks());
    for (String typ : List.of("jwt", "mydata-grant+jwt", "consent-receipt+jwt")) {
      assertCode(
          () -> verifier.verify(signing.sign(typ, claims(c -> {}).toString(), false)),
          InvalidSecurityEventException.Code.INVALID_REQUEST);
    }
    // an algorithm off the allow-list, or none
    String payload =
        Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(claims(c -> {}).toString().getBytes(StandardCharsets.UTF_8));
    for (String alg : List.of("none", "HS256", "RS256")) {
      String header =
          Base64.getUrlEncoder()
              .withoutPadding()
              .encodeToString(
                  ("{\"alg\":\"" + alg + "\",\"typ\":\"secevent+jwt\"}")
                      .getBytes(StandardCharsets.UTF_8));
      assertCode(
          () -> verifier.verify(header + "." + payload + ".AAAA"),
          InvalidSecurityEventException.Code.INVALID_REQUEST);
    }
    // and the same claims under the right typ verify
    assertThat(
            verifier
                .verify(signing.sign("secevent+jwt", claims(c -> {}).toString(), false))
                .deliveries())
        .containsExactly("T1");
  }

  @Test
  void missingEmptyOrMalformedDeliveriesAreInvalidRequest() {
    List<Consumer<ObjectNode>> edits = new ArrayList<>();
    edits.add(p -> p.remove("deliveries"));
    edits.add(p -> p.putArray("deliveries"));
    edits.add(p -> p.put("deliveries", "T1"));
    edits.add(p -> p.putArray("deliveries").add("T1").add("T1"));
    edits.add(p -> p.putArray("deliveries").add("has space"));
    edits.add(p -> p.putArray("deliveries").add(7));
    edits.add(p -> p.putArray("deliveries").add("x".repeat(129)));
    edits.add(p -> p.remove("consentId"));
    edits.add(p -> p.put("consentId", "not-a-consent"));
    edits.add(p -> p.put("erasedAt", "yesterday"));
    edits.add(p -> p.put("erasedAt", 1_900_000_000L)); // after iat
    edits.add(p -> p.put("note", "also erased the backups"));
    for (Consumer<ObjectNode> edit : edits) {
      String set =
          sign(
              claims(
                  c ->
                      edit.accept(
                          (ObjectNode) c.get("events").get(ErasureAttestations.EVENT_URI))));
      assertCode(() -> verifier.verify(set), InvalidSecurityEventException.Code.INVALID_REQUEST);
    }
  }

  @Test
  void unknownOrMissingClaimsAreInvalidRequest() {
    List<Consumer<ObjectNode>> edits =
        List.of(
            c -> c.put("sub", "KB-BANK"),
            c -> c.put("txn", "t.1"),
            c -> c.remove("jti"),
            c -> c.remove("iat"),
            c -> c.remove("events"),
            c -> c.putArray("aud").add(BROKER),
            c -> ((ObjectNode) c.get("events")).putObject(ConsentEventType.CONSENT_REVOKED.uri()),
            c -> {
              ObjectNode events = c.putObject("events");
              events.putObject(ConsentEventType.RETENTION_ENDED.uri());
            });
    for (Consumer<ObjectNode> edit : edits) {
      String set = sign(claims(edit));
      assertThatThrownBy(() -> verifier.verify(set))
          .isInstanceOf(InvalidSecurityEventException.class);
    }
    assertCode(
        () -> verifier.verify(sign(claims(c -> c.put("sub", "KB-BANK")))),
        InvalidSecurityEventException.Code.INVALID_REQUEST);
  }

  @Test
  void tooManyDeliveriesOrATooLongTokenAreRefused() {
    List<String> many = new ArrayList<>();
    for (int i = 0; i <= ErasureAttestations.MAX_DELIVERIES; i++) {
      many.add("T" + i);
    }
    assertThatThrownBy(() -> signer.sign(CONSENT, many, ERASED))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("expected 1 to 100");
    assertThat(verifier.verify(signer.sign(CONSENT, many.subList(0, 100), ERASED)).deliveries())
        .hasSize(100);
    String tooMany =
        sign(
            claims(
                c -> {
                  ArrayNode list =
                      ((ObjectNode) c.get("events").get(ErasureAttestations.EVENT_URI))
                          .putArray("deliveries");
                  many.forEach(list::add);
                }));
    assertCode(() -> verifier.verify(tooMany), InvalidSecurityEventException.Code.INVALID_REQUEST);
    String huge =
        sign(
            claims(
                c ->
                    ((ObjectNode) c.get("events").get(ErasureAttestations.EVENT_URI))
                        .putArray("deliveries")
                        .add("x".repeat(40_000))));
    assertCode(() -> verifier.verify(huge), InvalidSecurityEventException.Code.INVALID_REQUEST);
  }

  @Test
  void theSignerRefusesWhatTheVerifierWouldAndAFutureErasure() {
    assertThatThrownBy(() -> signer.sign(CONSENT, List.of(), ERASED))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> signer.sign(CONSENT, List.of("a b"), ERASED))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> signer.sign(CONSENT, List.of("T1"), Instant.now().plusSeconds(3600)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("up to now");
  }

  @Test
  void refusalsNeverQuoteTheToken() {
    String set = signer.sign(CONSENT, List.of("T1"), ERASED);
    assertThatThrownBy(
            () ->
                ErasureAttestations.verifier(bankKeys.verificationKeys(), BANK, "https://x.example")
                    .verify(set))
        .satisfies(
            e ->
                assertThat(e.getMessage())
                    .doesNotContain("eyJ")
                    .doesNotContain(set.substring(set.length() - 20))
                    .doesNotContain(CONSENT.toString()));
    assertThat(signer.toString()).isEqualTo("ErasureAttestations.Signer[KB-BANK]");
    assertThat(verifier.toString())
        .isEqualTo("ErasureAttestations.Verifier[KB-BANK to " + BROKER + "]");
  }

  private ObjectNode claims(Consumer<ObjectNode> edit) {
    ObjectNode c = JSON.createObjectNode();
    c.put("iss", "KB-BANK");
    c.put("aud", BROKER);
    c.put("iat", ERASED.getEpochSecond() + 60);
    c.put("jti", "attestation-1");
    ObjectNode payload = c.putObject("events").putObject(ErasureAttestations.EVENT_URI);
    payload.put("consentId", CONSENT.toString());
    payload.putArray("deliveries").add("T1");
    payload.put("erasedAt", ERASED.getEpochSecond());
    edit.accept(c);
    return c;
  }

  private String sign(ObjectNode claims) {
    return JwsSigning.current(bankKeys.exportPrivateJwks())
        .sign(ErasureAttestations.TYPE, claims.toString(), false);
  }

  private static JsonNode part(String set, int index) throws Exception {
    return JSON.readTree(Base64.getUrlDecoder().decode(set.split("\\.")[index]));
  }

  private static void assertCode(
      ThrowableAssert.ThrowingCallable call, InvalidSecurityEventException.Code code) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            InvalidSecurityEventException.class, e -> assertThat(e.code()).isEqualTo(code));
  }
}
