package org.mydatakit.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.UUID;
import java.util.function.Consumer;
import org.mydatakit.consent.ConsentId;
import org.mydatakit.internal.JwsSigning;
import org.mydatakit.keys.SigningAlgorithm;
import org.mydatakit.keys.SigningKeySet;

/**
 * Mints consent-event SETs for NHIS as the broker would, with any type, version and jti, and lets a
 * test bend any claim.
 */
final class EventMint {
  static final String ISSUER = "https://broker.example";
  static final String SUBJECT = "c3ViamVjdC1hdC1uaGlzLWZvci10ZXN0LW9ubHktMDAx";
  static final ObjectMapper JSON = new ObjectMapper();

  final SigningKeySet brokerKeys = SigningKeySet.generate(SigningAlgorithm.ES256);
  final JwsSigning signing = JwsSigning.current(brokerKeys.exportPrivateJwks());
  final ConsentId consentId = ConsentId.parse("0190b8c2-7d3e-7abc-8def-0123456789ab");

  ObjectNode claims(ConsentEventType type, long version, String jti) {
    ObjectNode c = JSON.createObjectNode();
    c.put("iss", ISSUER);
    c.put("aud", "NHIS");
    c.put("iat", 1_765_098_000L);
    c.put("jti", jti);
    c.put("txn", consentId + "." + version);
    c.put("toe", 1_765_097_990L);
    ObjectNode payload = c.putObject("events").putObject(type.uri());
    payload.put("consentId", consentId.toString());
    payload.putArray("items").addObject().put("provider", "NHIS").put("code", "nhis.qualification");
    payload.putObject("sub_id").put("format", "opaque").put("id", SUBJECT);
    return c;
  }

  String set(ConsentEventType type, long version) {
    return set(type, version, "jti-" + UUID.randomUUID());
  }

  String set(ConsentEventType type, long version, String jti) {
    return sign(claims(type, version, jti));
  }

  String set(ConsentEventType type, long version, Consumer<ObjectNode> edit) {
    ObjectNode c = claims(type, version, "jti-" + UUID.randomUUID());
    edit.accept(c);
    return sign(c);
  }

  String sign(ObjectNode claims) {
    return signing.sign(SecurityEventTokens.TYPE, claims.toString(), false);
  }

  static String signWith(SigningKeySet keys, ObjectNode claims) {
    return JwsSigning.current(keys.exportPrivateJwks())
        .sign(SecurityEventTokens.TYPE, claims.toString(), false);
  }
}
