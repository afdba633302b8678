package org.mydatakit.examples.agency;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.mydatakit.consent.AgencyId;
import org.mydatakit.consent.Consent;
import org.mydatakit.consent.DataItem;
import org.mydatakit.consent.ItemCode;
import org.mydatakit.examples.tasks.InProcessBroker;
import org.mydatakit.grant.DpopKey;
import org.mydatakit.grant.Grant;
import org.mydatakit.store.tck.TestClock;

/**
 * An in-process broker (status list ttl 1 s) and the sample NHIS agency on a clock the test moves,
 * with raw HTTP helpers that build a fresh DPoP proof per request.
 */
final class AgencyFixture implements AutoCloseable {
  static final AgencyId NHIS = AgencyId.of("NHIS");
  static final AgencyId KB_BANK = AgencyId.of("KB-BANK");
  static final DataItem QUALIFICATION = DataItem.of(NHIS, ItemCode.of("nhis.qualification"));
  static final ObjectMapper JSON = new ObjectMapper();

  final HttpClient http = HttpClient.newHttpClient();
  final DpopKey bankKey = DpopKey.generate();
  final TestClock clock = TestClock.atNow();
  final InProcessBroker broker;
  final ProviderAgencyServer nhis;

  AgencyFixture() throws Exception {
    broker = InProcessBroker.start(Duration.ofSeconds(1));
    nhis =
        ProviderAgencyServer.start(
            AgencyConfig.builder(NHIS)
                .broker(broker.baseUrl())
                .providerKey(broker.providerKey(NHIS))
                .records(AgencyRecords.sample(NHIS))
                .clock(clock)
                .build());
  }

  /** A grant for a new consent of 홍길동 (가상 인물) covering {@code item}. */
  Grant grant(DataItem item) {
    Consent consent = broker.approvedConsent(KB_BANK, item);
    return broker.broker().issueGrant(consent.id(), item.provider(), bankKey.thumbprint());
  }

  HttpResponse<String> get(String pathAndQuery, Grant grant, String tranId) throws Exception {
    return send(pathAndQuery, grant.token(), bankKey, tranId);
  }

  HttpResponse<String> send(String pathAndQuery, String token, DpopKey key, String tranId)
      throws Exception {
    URI url = url(pathAndQuery);
    URI htu = URI.create(url.toString().replaceAll("\\?.*$", ""));
    return send(request(url, token, key.proof("GET", htu, token), tranId));
  }

  URI url(String pathAndQuery) {
    return URI.create(nhis.baseUrl() + "/mydata/v1/items/" + pathAndQuery);
  }

  HttpResponse<String> send(HttpRequest request) throws Exception {
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  static HttpRequest request(URI url, String token, String proof, String tranId) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(url).header("Authorization", "DPoP " + token).header("DPoP", proof);
    if (tranId != null) {
      request.header("X-Api-Tran-Id", tranId);
    }
    return request.GET().build();
  }

  static void assertProblem(HttpResponse<String> answer, int status, String reason)
      throws Exception {
    assertThat(answer.statusCode()).isEqualTo(status);
    assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    JsonNode problem = JSON.readTree(answer.body());
    assertThat(problem.get("status").asInt()).isEqualTo(status);
    assertThat(problem.get("reason").asText()).isEqualTo(reason);
    assertThat(problem.get("type").asText()).startsWith("https://mydatakit.org/problems/");
  }

  @Override
  public void close() {
    nhis.close();
    broker.close();
  }
}
