package org.mydatakit.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.mydatakit.keys.SigningKeySet;

/** Signs grants for tests directly with nimbus, so a test can shape every claim. */
final class TestGrants {
  static final String ISSUER = "https://broker.example";
  static final String AUDIENCE = "NHIS";
  static final String SUBJECT = "q3p9Zr8Kx2mVb7Tn4Wc1Yd6Hf0Lg5Js3Pa8Ue2Ri9Ok";
  static final String CONSENT = "0190b8c2-7d3e-7abc-8def-0123456789ab";
  static final String JKT = "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs";
  static final String ITEM = "nhis.qualification";

  private static final ObjectMapper JSON = new ObjectMapper();

  private TestGrants() {}

  /** A well-formed grant for {@link #AUDIENCE}, valid for five minutes, bound to {@code jkt}. */
  static ObjectNode claims(String jkt) {
    long now = Instant.now().getEpochSecond();
    ObjectNode claims = JSON.createObjectNode();
    claims.put("iss", ISSUER);
    claims.put("aud", AUDIENCE);
    claims.put("sub", SUBJECT);
    claims.put("azp", "KBANK");
    claims.put("cid", CONSENT);
    claims.put("scope", ITEM);
    claims.put("pur", "loan-screening");
    claims.put("iat", now);
    claims.put("nbf", now);
    claims.put("exp", now + 300);
    claims.put("jti", "grant-" + System.nanoTime());
    claims.putObject("cnf").put("jkt", jkt);
    return claims;
  }

  static String sign(SigningKeySet keys) {
    return sign(keys, claims -> {});
  }

  /** Signs {@link #claims} as changed by {@code edit} with the current key of {@code keys}. */
  static String sign(SigningKeySet keys, Consumer<ObjectNode> edit) {
    ObjectNode claims = claims(JKT);
    edit.accept(claims);
    return signClaims(keys, claims.toString());
  }

  /**
   * The arguments of {@code grant verify} with the test issuer and audience, then {@code extra}.
   */
  static String[] verifyArgs(Path jwks, String... extra) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "grant",
                "verify",
                "--jwks",
                jwks.toString(),
                "--issuer",
                ISSUER,
                "--audience",
                AUDIENCE));
    args.addAll(List.of(extra));
    return args.toArray(String[]::new);
  }

  static String signClaims(SigningKeySet keys, String claimsJson) {
    try {
      ECKey key = (ECKey) JWKSet.parse(keys.exportPrivateJwks()).getKeys().get(0);
      JWSHeader header =
          new JWSHeader.Builder(JWSAlgorithm.ES256)
              .type(new JOSEObjectType("mydata-grant+jwt"))
              .keyID(key.getKeyID())
              .build();
      JWSObject jws = new JWSObject(header, new Payload(claimsJson));
      jws.sign(new ECDSASigner(key));
      return jws.serialize();
    } catch (ParseException | JOSEException e) {
      throw new IllegalStateException(e);
    }
  }
}
