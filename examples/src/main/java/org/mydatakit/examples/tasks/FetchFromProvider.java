package org.mydatakit.examples.tasks;

import static org.mydatakit.examples.tasks.SampleConsents.KB_BANK;
import static org.mydatakit.examples.tasks.SampleConsents.NHIS;
import static org.mydatakit.examples.tasks.SampleConsents.NHIS_QUALIFICATION;
import static org.mydatakit.examples.tasks.SampleConsents.NTS;
import static org.mydatakit.examples.tasks.SampleConsents.NTS_INCOME;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.mydatakit.client.GrantSource;
import org.mydatakit.client.ProviderDirectory;
import org.mydatakit.consent.AgencyId;
import org.mydatakit.consent.Consent;
import org.mydatakit.consent.ConsentId;
import org.mydatakit.consent.DataItem;
import org.mydatakit.consent.Delivery;
import org.mydatakit.consent.RevokedBy;
import org.mydatakit.consent.Schedule;
import org.mydatakit.examples.agency.AgencyConfig;
import org.mydatakit.examples.agency.AgencyRecords;
import org.mydatakit.examples.agency.ProviderAgencyServer;
import org.mydatakit.examples.consumer.ConsumerApp;
import org.mydatakit.grant.DpopKey;
import org.mydatakit.grant.Grant;

/**
 * Task: a consumer fetches a citizen's records from two provider agencies over HTTP. The broker
 * runs in this process and serves its JWKS and status list over HTTP (status list ttl 1 s); each
 * agency verifies every grant and DPoP proof and delivers each item once per grant. After the
 * citizen revokes, the broker issues no new grant, and the agencies refuse a still-unexpired grant
 * obtained before the revoke with REVOKED once the status list's ttl has passed.
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

      Consent consent =
          broker.approvedConsent(
              KB_BANK,
              Delivery.periodic(Schedule.every(1, Schedule.Unit.MONTHS), 4), // 4 a month
              NHIS_QUALIFICATION,
              NTS_INCOME);
      DpopKey bankKey = DpopKey.generate();
      ProviderDirectory directory =
          ProviderDirectory.of(Map.of(NHIS, nhis.baseUrl(), NTS, nts.baseUrl()));
      ConsumerApp bank =
          ConsumerApp.create(KB_BANK, directory, bankKey, GrantSource.of(broker.broker()));
      bank.fetchAll(consent.id(), System.out); // a new grant per provider: one delivery each

      // grants the bank obtained before the revoke and presents after it
      Map<AgencyId, Grant> held = new HashMap<>();
      for (AgencyId provider : List.of(NHIS, NTS)) {
        held.put(
            provider, broker.broker().issueGrant(consent.id(), provider, bankKey.thumbprint()));
      }
      broker.broker().revoke(consent.id(), RevokedBy.CITIZEN, "changed my mind");
      System.out.println("the citizen revoked; waiting one status list ttl");
      Thread.sleep(ttl.plusMillis(200).toMillis());
      System.out.println("new grants: the broker issues none for a revoked consent");
      bank.fetchAll(consent.id(), System.out);
      System.out.println("grants held from before the revoke: the agencies refuse them");
      GrantSource heldGrants =
          new GrantSource() {
            @Override
            public Grant grant(ConsentId id, AgencyId provider, String dpopJkt) {
              return held.get(provider);
            }

            @Override
            public Set<DataItem> items(ConsentId id) {
              return Set.of(NHIS_QUALIFICATION, NTS_INCOME);
            }
          };
      ConsumerApp.create(KB_BANK, directory, bankKey, heldGrants)
          .fetchAll(consent.id(), System.out);
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
