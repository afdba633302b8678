package org.mydatakit.examples.broker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import java.util.function.Consumer;
import okhttp3.OkHttpClient;
import org.mydatakit.broker.ConsentBroker;
import org.mydatakit.broker.InMemoryConsentStore;
import org.mydatakit.client.RemoteGrantSource;
import org.mydatakit.consent.AgencyId;
import org.mydatakit.consent.PairwiseSubjects;
import org.mydatakit.grant.ClientAssertionVerifier;
import org.mydatakit.grant.DpopKey;
import org.mydatakit.keys.SigningAlgorithm;
import org.mydatakit.keys.SigningKeySet;

/** A sample broker server on an in-memory broker, two registered consumers, and raw HTTP. */
final class BrokerFixture implements AutoCloseable {
  static final String CI = "FAKE-CI-HONG-GILDONG-0001";
  static final String OTHER_CI = "FAKE-CI-KIM-CHEOLSU-0002";
  static final AgencyId BANK = AgencyId.of("KB-BANK");
  static final AgencyId OTHER_BANK = AgencyId.of("OTHER-BANK");
  static final AgencyId NHIS = AgencyId.of("NHIS");
  static final ObjectMapper JSON = new ObjectMapper();

  final SigningKeySet brokerKeys = SigningKeySet.generate(SigningAlgorithm.ES256);
  final SigningKeySet bankKeys = SigningKeySet.generate(SigningAlgorithm.ES256);
  final SigningKeySet otherBankKeys = SigningKeySet.generate(SigningAlgorithm.PS256);
  final DpopKey dpopKey = DpopKey.generate();
  final BrokerServer server;
  final HttpClient http = HttpClient.newHttpClient();
  final OkHttpClient okHttp = new OkHttpClient();

  BrokerFixture() {
    byte[] secret =
        "FAKE-MASTER-SECRET-for-examples-and-tests-only".getBytes(StandardCharsets.US_ASCII);
    server =
        BrokerServer.start(
            BrokerServer.Config.builder()
                .broker(
                    base ->
                        ConsentBroker.builder()
                            .store(new InMemoryConsentStore())
                            .signingKeys(brokerKeys)
                            .issuer(base.toString())
                            .pairwiseSubjects(PairwiseSubjects.of(secret))
                            .statusListUri(base.resolve(BrokerServer.STATUS_PATH))
                            .build())
                .signingKeys(brokerKeys)
                .consumer(BANK, bankKeys.verificationKeys())
                .consumer(OTHER_BANK, otherBankKeys.verificationKeys())
                .build());
  }

  String url(String path) {
    return server.baseUrl() + path;
  }

  RemoteGrantSource source() {
    return RemoteGrantSource.builder(okHttp, URI.create(server.baseUrl()), BANK, bankKeys, dpopKey)
        .build();
  }

  /**
   * A client assertion of {@code consumer} signed with {@code keys}, claims adjusted by {@code
   * edit}: made by hand with nimbus, as a consumer outside mydatakit would.
   */
  String assertion(AgencyId consumer, SigningKeySet keys, Consumer<ObjectNode> edit) {
    long now = Instant.now().getEpochSecond();
    ObjectNode claims = JSON.createObjectNode();
    claims.put("iss", consumer.value());
    claims.put("sub", consumer.value());
    claims.put("aud", url("/grants"));
    claims.put("iat", now);
    claims.put("exp", now + 60);
    claims.put("jti", UUID.randomUUID().toString());
    edit.accept(claims);
    try {
      JWK key = JWKSet.parse(keys.exportPrivateJwks()).getKeys().get(0);
      JWSObject jws =
          new JWSObject(
              new JWSHeader.Builder(JWSAlgorithm.parse(keys.algorithm().name()))
                  .type(JOSEObjectType.JWT)
                  .keyID(key.getKeyID())
                  .build(),
              new Payload(claims.toString()));
      jws.sign(
          key instanceof ECKey ec ? new ECDSASigner(ec) : new RSASSASigner((RSAKey) key, false));
      return jws.serialize();
    } catch (java.text.ParseException | JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  String assertion() {
    return assertion(BANK, bankKeys, c -> {});
  }

  /** The body of {@code POST /consents} for a one-time NHIS consent of {@link #CI}. */
  ObjectNode consentRequest(String assertion) {
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    ObjectNode b = JSON.createObjectNode();
    b.put("client_assertion_type", ClientAssertionVerifier.ASSERTION_TYPE);
    b.put("client_assertion", assertion);
    b.put("citizen", CI);
    b.put("idempotencyKey", UUID.randomUUID().toString());
    ObjectNode item = b.putArray("items").addObject();
    item.put("provider", "NHIS");
    item.put("code", "nhis.qualification");
    ObjectNode purpose = b.putObject("purpose");
    purpose.put("code", "loan-screening");
    purpose.put("text", "대출 심사");
    purpose.putObject("legalBasis").put("code", "pipa-35-2").put("text", "개인정보 보호법 제35조의2");
    b.putObject("delivery").put("kind", "ONE_TIME");
    b.put("validFrom", now.minusSeconds(60).toString());
    b.put("validUntil", now.plus(30, ChronoUnit.DAYS).toString());
    b.put("retention", "P1Y");
    return b;
  }

  /** Requests and approves a consent of {@link #CI} for {@link #BANK}; returns its id. */
  String activeConsent() {
    HttpResponse<String> created = post("/consents", consentRequest(assertion()).toString());
    assertThat(created.statusCode()).isEqualTo(201);
    String id = read(created).path("id").asText();
    HttpResponse<String> approved = post("/consents/" + id + "/approve", approval(CI).toString());
    assertThat(approved.statusCode()).isEqualTo(200);
    return id;
  }

  ObjectNode approval(String ci) {
    ObjectNode b = JSON.createObjectNode();
    b.put("citizen", ci);
    ObjectNode e = b.putObject("evidence");
    e.put("method", "SIMPLE_AUTHENTICATION");
    e.put("authenticatedAt", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
    e.put("channel", "mobile-app");
    e.put("consentTextSha256", "0".repeat(64));
    return b;
  }

  HttpResponse<String> post(String path, String json, String... headers) {
    HttpRequest.Builder r =
        HttpRequest.newBuilder(URI.create(url(path)))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json));
    if (headers.length > 0) {
      r.headers(headers);
    }
    return send(r.build());
  }

  HttpResponse<String> get(String path, String... headers) {
    HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(url(path))).GET();
    if (headers.length > 0) {
      r.headers(headers);
    }
    return send(r.build());
  }

  HttpResponse<String> send(HttpRequest request) {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static JsonNode read(HttpResponse<String> response) {
    try {
      return JSON.readTree(response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Asserts the RFC 9457 shape, the status and the reason, and that nothing secret is echoed. */
  static void assertProblem(HttpResponse<String> response, int status, String reason) {
    assertThat(response.statusCode()).isEqualTo(status);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    JsonNode body = read(response);
    assertThat(body.path("type").asText()).startsWith("https://mydatakit.org/problems/");
    assertThat(body.path("title").asText()).isNotBlank();
    assertThat(body.path("status").asInt()).isEqualTo(status);
    if (reason != null) {
      assertThat(body.path("reason").asText()).isEqualTo(reason);
    }
    assertThat(response.body()).doesNotContain("FAKE-CI").doesNotContain("eyJ");
  }

  @Override
  public void close() {
    server.close();
  }
}
