package org.mydatakit.client;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.UUID;
import java.util.function.Consumer;
import org.mydatakit.consent.AgencyId;
import org.mydatakit.consent.ConsentId;
import org.mydatakit.events.ConsentEventType;
import org.mydatakit.internal.JwsSigning;
import org.mydatakit.keys.SigningAlgorithm;
import org.mydatakit.keys.SigningKeySet;

/**
 * A broker that signs consent-event SETs for the consumer KB-BANK, of any type and version, as it
 * would push them (every item, no subject), or bent by the test.
 */
final class BrokerEvents {
  static final String ISSUER = "https://broker.example";
  static final AgencyId BANK = AgencyId.of("KB-BANK");
  static final String CONTENT_TYPE = "application/secevent+jwt";
  static final ObjectMapper JSON = new ObjectMapper();

  final SigningKeySet keys = SigningKeySet.generate(SigningAlgorithm.ES256);
  final ConsentId consentId = ConsentId.parse("0190b8c2-7d3e-7abc-8def-0123456789ab");

  ObjectNode claims(ConsentEventType type, long version, String jti) {
    ObjectNode c = JSON.createObjectNode();
    c.put("iss", ISSUER);
    c.put("aud", BANK.value());
    c.put("iat", 1_765_098_000L);
    c.put("jti", jti);
    c.put("txn", consentId + "." + version);
    c.put("toe", 1_765_097_990L);
    ObjectNode payload = c.putObject("events").putObject(type.uri());
    payload.put("consentId", consentId.toString());
    var items = payload.putArray("items");
    items.addObject().put("provider", "NHIS").put("code", "nhis.qualification");
    items.addObject().put("provider", "NTS").put("code", "nts.income");
    return c;
  }

  String set(ConsentEventType type, long version) {
    return set(type, version, "jti-" + UUID.randomUUID());
  }

  String set(ConsentEventType type, long version, String jti) {
    return signWith(keys, claims(type, version, jti));
  }

  String set(ConsentEventType type, long version, Consumer<ObjectNode> edit) {
    ObjectNode c = claims(type, version, "jti-" + UUID.randomUUID());
    edit.accept(c);
    return signWith(keys, c);
  }

  static String signWith(SigningKeySet keys, ObjectNode claims) {
    return JwsSigning.current(keys.exportPrivateJwks())
        .sign("secevent+jwt", claims.toString(), false);
  }
}
