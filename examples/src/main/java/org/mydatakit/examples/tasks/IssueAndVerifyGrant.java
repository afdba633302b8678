package org.mydatakit.examples.tasks;

import static org.mydatakit.examples.tasks.SampleConsents.KB_BANK;
import static org.mydatakit.examples.tasks.SampleConsents.NHIS;
import static org.mydatakit.examples.tasks.SampleConsents.NHIS_QUALIFICATION;

import java.net.URI;
import org.mydatakit.broker.ConsentBroker;
import org.mydatakit.broker.InMemoryConsentStore;
import org.mydatakit.consent.Consent;
import org.mydatakit.grant.DpopKey;
import org.mydatakit.grant.Grant;
import org.mydatakit.grant.GrantRequest;
import org.mydatakit.grant.GrantVerifier;
import org.mydatakit.grant.InvalidGrantException;
import org.mydatakit.grant.VerifiedGrant;
import org.mydatakit.keys.SigningAlgorithm;
import org.mydatakit.keys.SigningKeySet;
import org.mydatakit.status.StatusLists;

/**
 * Task: the broker issues a grant for one provider, bound to the consumer's DPoP key; the provider
 * verifies it with a fresh proof, checking the consent's status in the broker's signed status list,
 * and refuses the same proof a second time.
 *
 * <pre>{@code
 * java -cp examples.jar:... org.mydatakit.examples.tasks.IssueAndVerifyGrant
 * }</pre>
 */
public final class IssueAndVerifyGrant {
  private IssueAndVerifyGrant() {}

  public static void main(String[] args) throws InvalidGrantException {
    // Broker: signing keys, and an ACTIVE consent of the fictional citizen 홍길동 for an NHIS item.
    SigningKeySet keys = SigningKeySet.generate(SigningAlgorithm.ES256);
    ConsentBroker broker =
        SampleConsents.broker(new InMemoryConsentStore(), keys, "https://broker.example").build();
    Consent consent = SampleConsents.approved(broker, KB_BANK, NHIS_QUALIFICATION);

    // Consumer: a DPoP key; the grant is bound to its thumbprint.
    DpopKey consumerKey = DpopKey.generate();
    Grant grant = broker.issueGrant(consent.id(), NHIS, consumerKey.thumbprint());
    System.out.println("broker: issued a grant for NHIS, expires " + grant.expiresAt());

    // Provider agency NHIS: one verifier, with the broker's public keys and status list.
    StatusLists statusLists =
        StatusLists.builder()
            .source(uri -> broker.statusList()) // over HTTP: HttpStatusListSource.of(okHttp)
            .trustedIssuer("https://broker.example", keys.verificationKeys())
            .build();
    GrantVerifier verifier =
        GrantVerifier.builder()
            .trustedIssuer("https://broker.example", keys.verificationKeys())
            .audience(NHIS)
            .revocationCheck(statusLists)
            .build();
    URI url = URI.create("https://api.nhis.example/mydata/v1/items/nhis.qualification");
    GrantRequest request =
        GrantRequest.builder()
            .grant(grant.token())
            .dpopProof(consumerKey.proof("GET", url, grant.token()))
            .method("GET")
            .url(url)
            .item(NHIS_QUALIFICATION.code())
            .build();
    VerifiedGrant verified = verifier.verify(request);
    System.out.println(
        "NHIS: grant valid for consumer " + verified.consumer() + ", scope " + verified.scope());

    try {
      verifier.verify(request); // the same proof again
      System.out.println("NHIS: the replayed proof was accepted (unexpected)");
    } catch (InvalidGrantException e) {
      System.out.println("NHIS: the same proof again is rejected: " + e.reason());
    }
  }
}
