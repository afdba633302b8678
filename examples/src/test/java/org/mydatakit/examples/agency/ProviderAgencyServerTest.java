package org.mydatakit.examples.agency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mydatakit.examples.agency.AgencyFixture.KB_BANK;
import static org.mydatakit.examples.agency.AgencyFixture.NHIS;
import static org.mydatakit.examples.agency.AgencyFixture.QUALIFICATION;
import static org.mydatakit.examples.agency.AgencyFixture.assertProblem;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mydatakit.client.FetchResult;
import org.mydatakit.client.GrantSource;
import org.mydatakit.client.ProviderDirectory;
import org.mydatakit.consent.Consent;
import org.mydatakit.consent.Delivery;
import org.mydatakit.consent.RevokedBy;
import org.mydatakit.consent.Schedule;
import org.mydatakit.examples.consumer.ConsumerApp;
import org.mydatakit.grant.Grant;

/** The sample agency delivers to a valid grant and follows the broker's status list. */
class ProviderAgencyServerTest {
  private AgencyFixture agency;

  @BeforeEach
  void start() throws Exception {
    agency = new AgencyFixture();
  }

  @AfterEach
  void stop() {
    agency.close();
  }

  @Test
  void happyPathDeliversTheRecordThroughMyDataClient() {
    Consent consent = agency.broker.approvedConsent(KB_BANK, QUALIFICATION);
    ConsumerApp bank =
        ConsumerApp.create(
            KB_BANK,
            ProviderDirectory.of(Map.of(NHIS, agency.nhis.baseUrl())),
            agency.bankKey,
            GrantSource.of(agency.broker.broker()));
    FetchResult result = bank.client().fetch(consent.id(), QUALIFICATION.code());
    assertThat(result.data()).containsKeys("qualificationType", "acquiredOn", "insurerRegion");
    assertThat(result.transactionId()).startsWith("KBBANK");
  }

  @Test
  void answerIsTheProfilesRecordWithTheTransactionIdEchoed() throws Exception {
    HttpResponse<String> answer =
        agency.get(
            "nhis.qualification?from=2025-01-01&to=2025-12-31",
            agency.grant(QUALIFICATION),
            "TRAN-1");
    assertThat(answer.statusCode()).isEqualTo(200);
    assertThat(answer.headers().firstValue("X-Api-Tran-Id")).hasValue("TRAN-1");
    assertThat(answer.headers().firstValue("Cache-Control")).hasValue("no-store");
    JsonNode body = AgencyFixture.JSON.readTree(answer.body());
    assertThat(body.fieldNames())
        .toIterable()
        .containsExactly("item", "subject", "issuedAt", "data");
    assertThat(body.get("item").asText()).isEqualTo("nhis.qualification");
  }

  @Test
  void revokedConsentIsRefusedWithRevokedOnceTheStatusListTtlHasPassed() throws Exception {
    Consent consent =
        agency.broker.approvedConsent(
            KB_BANK, Delivery.periodic(Schedule.every(1, Schedule.Unit.MONTHS), 3), QUALIFICATION);
    Grant[] grants = new Grant[3]; // obtained before the revoke, one per delivery
    for (int i = 0; i < grants.length; i++) {
      grants[i] =
          agency.broker.broker().issueGrant(consent.id(), NHIS, agency.bankKey.thumbprint());
    }
    assertThat(agency.get("nhis.qualification", grants[0], "T1").statusCode()).isEqualTo(200);

    agency.broker.broker().revoke(consent.id(), RevokedBy.CITIZEN, "test");
    // within the ttl the agency's cached list still says VALID: that is the ttl's promise
    assertThat(agency.get("nhis.qualification", grants[1], "T2").statusCode()).isEqualTo(200);
    agency.clock.advance(Duration.ofSeconds(2));
    HttpResponse<String> refused = agency.get("nhis.qualification", grants[2], "T3");
    assertProblem(refused, 403, "REVOKED");
    assertThat(refused.headers().firstValue("X-Api-Tran-Id")).hasValue("T3");
  }

  @Test
  void aGrantDeliversItsItemOnce() throws Exception {
    Grant grant = agency.grant(QUALIFICATION);
    assertThat(agency.get("nhis.qualification", grant, "T1").statusCode()).isEqualTo(200);
    assertProblem(agency.get("nhis.qualification", grant, "T2"), 403, "GRANT_USED");
  }

  @Test
  void unreachableStatusListFailsClosedWith503AndRetryAfter() throws Exception {
    Grant grant = agency.grant(QUALIFICATION);
    agency.broker.close(); // the broker's JWKS and status list are gone; no list was cached yet
    HttpResponse<String> refused = agency.get("nhis.qualification", grant, "T1");
    assertProblem(refused, 503, "STATUS_UNAVAILABLE");
    assertThat(refused.headers().firstValue("Retry-After")).hasValue("1");
  }

  @Test
  void serverAndRecordsNeverShowKeysOrIdentifiers() {
    assertThat(agency.nhis.toString()).startsWith("ProviderAgencyServer[http://127.0.0.1:");
    assertThat(AgencyRecords.sample(NHIS).toString())
        .isEqualTo("AgencyRecords[items=[nhis.qualification], citizens=3]");
  }
}
