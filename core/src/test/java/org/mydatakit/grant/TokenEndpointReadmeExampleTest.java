package org.mydatakit.grant;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.mydatakit.consent.AgencyId;
import org.mydatakit.internal.JwsSigning;
import org.mydatakit.keys.SigningAlgorithm;
import org.mydatakit.keys.SigningKeySet;
import org.mydatakit.keys.VerificationKeySet;

/** The README's token-endpoint example, run: who is asking, and which key to bind the grant to. */
class TokenEndpointReadmeExampleTest {
  private final SigningKeySet bankClientKeys = SigningKeySet.generate(SigningAlgorithm.ES256);
  private final DpopKey bankDpopKey = DpopKey.generate();

  /** What a consumer sends: a client assertion as {@code RemoteGrantSource} makes it. */
  private String clientAssertion(String audience) {
    long now = Instant.now().getEpochSecond();
    ObjectNode claims = GrantFixture.JSON.createObjectNode();
    claims.put("iss", "KB-BANK").put("sub", "KB-BANK").put("aud", audience);
    claims.put("iat", now).put("exp", now + 60).put("jti", "readme-" + System.nanoTime());
    return JwsSigning.current(bankClientKeys.exportPrivateJwks())
        .sign("client-authentication+jwt", claims.toString(), false);
  }

  @Test
  void theTokenEndpointAuthenticatesTheConsumerAndReadsTheProofKey() throws Exception {
    VerificationKeySet bankPublicKeys = bankClientKeys.verificationKeys();
    URI grantsUrl = URI.create("https://broker.example/grants");
    String assertionType = ClientAssertionVerifier.ASSERTION_TYPE;
    String assertion = clientAssertion(grantsUrl.toString());
    String dpopHeader = bankDpopKey.proof("POST", grantsUrl); // no grant yet: no ath

    // region readme-token-endpoint
    // Built once, at start: the consumers' registered keys and the endpoint's own URL.
    ClientAssertionVerifier clients =
        ClientAssertionVerifier.builder()
            .audience("https://broker.example/grants") // the exact aud of every assertion
            .client(AgencyId.of("KB-BANK"), bankPublicKeys) // or .clients(registry::keysOf)
            .build();
    DpopProofVerifier proofs = DpopProofVerifier.builder().build(); // 60 s max age, 30 s skew

    // Per request to POST /grants (form parameters and the DPoP header as received):
    AgencyId consumer = clients.verify(assertionType, assertion); // private_key_jwt, RFC 7523
    String jkt = proofs.verify(dpopHeader, "POST", grantsUrl); // RFC 9449, replay-checked
    // broker.issueGrant(consentId, provider, jkt): the grant is bound to the proof's key.
    // Any InvalidClientAssertionException → 401 invalid_client;
    // any InvalidGrantException → 401 invalid_dpop_proof. Log e.reason(), never the token.
    // endregion readme-token-endpoint

    assertThat(consumer).isEqualTo(AgencyId.of("KB-BANK"));
    assertThat(jkt).isEqualTo(bankDpopKey.thumbprint());
  }
}
