package org.mydatakit.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mydatakit.testkit.Fixtures.CONSUMER;
import static org.mydatakit.testkit.Fixtures.SEOUL_JUNGGU;
import static org.mydatakit.testkit.Fixtures.TAX_PAYMENT;

import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.mydatakit.consent.Consent;
import org.mydatakit.consent.DataItem;
import org.mydatakit.grant.DpopKey;
import org.mydatakit.grant.Grant;

/** With one agency declared, the parameter needs no {@code @Agency}; the whole test is this. */
@MockProviderAgency("SEOUL-JUNGGU")
class SingleAgencyExtensionTest {

  @Test
  void fetchesTheLocalTaxPayments(FakeBroker broker, FakeProviderAgency junggu) throws IOException {
    DpopKey key = DpopKey.generate();
    Consent consent =
        broker.approvedConsent(
            SampleCitizen.KIM_CHEOLSU, CONSUMER, DataItem.of(SEOUL_JUNGGU, TAX_PAYMENT));
    Grant grant = broker.issueGrant(consent.id(), SEOUL_JUNGGU, key);

    assertThat(Http.fetch(junggu.itemUrl(TAX_PAYMENT), grant, key).statusCode()).isEqualTo(200);
  }

  @Test
  void theBrokerAloneCanBeInjected(FakeBroker broker) {
    assertThat(broker.statusList()).isNotEmpty();
  }
}
