package org.mydatakit.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mydatakit.testkit.Fixtures.CONSUMER;
import static org.mydatakit.testkit.Fixtures.NHIS;
import static org.mydatakit.testkit.Fixtures.NHIS_QUALIFICATION;
import static org.mydatakit.testkit.Fixtures.NTS;
import static org.mydatakit.testkit.Fixtures.QUALIFICATION;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.mydatakit.consent.Consent;
import org.mydatakit.grant.DpopKey;
import org.mydatakit.grant.Grant;

/** An integrator's test is a few lines: agencies and the broker arrive as parameters. */
@MockProviderAgency("NHIS")
@MockProviderAgency("NTS")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MockProviderAgencyExtensionTest {
  private static FakeBroker firstBroker;
  private static URI methodScopedAgency;

  @Test
  @Order(1)
  void injectsTheBrokerAndEachAgencyById(
      FakeBroker broker,
      @Agency("NHIS") FakeProviderAgency nhis,
      @Agency("NTS") FakeProviderAgency nts)
      throws IOException {
    firstBroker = broker;
    assertThat(nhis.agencyId()).isEqualTo(NHIS);
    assertThat(nts.agencyId()).isEqualTo(NTS);
    assertThat(nhis.baseUrl()).isNotEqualTo(nts.baseUrl());

    DpopKey key = DpopKey.generate();
    Consent consent =
        broker.approvedConsent(SampleCitizen.HONG_GILDONG, CONSUMER, NHIS_QUALIFICATION);
    Grant grant = broker.issueGrant(consent.id(), NHIS, key);
    assertThat(Http.fetch(nhis.itemUrl(QUALIFICATION), grant, key).statusCode()).isEqualTo(200);

    nts.serviceUnavailableStorm();
  }

  @Test
  @Order(2)
  void theBrokerIsSharedAndKnobsAreResetBetweenTests(
      FakeBroker broker,
      @Agency("NTS") FakeProviderAgency nts,
      @Agency("NHIS") FakeProviderAgency nhis)
      throws IOException {
    assertThat(broker).isSameAs(firstBroker);
    URI url = nts.itemUrl(Fixtures.INCOME);
    assertThat(Http.send(Http.request(url, null, null, Http.tranId())).statusCode())
        .as("the storm armed in the previous test is over")
        .isEqualTo(401);
    nts.reset();
    assertThat(nhis.requests()).as("journal reset after each test").isEmpty();
    assertThat(nts.requests()).isEmpty();
  }

  @Test
  @Order(3)
  @MockProviderAgency("MOIS")
  void aMethodMayAddAnAgencyForItself(
      @Agency("MOIS") FakeProviderAgency mois,
      @Agency("NHIS") FakeProviderAgency nhis,
      FakeBroker broker) {
    assertThat(mois.agencyId().value()).isEqualTo("MOIS");
    assertThat(broker).isSameAs(firstBroker);
    methodScopedAgency = mois.baseUrl();
  }

  @Test
  @Order(4)
  void aMethodScopedAgencyIsStoppedAfterItsMethod() {
    java.net.http.HttpRequest.Builder request =
        Http.request(
            methodScopedAgency.resolve("/mydata/v1/items/mois.resident-abstract"),
            null,
            null,
            Http.tranId());
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> Http.send(request))
        .isInstanceOf(ConnectException.class);
  }

  @Nested
  class NestedClasses {
    @Test
    void seeTheOuterAgenciesAndBroker(FakeBroker broker, @Agency("NHIS") FakeProviderAgency nhis) {
      assertThat(nhis.agencyId()).isEqualTo(NHIS);
      assertThat(broker.issuer()).isEqualTo("https://broker.test");
    }
  }
}
