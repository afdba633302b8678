package org.mydatakit.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mydatakit.consent.AgencyId;
import org.mydatakit.consent.ConsentId;
import org.mydatakit.consent.DataItem;
import org.mydatakit.consent.ItemCode;
import org.mydatakit.grant.DpopKey;
import org.mydatakit.testkit.FakeBroker;
import org.mydatakit.testkit.FakeProviderAgency;
import org.mydatakit.testkit.SampleCitizen;

/** Against the testkit's agencies, which verify every grant and proof with the real verifier. */
class TestkitAgencyTest {
  private static final AgencyId KB_BANK = AgencyId.of("KB-BANK");
  private static final Map<AgencyId, ItemCode> SAMPLES =
      Map.of(
          AgencyId.of("NHIS"), ItemCode.of("nhis.qualification"),
          AgencyId.of("NTS"), ItemCode.of("nts.income-certificate"),
          AgencyId.of("MOIS"), ItemCode.of("mois.resident-abstract"),
          AgencyId.of("SEOUL-JUNGGU"), ItemCode.of("local.tax-payment"));

  private final FakeBroker broker = FakeBroker.create();
  private final Map<AgencyId, FakeProviderAgency> agencies = new LinkedHashMap<>();

  @AfterEach
  void stop() {
    agencies.values().forEach(FakeProviderAgency::close);
  }

  private MyDataClient client(DpopKey key) {
    Map<AgencyId, URI> urls = new LinkedHashMap<>();
    agencies.forEach((id, agency) -> urls.put(id, agency.baseUrl()));
    return MyDataClient.builder()
        .consumer(KB_BANK)
        .directory(ProviderDirectory.of(urls))
        .dpopKey(key)
        .grantSource(GrantSource.of(broker.broker()))
        .build();
  }

  @Test
  void everySampleItemIsFetchedFromAVerifyingAgency() {
    SAMPLES.keySet().forEach(a -> agencies.put(a, FakeProviderAgency.start(a, broker)));
    ConsentId consent =
        broker
            .approvedConsent(
                SampleCitizen.HONG_GILDONG,
                KB_BANK,
                SAMPLES.entrySet().stream()
                    .map(e -> DataItem.of(e.getKey(), e.getValue()))
                    .toArray(DataItem[]::new))
            .id();
    DpopKey key = DpopKey.generate();
    MyDataClient client = client(key);
    for (Map.Entry<AgencyId, ItemCode> sample : SAMPLES.entrySet()) {
      FetchResult r = client.fetch(consent, sample.getValue());
      assertThat(r.provider()).isEqualTo(sample.getKey());
      assertThat(r.data()).isNotEmpty();
    }
  }

  @Test
  void fetchAllWithOneAgencyDownStillDeliversTheOther() {
    SAMPLES.keySet().forEach(a -> agencies.put(a, FakeProviderAgency.start(a, broker)));
    ConsentId consent =
        broker
            .approvedConsent(
                SampleCitizen.KIM_CHEOLSU,
                KB_BANK,
                DataItem.of(AgencyId.of("NHIS"), SAMPLES.get(AgencyId.of("NHIS"))),
                DataItem.of(AgencyId.of("NTS"), SAMPLES.get(AgencyId.of("NTS"))))
            .id();
    MyDataClient client = client(DpopKey.generate());
    agencies.get(AgencyId.of("NTS")).stop();
    List<ItemResult> results = client.fetchAll(consent);
    assertThat(results.get(0).result()).isPresent();
    assertThat(results.get(1).failure())
        .hasValueSatisfying(e -> assertThat(e).isInstanceOf(ProviderUnavailableException.class));
  }
}
