package org.mydatakit.examples.tasks;

import static org.mydatakit.examples.tasks.SampleConsents.KB_BANK;
import static org.mydatakit.examples.tasks.SampleConsents.NHIS;
import static org.mydatakit.examples.tasks.SampleConsents.NHIS_QUALIFICATION;
import static org.mydatakit.examples.tasks.SampleConsents.NTS_INCOME;

import org.mydatakit.broker.ConsentBroker;
import org.mydatakit.broker.InMemoryConsentStore;
import org.mydatakit.consent.CitizenIdentifier;
import org.mydatakit.consent.Consent;
import org.mydatakit.consent.ConsentStateException;
import org.mydatakit.consent.RevokedBy;
import org.mydatakit.grant.DpopKey;
import org.mydatakit.keys.SigningAlgorithm;
import org.mydatakit.keys.SigningKeySet;

/**
 * Task: a bank requests a consent, the citizen approves it (a signed receipt is kept), a grant is
 * issued, the citizen revokes, and the broker refuses any further grant; the access history and the
 * audit chain show every step.
 *
 * <pre>{@code
 * java -cp examples.jar:... org.mydatakit.examples.tasks.ApproveAndRevokeConsent
 * }</pre>
 */
public final class ApproveAndRevokeConsent {
  private ApproveAndRevokeConsent() {}

  public static void main(String[] args) {
    ConsentBroker broker =
        SampleConsents.broker(
                new InMemoryConsentStore(),
                SigningKeySet.generate(SigningAlgorithm.ES256),
                "https://broker.example")
            .build();
    DpopKey bankKey = DpopKey.generate();

    try (CitizenIdentifier ci = CitizenIdentifier.of(SampleConsents.HONG_GILDONG_CI)) {
      // The bank asks; the citizen (authenticated, so the CI is at hand) approves.
      Consent requested =
          broker.request(
              SampleConsents.request(KB_BANK, NHIS_QUALIFICATION, NTS_INCOME),
              ci,
              "loan-application-7731");
      System.out.println("consent " + requested.id() + ": " + requested.status());
      Consent active = broker.approve(requested.id(), ci, SampleConsents.evidence());
      System.out.println(
          "approved: "
              + active.status()
              + ", "
              + broker.receipts(active.id()).size()
              + " signed receipt(s)");

      broker.issueGrant(active.id(), NHIS, bankKey.thumbprint());
      System.out.println("grant issued for NHIS");

      Consent revoked = broker.revoke(active.id(), RevokedBy.CITIZEN, "no longer needed");
      System.out.println("revoked by the citizen: " + revoked.status());
      try {
        broker.issueGrant(active.id(), NHIS, bankKey.thumbprint());
        System.out.println("a grant after the revoke (unexpected)");
      } catch (ConsentStateException e) {
        System.out.println("a grant after the revoke is refused: " + e.getClass().getSimpleName());
      }

      System.out.println(
          "the citizen's access history: " + broker.accessHistory(ci).size() + " record(s)");
    }
    System.out.println("audit chain intact: " + broker.verifyAudit().intact());
  }
}
