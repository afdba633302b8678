package org.mydatakit.grant;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.Test;
import org.mydatakit.consent.AgencyId;
import org.mydatakit.consent.Consent;
import org.mydatakit.consent.ItemCode;
import org.mydatakit.keys.SigningAlgorithm;
import org.mydatakit.keys.SigningKeySet;
import org.mydatakit.keys.VerificationKeySet;
import org.mydatakit.status.StatusReference;
import org.mydatakit.status.TokenStatus;

/** The README's "Embedding the library" example, run as written. */
class ReadmeExampleTest {

  @Test
  void brokerIssuesConsumerPresentsProviderVerifies() throws Exception {
    Consent consent = SampleConsents.active(); // an ACTIVE consent, e.g. ConsentJson.read(json)

    // region readme-embed
    // Broker: one signing key set; its public half is the JWKS it publishes.
    SigningKeySet keys = SigningKeySet.generate(SigningAlgorithm.ES256);
    GrantIssuer issuer = GrantIssuer.builder(keys, "https://broker.example").build();
    String jwks = keys.verificationKeys().toJson(); // serve at https://broker.example/jwks.json

    // Consumer: a DPoP key; the broker binds each grant to its thumbprint.
    DpopKey consumerKey = DpopKey.generate();
    Grant grant =
        issuer.issue(
            consent,
            AgencyId.of("NHIS"),
            consumerKey.thumbprint(),
            StatusReference.of(URI.create("https://broker.example/status/1"), 42));
    URI url = URI.create("https://api.nhis.example/mydata/v1/items/nhis.qualification");
    String proof = consumerKey.proof("GET", url, grant.token()); // fresh for every request

    // Provider agency: the broker's JWKS (fetched, or from a file), checked key by key, and one
    // verifier, built once, strict by construction.
    VerificationKeySet brokerKeys = VerificationKeySet.parse(jwks);
    GrantVerifier verifier =
        GrantVerifier.builder()
            .trustedIssuer("https://broker.example", brokerKeys)
            .audience(AgencyId.of("NHIS"))
            .revocationCheck(reference -> TokenStatus.VALID) // a cached status list in production
            .build();
    VerifiedGrant verified =
        verifier.verify(
            GrantRequest.builder()
                .grant(grant.token()) // from "Authorization: DPoP <grant>"
                .dpopProof(proof) // from the "DPoP" header
                .method("GET")
                .url(url)
                .item(ItemCode.of("nhis.qualification"))
                .build());
    // endregion readme-embed

    assertThat(verified.consentId()).isEqualTo(consent.id());
    assertThat(verified.subject())
        .isEqualTo(consent.subject().at(AgencyId.of("NHIS")).orElseThrow());
  }
}
