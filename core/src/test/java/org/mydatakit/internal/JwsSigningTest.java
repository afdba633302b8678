package org.mydatakit.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.mydatakit.keys.SigningAlgorithm;
import org.mydatakit.keys.SigningKeySet;

/** Tokens signed with either provider carry the profile's header and verify with the other. */
class JwsSigningTest {

  @ParameterizedTest
  @EnumSource(SigningAlgorithm.class)
  void eachProviderVerifiesWhatTheOtherSigned(SigningAlgorithm algorithm) throws Exception {
    SigningKeySet keys = SigningKeySet.generate(algorithm);
    JWK key = JWKSet.parse(keys.exportPrivateJwks()).getKeys().get(0);
    for (CryptoProvider signer : CryptoProvider.values()) {
      String token = JwsSigning.with(key, signer).sign("t+jwt", "{\"a\":1}", false);
      for (CryptoProvider verifier : CryptoProvider.values()) {
        KeyRing ring = KeyRing.of(keys.verificationKeys().toJson(), verifier);
        JwsCheck.Verified verified = JwsCheck.verify(token, ring, "t+jwt", 8192);
        assertThat(new String(verified.payload(), "UTF-8")).isEqualTo("{\"a\":1}");
        assertThat(verified.key().provider()).isEqualTo(verifier);
      }
    }
  }

  @ParameterizedTest
  @EnumSource(SigningAlgorithm.class)
  void oneSignerWritesAKidHeaderOrAPublicJwkHeaderAsAsked(SigningAlgorithm algorithm)
      throws Exception {
    SigningKeySet keys = SigningKeySet.generate(algorithm);
    JWK key = JWKSet.parse(keys.exportPrivateJwks()).getKeys().get(0);
    JwsSigning signing = JwsSigning.with(key);
    List<JsonNode> headers = new ArrayList<>();
    for (boolean embed : new boolean[] {false, true, false, true}) {
      headers.add(header(signing.sign("dpop+jwt", "{}", embed)));
    }
    for (int i = 0; i < headers.size(); i++) {
      JsonNode h = headers.get(i);
      assertThat(h.get("alg").asText()).isEqualTo(algorithm.name());
      assertThat(h.get("typ").asText()).isEqualTo("dpop+jwt");
      assertThat(h.size()).isEqualTo(3);
      if (i % 2 == 0) {
        assertThat(h.get("kid").asText()).isEqualTo(keys.currentKeyId());
      } else {
        JsonNode jwk = h.get("jwk");
        assertThat(JwkRules.PRIVATE_MEMBERS).noneMatch(jwk::has);
        assertThat(JWK.parse(jwk.toString()).computeThumbprint())
            .isEqualTo(key.toPublicJWK().computeThumbprint());
      }
    }
    assertThat(header(signing.sign("other+jwt", "{}", false)).get("typ").asText())
        .isEqualTo("other+jwt");
    assertThat(signing.toString()).doesNotContain(key.getKeyID()).contains(algorithm.name());
  }

  private static JsonNode header(String token) {
    return StrictJson.object(Base64.getUrlDecoder().decode(token.substring(0, token.indexOf('.'))));
  }
}
