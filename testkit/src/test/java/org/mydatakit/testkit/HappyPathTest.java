package org.mydatakit.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mydatakit.testkit.Fixtures.CONSUMER;
import static org.mydatakit.testkit.Fixtures.NHIS;
import static org.mydatakit.testkit.Fixtures.NHIS_QUALIFICATION;
import static org.mydatakit.testkit.Fixtures.NTS;
import static org.mydatakit.testkit.Fixtures.NTS_INCOME;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.mydatakit.broker.ConsentRequest;
import org.mydatakit.consent.AgencyId;
import org.mydatakit.consent.CitizenIdentifier;
import org.mydatakit.consent.Consent;
import org.mydatakit.consent.DataItem;
import org.mydatakit.consent.DataRange;
import org.mydatakit.consent.Delivery;
import org.mydatakit.consent.ItemCode;
import org.mydatakit.consent.LegalBasis;
import org.mydatakit.consent.PairwiseSubjects;
import org.mydatakit.consent.Purpose;
import org.mydatakit.consent.Schedule;
import org.mydatakit.grant.DpopKey;
import org.mydatakit.grant.Grant;

/** Every sample item is served to a correct request, exactly as the profile describes. */
class HappyPathTest {
  private static final FakeBroker broker = FakeBroker.create();
  private static final Map<AgencyId, FakeProviderAgency> agencies = new HashMap<>();

  @BeforeAll
  static void start() {
    for (String id : new String[] {"NHIS", "NTS", "MOIS", "SEOUL-JUNGGU"}) {
      agencies.put(AgencyId.of(id), FakeProviderAgency.start(AgencyId.of(id), broker));
    }
  }

  @AfterAll
  static void stop() {
    agencies.values().forEach(FakeProviderAgency::stop);
  }

