package org.mydatakit.examples.agency;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.mydatakit.broker.ConsentBroker;
import org.mydatakit.broker.ConsentRequest;
import org.mydatakit.client.FetchResult;
import org.mydatakit.client.GrantSource;
import org.mydatakit.client.MyDataClient;
import org.mydatakit.client.ProviderDirectory;
import org.mydatakit.consent.AgencyId;
import org.mydatakit.consent.AuthenticationEvidence;
import org.mydatakit.consent.CitizenIdentifier;
import org.mydatakit.consent.Consent;
import org.mydatakit.consent.DataItem;
import org.mydatakit.consent.DataRange;
import org.mydatakit.consent.Delivery;
import org.mydatakit.consent.ItemCode;
import org.mydatakit.consent.LegalBasis;
import org.mydatakit.consent.Purpose;
import org.mydatakit.examples.tasks.InProcessBroker;
import org.mydatakit.grant.DpopKey;
import org.mydatakit.testkit.FakeBroker;
import org.mydatakit.testkit.FakeProviderAgency;
import org.mydatakit.testkit.SampleCitizen;

/**
 * A one-time consent for 2025 fetched through the real client, gate and agencies: 홍길동's income
 * certificate holds 2024 and 2025, and only 2025 comes back — from the sample agency and from the
 * test kit's agency alike. A second fetch of the one-time consent is refused by the broker.
 */
class DataRangeThroughTheClientTest {
  static final AgencyId KB_BANK = AgencyId.of("KB-BANK");
  static final AgencyId NTS = AgencyId.of("NTS");
  static final ItemCode INCOME = ItemCode.of("nts.income-certificate");
  static final DataRange YEAR_2025 =
      new DataRange(LocalDate.of(2025, 1, 1), LocalDate.of(2025, 12, 31));
  static final ObjectMapper JSON = new ObjectMapper();

  static ConsentRequest oneTimeFor2025() {
    Instant now = Instant.now();
    return ConsentRequest.builder()
        .consumer(KB_BANK)
        .item(DataItem.of(NTS, INCOME))
        .purpose(new Purpose("loan-screening", "대출 심사", LegalBasis.PIPA_35_2))
        .delivery(Delivery.oneTime())
        .dataRange(YEAR_2025)
        .validity(now, now.plus(Duration.ofDays(30)))
        .retention(Period.ofMonths(6))
        .build();
  }

  static MyDataClient client(ConsentBroker broker, URI nts) {
    return MyDataClient.builder()
        .consumer(KB_BANK)
        .directory(ProviderDirectory.of(Map.of(NTS, nts)))
        .dpopKey(DpopKey.generate())
        .grantSource(GrantSource.of(broker))
        .build();
  }

  static List<Integer> years(FetchResult result) throws Exception {
    JsonNode data = JSON.readTree(result.json());
    return data.get("attributionYears").findValues("attributionYear").stream()
        .map(JsonNode::asInt)
        .toList();
  }

  @Test
  void theSampleAgencyDeliversOnlyTheConsentsYear() throws Exception {
    try (InProcessBroker broker = InProcessBroker.start(Duration.ofSeconds(60));
        ProviderAgencyServer nts =
            ProviderAgencyServer.start(
                AgencyConfig.builder(NTS)
                    .broker(broker.baseUrl())
                    .providerKey(broker.providerKey(NTS))
                    .records(AgencyRecords.sample(NTS))
                    .build())) {
      Consent consent;
      try (CitizenIdentifier ci = CitizenIdentifier.of("FAKE-CI-HONG-GILDONG-0001")) {
        Consent requested =
            broker.broker().request(oneTimeFor2025(), ci, UUID.randomUUID().toString());
        consent =
            broker
                .broker()
                .approve(
                    requested.id(),
                    ci,
                    new AuthenticationEvidence(
                        AuthenticationEvidence.Method.SIMPLE_AUTHENTICATION,
                        Instant.now(),
                        "mobile-app",
                        AuthenticationEvidence.sha256Hex("consent text")));
      }
      FetchResult fetched = client(broker.broker(), nts.baseUrl()).fetch(consent.id(), INCOME);
      assertThat(years(fetched)).containsExactly(2025);
      assertThat(fetched.receipt()).isPresent();
    }
  }

  @Test
  void theTestKitAgencyDeliversOnlyTheConsentsYear() throws Exception {
    FakeBroker broker = FakeBroker.create();
    try (FakeProviderAgency nts = FakeProviderAgency.start(NTS, broker)) {
      Consent consent = broker.approvedConsent(SampleCitizen.HONG_GILDONG, oneTimeFor2025());
      FetchResult fetched = client(broker.broker(), nts.baseUrl()).fetch(consent.id(), INCOME);
      assertThat(years(fetched)).containsExactly(2025);
      assertThat(nts.requests()).hasSize(1);
    }
  }
}
