package org.mydatakit.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.mydatakit.client.internal.BrokerCredentials;
import org.mydatakit.consent.AgencyId;
import org.mydatakit.grant.DpopKey;
import org.mydatakit.keys.SigningKeySet;

/**
 * The broker server's calls the demo makes itself, beside the consumer's {@code RemoteGrantSource}:
 * the consumer's {@code POST /consents} (authenticated with a {@code private_key_jwt} client
 * assertion) and the log's public endpoints a witness uses.
 */
final class BrokerCalls {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ASSERTION_TYPE =
      "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

  private final URI broker;
  private final BrokerCredentials consumer;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  BrokerCalls(URI broker, AgencyId consumer, SigningKeySet clientKeys, DpopKey dpopKey) {
    this.broker = broker;
    // the assertion's audience is the broker's token endpoint, for every call of its API
    this.consumer =
        new BrokerCredentials(consumer, broker + "/grants", clientKeys, dpopKey, Clock.systemUTC());
  }

  /** {@code POST /consents}: the consumer asks for a consent; the broker's answer (201). */
  JsonNode requestConsent(ObjectNode body) {
    body.put("client_assertion_type", ASSERTION_TYPE);
    body.put("client_assertion", consumer.assertion());
    HttpResponse<String> answer =
        send(
            HttpRequest.newBuilder(broker.resolve("/consents"))
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                .build());
    expect(answer, 201, "POST /consents");
    try {
      return JSON.readTree(answer.body());
    } catch (IOException e) {
      throw new DemoFailure("POST /consents: an answer that is not JSON");
    }
  }

  /** {@code GET /log/key}: the log's verifier key. */
  String logKey() {
    return text("/log/key").strip();
  }

  /** {@code GET /log/checkpoint}: the latest signed checkpoint, with its cosignatures. */
  String checkpoint() {
    return text("/log/checkpoint");
  }

  /** {@code GET /log/consistency?old=&new=}: the proof's hashes. */
  List<byte[]> consistency(long oldSize, long newSize) {
    List<byte[]> proof = new ArrayList<>();
    for (String line : text("/log/consistency?old=" + oldSize + "&new=" + newSize).split("\n")) {
      if (!line.isBlank()) {
        proof.add(Base64.getDecoder().decode(line.strip()));
      }
    }
    return proof;
  }

  /** {@code POST /log/cosignature?size=N}: a witness's cosignature; the cosigned checkpoint. */
  String addCosignature(long size, String line) {
    HttpResponse<String> answer =
        send(
            HttpRequest.newBuilder(broker.resolve("/log/cosignature?size=" + size))
                .header("Content-Type", "text/plain; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(line, StandardCharsets.UTF_8))
                .build());
    expect(answer, 200, "POST /log/cosignature");
    return answer.body();
  }

  private String text(String path) {
    HttpResponse<String> answer = send(HttpRequest.newBuilder(broker.resolve(path)).GET().build());
    expect(answer, 200, "GET " + path.replaceFirst("\\?.*", ""));
    return answer.body();
  }

  private static void expect(HttpResponse<String> answer, int status, String what) {
    if (answer.statusCode() != status) {
      throw new DemoFailure(what + ": the broker answered " + answer.statusCode());
    }
  }

  private HttpResponse<String> send(HttpRequest request) {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new DemoFailure("a call to the broker failed: " + e.getClass().getSimpleName());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DemoFailure("interrupted");
    }
  }
}
