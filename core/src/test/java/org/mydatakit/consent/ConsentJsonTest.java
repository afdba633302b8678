package org.mydatakit.consent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ConsentJsonTest {
  private static final ObjectMapper TREE = new ObjectMapper();

  static Stream<Consent> consents() {
    Consent requested = Fixtures.requested();
    return Stream.of(
        requested,
        requested.newBuilder().delivery(Delivery.oneTime()).build(),
        requested.reject(Fixtures.APPROVED, "거절"),
        requested.expire(Fixtures.APPROVED),
        Fixtures.exampleActive(),
        Fixtures.exampleActive().pause(Fixtures.APPROVED.plusNanos(1)),
        Fixtures.exampleActive().expire(Fixtures.VALID_UNTIL),
        Fixtures.everything());
  }

  @ParameterizedTest
  @MethodSource("consents")
  void writeThenReadGivesAnEqualConsent(Consent consent) {
    String json = ConsentJson.write(consent);
    Consent read = ConsentJson.read(json);
    assertThat(read).isEqualTo(consent).hasSameHashCodeAs(consent);
    assertThat(ConsentJson.write(read)).isEqualTo(json);
  }

  @Test
  void absentOptionalsAreOmitted() throws Exception {
    JsonNode json = TREE.readTree(ConsentJson.write(Fixtures.requested()));
    for (String optional :
        List.of(
            "supersedes",
            "dataRange",
            "representative",
            "evidence",
            "statusIndex",
            "statusReason",
            "revokedBy")) {
      assertThat(json.has(optional)).as(optional).isFalse();
    }
    JsonNode oneTime =
        TREE.readTree(
            ConsentJson.write(Fixtures.requestedBuilder().delivery(Delivery.oneTime()).build()));
    assertThat(oneTime.get("delivery").toString()).isEqualTo("{\"kind\":\"ONE_TIME\"}");
  }

  @Test
  void everyOptionalIsWritten() throws Exception {
    JsonNode json = TREE.readTree(ConsentJson.write(Fixtures.everything()));
    assertThat(json.get("supersedes").asText()).isEqualTo(Fixtures.OTHER_ID.toString());
    assertThat(json.get("revokedBy").asText()).isEqualTo("CITIZEN");
    assertThat(json.get("statusChangedAt").asText()).isEqualTo("2026-02-03T04:05:06.789Z");
    assertThat(json.get("delivery").get("window").toString())
        .isEqualTo("{\"from\":\"09:00\",\"to\":\"18:00\",\"zone\":\"Asia/Seoul\"}");
    assertThat(json.get("retention").asText()).isEqualTo("P1Y");
    assertThat(json.get("dataRange").get("from").asText()).isEqualTo("2025-01-01");
  }

  @Test
  void theShownTextsLanguageAndTemplateVersionAreWrittenAndReadBack() throws Exception {
    AuthenticationEvidence shown =
        new AuthenticationEvidence(
            AuthenticationEvidence.Method.SIMPLE_AUTHENTICATION,
            Fixtures.AUTHENTICATED,
            "broker-web",
            AuthenticationEvidence.sha256Hex("the text"),
            "en",
            "v1");
    Consent approved = Fixtures.requested().approve(Fixtures.APPROVED, shown, 3);
    String json = ConsentJson.write(approved);
    JsonNode evidence = TREE.readTree(json).get("evidence");
    assertThat(evidence.get("textLanguage").asText()).isEqualTo("en");
    assertThat(evidence.get("textVersion").asText()).isEqualTo("v1");
    assertThat(ConsentJson.read(json).evidence()).hasValue(shown);
    // evidence recorded before these existed has neither, and writes neither
    JsonNode before = TREE.readTree(ConsentJson.write(Fixtures.exampleActive())).get("evidence");
    assertThat(before.has("textLanguage")).isFalse();
    assertThat(before.has("textVersion")).isFalse();
  }

  @Test
  void theShownTextsLanguageAndVersionComeTogetherAndInForm() {
    var method = AuthenticationEvidence.Method.SIMPLE_AUTHENTICATION;
    String hash = AuthenticationEvidence.sha256Hex("t");
    assertThatThrownBy(
            () ->
                new AuthenticationEvidence(method, Fixtures.AUTHENTICATED, "web", hash, "ko", null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("both or neither");
    assertThatThrownBy(
            () ->
                new AuthenticationEvidence(
                    method, Fixtures.AUTHENTICATED, "web", hash, "Korean", "v1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("textLanguage");
    assertThatThrownBy(
            () ->
                new AuthenticationEvidence(
                    method, Fixtures.AUTHENTICATED, "web", hash, "ko", "v 1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("textVersion");
  }

  private static Arguments edit(String expected, Consumer<ObjectNode> change) {
    return Arguments.of(expected, change);
  }

  static Stream<Arguments> badDocuments() {
    return Stream.of(
        edit("consent json: colour: unknown field", o -> o.put("colour", "blue")),
        edit(
            "consent json: purpose.colour: unknown field",
            o -> obj(o, "purpose").put("colour", "x")),
        edit(
            "consent json: items[1].extra: unknown field",
            o -> ((ObjectNode) o.get("items").get(1)).put("extra", 1)),
        edit("consent json: version: expected an integer", o -> o.put("version", "1")),
        edit("consent json: version: expected an integer", o -> o.put("version", 1.5)),
        edit("consent json: consumer: expected a string", o -> o.put("consumer", 12345)),
        edit("consent json: items: expected an array", o -> o.putObject("items")),
        edit("consent json: subject: expected an object", o -> o.put("subject", "x")),
        edit(
            "consent json: subject.pairwise.NHIS: expected a string",
            o -> obj(obj(o, "subject"), "pairwise").put("NHIS", 7)),
        edit(
            "consent json: delivery.fetchBudget: expected an integer",
            o -> obj(o, "delivery").put("fetchBudget", true)),
        edit("consent json: validFrom: expected a value", o -> o.remove("validFrom")),
        edit("consent json: consumer: expected a value", o -> o.putNull("consumer")),
        edit(
            "consent json: purpose.legalBasis: expected a value",
            o -> obj(o, "purpose").remove("legalBasis")),
        edit(
            "consent json: evidence.channel: expected a value",
            o -> obj(o, "evidence").remove("channel")),
        edit(
            "consent json: validFrom: expected an iso-8601 utc instant ending in Z",
            o -> o.put("validFrom", "2026-01-01T09:00:00+09:00")),
        edit(
            "consent json: createdAt: expected an iso-8601 utc instant ending in Z",
            o -> o.put("createdAt", "2026-01-01 00:00:00")),
        edit(
            "consent json: evidence.authenticatedAt: expected an iso-8601 utc instant",
            o -> obj(o, "evidence").put("authenticatedAt", "2025-12-31T23:59:30")),
        edit(
            "consent json: dataRange.to: expected a date such as 2026-01-31",
            o -> obj(o, "dataRange").put("to", "2025-13-01")),
        edit(
            "consent json: retention: expected an iso-8601 period",
            o -> o.put("retention", "1 year")),
        edit("consent json: retention: expected a positive period", o -> o.put("retention", "P0D")),
        edit(
            "consent json: status: expected one of REQUESTED, ACTIVE",
            o -> o.put("status", "active")),
        edit(
            "consent json: delivery.kind: expected one of ONE_TIME, PERIODIC",
            o -> obj(o, "delivery").put("kind", "WEEKLY")),
        edit(
            "consent json: delivery.every: expected nothing for kind ONE_TIME",
            o -> obj(o, "delivery").put("kind", "ONE_TIME")),
        edit(
            "consent json: delivery.window.zone: expected a zone id",
            o -> obj(obj(o, "delivery"), "window").put("zone", "Mars/Olympus")),
        edit(
            "consent json: delivery.window: schedule window: expected from before to",
            o -> obj(obj(o, "delivery"), "window").put("from", "19:00")),
        edit(
            "consent json: items[1].provider: agency id",
            o -> ((ObjectNode) o.get("items").get(1)).put("provider", "N T S")),
        edit(
            "consent json: items[1]: expected distinct items",
            o ->
                ((ObjectNode) o.get("items").get(1))
                    .setAll((ObjectNode) o.get("items").get(0).deepCopy())),
        edit(
            "consent json: subject.broker: subject id: expected 16 to 128 base64url characters",
            o -> obj(o, "subject").put("broker", "short")),
        edit(
            "consent json: id: consent id: expected a lower-case version 7 uuid",
            o -> o.put("id", "not-a-uuid")),
        edit(
            "consent json: evidence: evidence consentTextSha256: expected 64 lower-case",
            o -> obj(o, "evidence").put("consentTextSha256", "00")),
        edit(
            "consent json: statusIndex: expected present exactly when evidence is present",
            o -> o.remove("statusIndex")),
        edit(
            "consent json: subject: expected a pairwise subject for provider NTS",
            o -> obj(obj(o, "subject"), "pairwise").remove("NTS")),
        edit(
            "consent json: version: expected a number in range",
            o -> o.put("version", new java.math.BigInteger("99999999999999999999"))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badDocuments")
  void badDocumentsAreRejectedNamingThePath(String expected, Consumer<ObjectNode> change)
      throws Exception {
    ObjectNode doc = (ObjectNode) TREE.readTree(ConsentJson.write(Fixtures.everything()));
    change.accept(doc);
    String json = TREE.writeValueAsString(doc);
    assertThatThrownBy(() -> ConsentJson.read(json))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(expected)
        .hasNoCause()
        .satisfies(e -> Redaction.assertNoSecrets(e.getMessage()));
  }

  @Test
  void duplicateKeysAreRejected() {
    String json = ConsentJson.write(Fixtures.exampleActive());
    assertThatThrownBy(() -> ConsentJson.read(json.replaceFirst("\\{", "{\"consumer\":\"EVIL\",")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("consumer: duplicate field");
    String nested =
        json.replace("\"pairwise\":{", "\"pairwise\":{\"NHIS\":\"AAAAAAAAAAAAAAAAAAAA\",");
    assertThatThrownBy(() -> ConsentJson.read(nested))
        .hasMessageContaining("subject.pairwise.NHIS: duplicate field")
        .satisfies(e -> Redaction.assertNoSecrets(e.getMessage()));
  }

  @Test
  void trailingContentIsRejected() {
    String json = ConsentJson.write(Fixtures.exampleActive());
    assertThatThrownBy(() -> ConsentJson.read(json + " {}"))
        .hasMessage("consent json: expected nothing after the consent object, got more json");
    assertThatThrownBy(() -> ConsentJson.read(json + "garbage"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("consent json: malformed json at line 1");
  }

  @Test
  void nonObjectsAndMalformedTextAreRejected() {
    assertThatThrownBy(() -> ConsentJson.read("[]"))
        .hasMessage("consent json: expected a json object at the top level");
    assertThatThrownBy(() -> ConsentJson.read(""))
        .hasMessage("consent json: expected a json object at the top level");
    assertThatThrownBy(() -> ConsentJson.read("{\"id\": "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("malformed json");
    assertThatThrownBy(() -> ConsentJson.read(null)).isInstanceOf(IllegalArgumentException.class);
  }

  private static ObjectNode obj(ObjectNode parent, String name) {
    return (ObjectNode) parent.get(name);
  }
}
