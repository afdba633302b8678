package org.mydatakit.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mydatakit.consent.AgencyId;
import org.mydatakit.consent.Consent;
import org.mydatakit.consent.DataItem;
import org.mydatakit.consent.Delivery;
import org.mydatakit.consent.ItemCode;
import org.mydatakit.consent.Schedule;
import org.mydatakit.grant.DpopKey;
import org.mydatakit.testkit.Agency;
import org.mydatakit.testkit.FakeBroker;
import org.mydatakit.testkit.FakeProviderAgency;
import org.mydatakit.testkit.MockProviderAgency;
import org.mydatakit.testkit.SampleCitizen;

/** The README's "Fetching data" example against the testkit's agencies, run as written. */
@MockProviderAgency("NHIS")
@MockProviderAgency("NTS")
class FetchingReadmeExampleTest {

  @Test
  void fetchOneItemAndThenEverything(
      FakeBroker broker,
      @Agency("NHIS") FakeProviderAgency nhis,
      @Agency("NTS") FakeProviderAgency nts) {
    // region readme-fetch
    MyDataClient client =
        MyDataClient.builder()
            .consumer(AgencyId.of("KB-BANK"))
            .directory(
                ProviderDirectory.of(
                    Map.of(AgencyId.of("NHIS"), nhis.baseUrl(), AgencyId.of("NTS"), nts.baseUrl())))
            .dpopKey(DpopKey.generate()) // the broker binds every grant to its thumbprint
            .grantSource(GrantSource.of(broker.broker())) // an in-process ConsentBroker
            .build();
    Consent consent =
        broker.approvedConsent(
            SampleCitizen.HONG_GILDONG, // 홍길동, a fictional citizen
            AgencyId.of("KB-BANK"),
            Delivery.periodic(Schedule.every(1, Schedule.Unit.MONTHS), 4), // 4 deliveries a month
            DataItem.of(AgencyId.of("NHIS"), ItemCode.of("nhis.qualification")),
            DataItem.of(AgencyId.of("NTS"), ItemCode.of("nts.income-certificate")));

    FetchResult qualification = client.fetch(consent.id(), ItemCode.of("nhis.qualification"));
    String json = qualification.json(); // the record's "data" object
    String transactionId = qualification.transactionId(); // 거래고유번호, echoed by the agency

    for (ItemResult result : client.fetchAll(consent.id())) { // in parallel, one result per item
      result
          .failure()
          .ifPresent(e -> System.err.println(e.getMessage())); // typed; never carries data
    }
    // endregion readme-fetch

    assertThat(json).startsWith("{");
    assertThat(transactionId).startsWith("KBBANK");
    // Every fetch is its own grant and delivery: NHIS delivered twice, NTS once, all served.
    assertThat(nhis.requests()).hasSize(2).allMatch(r -> r.status() == 200);
    assertThat(nts.requests()).hasSize(1).allMatch(r -> r.status() == 200);
    assertThat(broker.broker().remainingBudget(consent.id(), AgencyId.of("NHIS")).remaining())
        .isEqualTo(2);
  }

  @Test
  void fetchAllOverThreeAgenciesOneDownOneRefusing(
      FakeBroker broker,
      @Agency("NHIS") FakeProviderAgency nhis,
      @Agency("NTS") FakeProviderAgency nts)
      throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    // NTS's entry points at the NHIS agency: it verifies the NTS grant and refuses it (403).
    MyDataClient client =
        MyDataClient.builder()
            .consumer(AgencyId.of("KB-BANK"))
            .directory(
                ProviderDirectory.of(
                    Map.of(
                        AgencyId.of("NHIS"), nhis.baseUrl(),
                        AgencyId.of("NTS"), nhis.baseUrl(),
                        AgencyId.of("MOIS"), URI.create("http://127.0.0.1:" + closedPort))))
            .dpopKey(DpopKey.generate())
            .grantSource(GrantSource.of(broker.broker()))
            .build();
    Consent consent =
        broker.approvedConsent(
            SampleCitizen.KIM_CHEOLSU,
            AgencyId.of("KB-BANK"),
            DataItem.of(AgencyId.of("NHIS"), ItemCode.of("nhis.qualification")),
            DataItem.of(AgencyId.of("NTS"), ItemCode.of("nts.income-certificate")),
            DataItem.of(AgencyId.of("MOIS"), ItemCode.of("mois.resident-abstract")));
    List<ItemResult> results = client.fetchAll(consent.id());

    assertThat(results).hasSize(3);
    ItemResult ok = find(results, "NHIS");
    ItemResult refused = find(results, "NTS");
    ItemResult down = find(results, "MOIS");
    assertThat(ok.result()).isPresent();
    assertThat(refused.failure())
        .get()
        .isInstanceOfSatisfying(
            GrantRejectedException.class,
            e -> {
              assertThat(e.status()).isEqualTo(403);
              assertThat(e.reason()).contains("WRONG_AUDIENCE");
            });
    assertThat(down.failure()).get().isInstanceOf(ProviderUnavailableException.class);
  }

  @Test
  void aBrokerRefusalForOneProviderDoesNotHideTheOthers(
      FakeBroker broker,
      @Agency("NHIS") FakeProviderAgency nhis,
      @Agency("NTS") FakeProviderAgency nts) {
    MyDataClient client =
        MyDataClient.builder()
            .consumer(AgencyId.of("KB-BANK"))
            .directory(
                ProviderDirectory.of(
                    Map.of(AgencyId.of("NHIS"), nhis.baseUrl(), AgencyId.of("NTS"), nts.baseUrl())))
            .dpopKey(DpopKey.generate())
            .grantSource(GrantSource.of(broker.broker()))
            .build();
    Consent consent =
        broker.approvedConsent(
            SampleCitizen.HONG_GILDONG,
            AgencyId.of("KB-BANK"),
            DataItem.of(AgencyId.of("NHIS"), ItemCode.of("nhis.qualification")),
            DataItem.of(AgencyId.of("NTS"), ItemCode.of("nts.income-certificate")));
    // A one-time consent: a second grant at NHIS is refused by the broker, NTS is still served.
    broker.broker().issueGrant(consent.id(), AgencyId.of("NHIS"), DpopKey.generate().thumbprint());
    List<ItemResult> results = client.fetchAll(consent.id());
    assertThat(find(results, "NHIS").failure())
        .get()
        .isInstanceOf(org.mydatakit.broker.FetchLimitException.class);
    assertThat(find(results, "NTS").result()).isPresent();
  }

  private static ItemResult find(List<ItemResult> results, String provider) {
    return results.stream()
        .filter(r -> r.provider().value().equals(provider))
        .findFirst()
        .orElseThrow();
  }
}
