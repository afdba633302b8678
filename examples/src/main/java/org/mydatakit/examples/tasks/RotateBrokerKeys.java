package org.mydatakit.examples.tasks;

import static org.mydatakit.examples.tasks.SampleConsents.KB_BANK;
import static org.mydatakit.examples.tasks.SampleConsents.NHIS;
import static org.mydatakit.examples.tasks.SampleConsents.NHIS_QUALIFICATION;

import java.net.URI;
import org.mydatakit.broker.InMemoryConsentStore;
import org.mydatakit.consent.Consent;
import org.mydatakit.grant.DpopKey;
import org.mydatakit.grant.Grant;
import org.mydatakit.grant.GrantIssuer;
import org.mydatakit.grant.GrantRequest;
import org.mydatakit.grant.GrantVerifier;
import org.mydatakit.grant.InvalidGrantException;
import org.mydatakit.keys.SigningAlgorithm;
import org.mydatakit.keys.SigningKeySet;
import org.mydatakit.keys.VerificationKeySet;

/**
 * Task: rotate the broker's signing keys. After {@code rotate()} new grants are signed with the new
 * key and grants signed with the old one still verify; after {@code retire(oldKid)} and a reload of
 * the published JWKS, the old key's grants stop verifying.
 *
 * <pre>{@code
 * java -cp examples.jar:... org.mydatakit.examples.tasks.RotateBrokerKeys
 * }</pre>
 */
public final class RotateBrokerKeys {
  private static final String ISSUER = "https://broker.example";
  private static final URI URL =
      URI.create("https://api.nhis.example/mydata/v1/items/nhis.qualification");
  private static final DpopKey BANK_KEY = DpopKey.generate();

  private RotateBrokerKeys() {}

  public static void main(String[] args) {
    SigningKeySet keys = SigningKeySet.generate(SigningAlgorithm.ES256);
    Consent consent =
        SampleConsents.approved(
            SampleConsents.broker(new InMemoryConsentStore(), keys, ISSUER).build(),
            KB_BANK,
            NHIS_QUALIFICATION);
    Grant oldGrant = GrantIssuer.builder(keys, ISSUER).build().issue(consent, NHIS, jkt());

    SigningKeySet rotated = keys.rotate(); // publish rotated.verificationKeys() as the JWKS
    Grant newGrant = GrantIssuer.builder(rotated, ISSUER).build().issue(consent, NHIS, jkt());
    System.out.println(
        "rotated: " + rotated.verificationKeys().keyIds().size() + " keys published");
    System.out.println("  grant by the old key: " + verify(oldGrant, rotated.verificationKeys()));
    System.out.println("  grant by the new key: " + verify(newGrant, rotated.verificationKeys()));

    SigningKeySet retired = rotated.retire(keys.currentKeyId()); // once old grants have expired
    System.out.println(
        "retired the old key: " + retired.verificationKeys().keyIds().size() + " key published");
    System.out.println("  grant by the old key: " + verify(oldGrant, retired.verificationKeys()));
    System.out.println("  grant by the new key: " + verify(newGrant, retired.verificationKeys()));
  }

  private static String jkt() {
    return BANK_KEY.thumbprint();
  }

  /** Verifies {@code grant} as NHIS would with the published {@code jwks} and a fresh proof. */
  private static String verify(Grant grant, VerificationKeySet jwks) {
    GrantVerifier verifier =
        GrantVerifier.builder()
            .trustedIssuer(ISSUER, jwks)
            .audience(NHIS)
            .withoutRevocationCheck() // these grants carry no status reference: keys only here
            .build();
    try {
      verifier.verify(
          GrantRequest.builder()
              .grant(grant.token())
              .dpopProof(BANK_KEY.proof("GET", URL, grant.token()))
              .method("GET")
              .url(URL)
              .item(NHIS_QUALIFICATION.code())
              .build());
      return "VALID";
    } catch (InvalidGrantException e) {
      return "rejected, " + e.reason();
    }
  }
}
