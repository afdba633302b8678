package org.mydatakit.examples.agency;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mydatakit.client.FetchResult;
import org.mydatakit.client.GrantSource;
import org.mydatakit.client.ProviderDirectory;
import org.mydatakit.consent.AgencyId;
import org.mydatakit.consent.Consent;
import org.mydatakit.consent.DataItem;
import org.mydatakit.consent.ItemCode;
import org.mydatakit.consent.RevokedBy;
import org.mydatakit.examples.consumer.ConsumerApp;
import org.mydatakit.examples.tasks.InProcessBroker;
import org.mydatakit.grant.DpopKey;
import org.mydatakit.grant.Grant;

/** The sample agency answers exactly as the provider agency profile says. */
class ProviderAgencyServerTest {
  private static final AgencyId NHIS = AgencyId.of("NHIS");
  private static final AgencyId KB_BANK = AgencyId.of("KB-BANK");
  private static final DataItem QUALIFICATION =
      DataItem.of(NHIS, ItemCode.of("nhis.qualification"));
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http = HttpClient.newHttpClient();
  private final DpopKey bankKey = DpopKey.generate();
  private final MutableClock clock = new MutableClock();
  private InProcessBroker broker;
  private ProviderAgencyServer nhis;

  @BeforeEach
  void start() throws Exception {
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

  @AfterEach
  void stop() {
    nhis.close();
    broker.close();
  }

  @Test
  void happyPathDeliversTheRecordThroughMyDataClient() {
    Consent consent = broker.approvedConsent(KB_BANK, QUALIFICATION);
    ConsumerApp bank =
        ConsumerApp.create(
            KB_BANK,
            ProviderDirectory.of(Map.of(NHIS, nhis.baseUrl())),
            bankKey,
            GrantSource.of(broker.broker()));
    FetchResult result = bank.client().fetch(consent.id(), QUALIFICATION.code());
    assertThat(result.data()).containsKeys("qualificationType", "acquiredOn", "insurerRegion");
    assertThat(result.transactionId()).startsWith("KBBANK");
  }

  @Test
  void answerIsTheProfilesRecordWithTheTransactionIdEchoed() throws Exception {
    HttpResponse<String> answer = get("nhis.qualification", grant(QUALIFICATION), "TRAN-1");
    assertThat(answer.statusCode()).isEqualTo(200);
    assertThat(answer.headers().firstValue("X-Api-Tran-Id")).hasValue("TRAN-1");
    assertThat(answer.headers().firstValue("Cache-Control")).hasValue("no-store");
    JsonNode body = JSON.readTree(answer.body());
    assertThat(body.fieldNames())
        .toIterable()
        .containsExactly("item", "subject", "issuedAt", "data");
    assertThat(body.get("item").asText()).isEqualTo("nhis.qualification");
  }

  @Test
  void revokedConsentIsRefusedWithRevokedOnceTheStatusListTtlHasPassed() throws Exception {
    Consent consent = broker.approvedConsent(KB_BANK, QUALIFICATION);
    Grant grant = broker.broker().issueGrant(consent.id(), NHIS, bankKey.thumbprint());
    assertThat(get("nhis.qualification", grant, "T1").statusCode()).isEqualTo(200);

    broker.broker().revoke(consent.id(), RevokedBy.CITIZEN, "test");
    // within the ttl the agency's cached list still says VALID: that is the ttl's promise
    assertThat(get("nhis.qualification", grant, "T2").statusCode()).isEqualTo(200);
    clock.advance(Duration.ofSeconds(2));
    HttpResponse<String> refused = get("nhis.qualification", grant, "T3");
    assertProblem(refused, 403, "REVOKED");
    assertThat(refused.headers().firstValue("X-Api-Tran-Id")).hasValue("T3");
  }

  @Test
  void tamperedGrantIsRefusedWith401AndAChallenge() throws Exception {
    Grant grant = grant(QUALIFICATION);
    String token = grant.token();
    int i = token.length() - 20;
    String tampered =
        token.substring(0, i) + (token.charAt(i) == 'A' ? 'B' : 'A') + token.substring(i + 1);
    HttpResponse<String> refused = send("nhis.qualification", tampered, bankKey, "T1");
    assertProblem(refused, 401, "BAD_SIGNATURE");
    assertThat(refused.headers().firstValue("WWW-Authenticate"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("DPoP error=\"invalid_token\""));
  }

  @Test
  void replayedProofIsRefusedWith401() throws Exception {
    Grant grant = grant(QUALIFICATION);
    URI url = URI.create(nhis.baseUrl() + "/mydata/v1/items/nhis.qualification");
    String proof = bankKey.proof("GET", url, grant.token());
    assertThat(http.send(request(url, grant.token(), proof, "T1"), body()).statusCode())
        .isEqualTo(200);
    assertProblem(http.send(request(url, grant.token(), proof, "T2"), body()), 401, "DPOP_REPLAY");
  }

  @Test
  void grantWithAThiefsProofIsRefusedWith401() throws Exception {
    HttpResponse<String> refused =
        send("nhis.qualification", grant(QUALIFICATION).token(), DpopKey.generate(), "T1");
    assertProblem(refused, 401, "DPOP_KEY_MISMATCH");
  }

  @Test
  void missingTransactionIdIs400() throws Exception {
    HttpResponse<String> refused = get("nhis.qualification", grant(QUALIFICATION), null);
    assertProblem(refused, 400, "BAD_TRANSACTION_ID");
    assertThat(refused.headers().firstValue("X-Api-Tran-Id")).isEmpty();
  }

  @Test
  void badDatesAre400() throws Exception {
    Grant grant = grant(QUALIFICATION);
    assertProblem(get("nhis.qualification?from=2025-02-30", grant, "T1"), 400, "BAD_QUERY");
  }

  @Test
  void itemTheAgencyDoesNotServeIs404() throws Exception {
    DataItem unknown = DataItem.of(NHIS, ItemCode.of("nhis.dental-records"));
    assertProblem(get("nhis.dental-records", grant(unknown), "T1"), 404, "UNKNOWN_ITEM");
    assertProblem(get("../admin", grant(QUALIFICATION), "T2"), 404, "NOT_FOUND");
  }

  @Test
  void itemOutsideTheGrantsScopeIs403() throws Exception {
    DataItem other = DataItem.of(NHIS, ItemCode.of("nhis.checkup"));
    assertProblem(get("nhis.qualification", grant(other), "T1"), 403, "INSUFFICIENT_SCOPE");
  }

  @Test
  void configAndServerNeverShowTheProviderKey() {
    assertThat(nhis.toString()).startsWith("ProviderAgencyServer[http://127.0.0.1:");
    assertThat(AgencyRecords.sample(NHIS).toString()).doesNotContain("FAKE-CI");
  }

  private Grant grant(DataItem item) {
    Consent consent = broker.approvedConsent(KB_BANK, item);
    return broker.broker().issueGrant(consent.id(), item.provider(), bankKey.thumbprint());
  }

  private HttpResponse<String> get(String pathAndQuery, Grant grant, String tranId)
      throws Exception {
    return send(pathAndQuery, grant.token(), bankKey, tranId);
  }

  private HttpResponse<String> send(String pathAndQuery, String token, DpopKey key, String tranId)
      throws Exception {
    URI url = URI.create(nhis.baseUrl() + "/mydata/v1/items/" + pathAndQuery);
    URI htu = URI.create(url.toString().replaceAll("\\?.*$", ""));
    return http.send(request(url, token, key.proof("GET", htu, token), tranId), body());
  }

  private static HttpRequest request(URI url, String token, String proof, String tranId) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(url).header("Authorization", "DPoP " + token).header("DPoP", proof);
    if (tranId != null) {
      request.header("X-Api-Tran-Id", tranId);
    }
    return request.GET().build();
  }

  private static HttpResponse.BodyHandler<String> body() {
    return HttpResponse.BodyHandlers.ofString();
  }

  private static void assertProblem(HttpResponse<String> answer, int status, String reason)
      throws Exception {
    assertThat(answer.statusCode()).isEqualTo(status);
    assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    JsonNode problem = JSON.readTree(answer.body());
    assertThat(problem.get("status").asInt()).isEqualTo(status);
    assertThat(problem.get("reason").asText()).isEqualTo(reason);
    assertThat(problem.get("type").asText()).startsWith("https://mydatakit.org/problems/");
  }
}
