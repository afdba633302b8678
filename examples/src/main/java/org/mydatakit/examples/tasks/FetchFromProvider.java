package org.mydatakit.examples.tasks;

import static org.mydatakit.examples.tasks.SampleConsents.KB_BANK;
import static org.mydatakit.examples.tasks.SampleConsents.NHIS;
import static org.mydatakit.examples.tasks.SampleConsents.NHIS_QUALIFICATION;
import static org.mydatakit.examples.tasks.SampleConsents.NTS;
import static org.mydatakit.examples.tasks.SampleConsents.NTS_INCOME;

import java.time.Duration;
import java.util.Map;
import org.mydatakit.client.GrantSource;
import org.mydatakit.client.ProviderDirectory;
import org.mydatakit.consent.AgencyId;
import org.mydatakit.consent.Consent;
import org.mydatakit.consent.RevokedBy;
import org.mydatakit.examples.agency.AgencyConfig;
import org.mydatakit.examples.agency.AgencyRecords;
import org.mydatakit.examples.agency.ProviderAgencyServer;
import org.mydatakit.examples.consumer.ConsumerApp;
import org.mydatakit.grant.DpopKey;

/**
 * Task: a consumer fetches a citizen's records from two provider agencies over HTTP. The broker
 * runs in this process and serves its JWKS and status list over HTTP (status list ttl 1 s); each
 * agency verifies every grant and DPoP proof; after the citizen revokes, the agencies refuse the
 * consumer's still-unexpired grant with REVOKED once the status list's ttl has passed.
 *
 * <pre>{@code
 * java -cp examples.jar:... org.mydatakit.examples.tasks.FetchFromProvider
 * }</pre>
 */
public final class FetchFromProvider {
  private FetchFromProvider() {}

  public static void main(String[] args) throws Exception {
    Duration ttl = Duration.ofSeconds(1);
    try (InProcessBroker broker = InProcessBroker.start(ttl);
        ProviderAgencyServer nhis = agency(broker, NHIS);
        ProviderAgencyServer nts = agency(broker, NTS)) {
      System.out.println("broker at " + broker.baseUrl() + ", status list ttl " + ttl);
      System.out.println("agencies NHIS at " + nhis.baseUrl() + ", NTS at " + nts.baseUrl());

      Consent consent = broker.approvedConsent(KB_BANK, NHIS_QUALIFICATION, NTS_INCOME);
      ConsumerApp bank =
          ConsumerApp.create(
              KB_BANK,
              ProviderDirectory.of(Map.of(NHIS, nhis.baseUrl(), NTS, nts.baseUrl())),
              DpopKey.generate(),
              GrantSource.of(broker.broker()));
      bank.fetchAll(consent.id(), System.out);

      broker.broker().revoke(consent.id(), RevokedBy.CITIZEN, "changed my mind");
      System.out.println("the citizen revoked; waiting one status list ttl");
      Thread.sleep(ttl.plusMillis(200).toMillis());
      bank.fetchAll(consent.id(), System.out); // the bank still holds unexpired grants
    }
  }

  /** Starts the sample agency {@code id}, onboarded at the broker (its pairwise-subject key). */
  private static ProviderAgencyServer agency(InProcessBroker broker, AgencyId id)
      throws java.io.IOException {
    return ProviderAgencyServer.start(
        AgencyConfig.builder(id)
            .broker(broker.baseUrl())
            .providerKey(broker.providerKey(id))
            .records(AgencyRecords.sample(id))
            .build());
  }
}
