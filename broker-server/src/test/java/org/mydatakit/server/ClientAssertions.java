package org.mydatakit.server;

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
import java.time.Instant;
import java.util.UUID;
import java.util.function.Consumer;
import org.mydatakit.consent.AgencyId;
import org.mydatakit.keys.SigningKeySet;

/** Client assertions made by hand with nimbus, as a consumer outside mydatakit would make them. */
final class ClientAssertions {
  private static final ObjectMapper JSON = new ObjectMapper();

  private ClientAssertions() {}

  /**
   * An assertion for the token endpoint {@code issuer + "/grants"}, signed with {@code keys}, its
   * claims adjusted by {@code edit}.
   */
  static String sign(
      String issuer, AgencyId consumer, SigningKeySet keys, Consumer<ObjectNode> edit) {
    long now = Instant.now().getEpochSecond();
    ObjectNode claims = JSON.createObjectNode();
    claims.put("iss", consumer.value());
    claims.put("sub", consumer.value());
    claims.put("aud", issuer + "/grants");
    claims.put("iat", now);
    claims.put("exp", now + 60);
    claims.put("jti", UUID.randomUUID().toString());
    edit.accept(claims);
    try {
      ECKey key = (ECKey) JWKSet.parse(keys.exportPrivateJwks()).getKeys().get(0);
      JWSObject jws =
          new JWSObject(
              new JWSHeader.Builder(JWSAlgorithm.ES256)
                  .type(JOSEObjectType.JWT)
                  .keyID(key.getKeyID())
                  .build(),
              new Payload(claims.toString()));
      jws.sign(new ECDSASigner(key));
      return jws.serialize();
    } catch (java.text.ParseException | JOSEException e) {
      throw new IllegalStateException(e);
    }
  }
}