  @ParameterizedTest
  @CsvSource({
    "NHIS, nhis.qualification, qualificationType, HONG_GILDONG",
    "NTS, nts.income-certificate, attributionYears, HONG_GILDONG",
    "MOIS, mois.resident-abstract, addressHistory, KIM_CHEOLSU",
    "SEOUL-JUNGGU, local.tax-payment, payments, KIM_CHEOLSU"
  })
  void eachSampleItemIsServedToAVerifiedGrant(
      String agencyId, String itemCode, String field, String citizenHandle) throws Exception {
    AgencyId agency = AgencyId.of(agencyId);
    ItemCode item = ItemCode.of(itemCode);
    SampleCitizen citizen =
        SampleCitizen.all().stream()
            .filter(c -> c.handle().equals(citizenHandle))
            .findFirst()
            .get();
    Consent consent = broker.approvedConsent(citizen, CONSUMER, DataItem.of(agency, item));
    DpopKey key = DpopKey.generate();
    Grant grant = broker.broker().issueGrant(consent.id(), agency, key.thumbprint());
    FakeProviderAgency fake = agencies.get(agency);
    URI url = fake.itemUrl(item);
    String tranId = Http.tranId();

    HttpResponse<String> response =
        Http.send(Http.request(url, grant.token(), key.proof("GET", url, grant.token()), tranId));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).contains("application/json");
    assertThat(response.headers().firstValue("X-Api-Tran-Id")).contains(tranId);
    JsonNode body = Http.json(response.body());
    assertThat(body.get("item").asText()).isEqualTo(itemCode);
    assertThat(body.get("subject").asText()).isEqualTo(subjectAt(agency, citizen));
    assertThat(Instant.parse(body.get("issuedAt").asText())).isNotNull();
    assertThat(body.get("data").has(field)).isTrue();
    assertThat(body.toString()).doesNotContain("FAKE-CI").doesNotContainPattern("\\d{6}-\\d{7}");
    ReceivedRequest received = fake.requests().get(fake.requests().size() - 1);
    assertThat(received.outcome()).isEqualTo(ReceivedRequest.Outcome.SERVED);
    assertThat(received.transactionId()).contains(tranId);
    assertThat(received.item()).contains(itemCode);
    assertThat(received.dpopJti()).isPresent();
    assertThat(received.reason()).isEmpty();
  }

  @Test
  void aConsentForTwoAgenciesIsServedByEach() throws Exception {
    Consent consent =
        broker.approvedConsent(
            SampleCitizen.HONG_GILDONG, CONSUMER, NHIS_QUALIFICATION, NTS_INCOME);
    DpopKey key = DpopKey.generate();
    for (AgencyId agency : new AgencyId[] {NHIS, NTS}) {
      Grant grant = broker.issueGrant(consent.id(), agency, key);
      ItemCode item = agency.equals(NHIS) ? Fixtures.QUALIFICATION : Fixtures.INCOME;
      assertThat(Http.fetch(agencies.get(agency).itemUrl(item), grant, key).statusCode())
          .isEqualTo(200);
    }
  }

  @Test
  void aGrantDeliversItsItemOnceAndABudgetCountsDeliveries() throws Exception {
    Consent consent =
        broker.approvedConsent(
            SampleCitizen.KIM_CHEOLSU,
            CONSUMER,
            Delivery.periodic(Schedule.every(1, Schedule.Unit.MONTHS), 3),
            NHIS_QUALIFICATION);
    DpopKey key = DpopKey.generate();
    URI url = agencies.get(NHIS).itemUrl(Fixtures.QUALIFICATION);
    Grant grant = broker.issueGrant(consent.id(), NHIS, key);
    assertThat(Http.fetch(url, grant, key).statusCode()).isEqualTo(200);
    HttpResponse<String> again = Http.fetch(url, grant, key);
    assertThat(again.statusCode()).as("same grant, new proof").isEqualTo(403);
    assertThat(Http.json(again.body()).get("reason").asText()).isEqualTo("GRANT_USED");
    for (int delivery = 2; delivery <= 3; delivery++) {
      assertThat(Http.fetch(url, broker.issueGrant(consent.id(), NHIS, key), key).statusCode())
          .as("delivery %d of 3", delivery)
          .isEqualTo(200);
    }
  }

  @Test
  void theConsentsRangeLimitsWhatIsServedAndDatesOutsideItAreForbidden() throws Exception {
    Instant now = Instant.now();
    ConsentRequest request =
        ConsentRequest.builder()
            .consumer(CONSUMER)
            .item(NTS_INCOME)
            .purpose(new Purpose("loan-screening", "대출 심사", LegalBasis.PIPA_35_2))
            .delivery(Delivery.periodic(Schedule.every(1, Schedule.Unit.MONTHS), 5))
            .dataRange(new DataRange(LocalDate.of(2025, 1, 1), LocalDate.of(2025, 12, 31)))
            .validity(now, now.plus(Duration.ofDays(30)))
            .retention(Period.ofYears(1))
            .build();
    Consent consent = broker.approvedConsent(SampleCitizen.HONG_GILDONG, request);
    DpopKey key = DpopKey.generate();
    URI base = agencies.get(NTS).itemUrl(Fixtures.INCOME);

    HttpResponse<String> refused =
        Http.fetch(
            URI.create(base + "?from=2024-01-01&to=2025-12-31"),
            broker.issueGrant(consent.id(), NTS, key),
            key);
    assertThat(refused.statusCode()).isEqualTo(403);
    assertThat(Http.json(refused.body()).get("reason").asText()).isEqualTo("RANGE_NOT_ALLOWED");

    // 홍길동's certificate holds 2024 and 2025; without a requested range only 2025 comes back
    HttpResponse<String> served = Http.fetch(base, broker.issueGrant(consent.id(), NTS, key), key);
    assertThat(served.statusCode()).isEqualTo(200);
    assertThat(Http.json(served.body()).at("/data/attributionYears").findValuesAsText("currency"))
        .hasSize(1);
    assertThat(Http.json(served.body()).at("/data/attributionYears/0/attributionYear").asInt())
        .isEqualTo(2025);
    assertThat(served.headers().firstValue("MyData-Receipt")).isPresent();
  }

  @Test
  void aCitizenWithoutARecordGetsNoRecord() throws Exception {
    Consent consent = broker.approvedConsent(SampleCitizen.LEE_YOUNGHEE, CONSUMER, NTS_INCOME);
    DpopKey key = DpopKey.generate();
    Grant grant = broker.issueGrant(consent.id(), NTS, key);
    HttpResponse<String> response =
        Http.fetch(agencies.get(NTS).itemUrl(Fixtures.INCOME), grant, key);
    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(Http.json(response.body()).get("reason").asText()).isEqualTo("NO_RECORD");
  }

  @Test
  void anItemTheAgencyDoesNotServeIsUnknown() throws Exception {
    ItemCode unknown = ItemCode.of("nhis.checkup-results");
    Consent consent =
        broker.approvedConsent(SampleCitizen.HONG_GILDONG, CONSUMER, DataItem.of(NHIS, unknown));
    DpopKey key = DpopKey.generate();
    Grant grant = broker.issueGrant(consent.id(), NHIS, key);
    HttpResponse<String> response = Http.fetch(agencies.get(NHIS).itemUrl(unknown), grant, key);
    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(Http.json(response.body()).get("reason").asText()).isEqualTo("UNKNOWN_ITEM");
  }

  private static String subjectAt(AgencyId agency, SampleCitizen citizen) {
    try (CitizenIdentifier ci = citizen.ci()) {
      return PairwiseSubjects.subjectFor(broker.providerKey(agency), ci).value();
    }
  }
}
