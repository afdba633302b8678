package org.mydatakit.provider;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.UUID;
import java.util.function.Consumer;
import org.mydatakit.consent.ConsentId;
import org.mydatakit.events.ConsentEventType;
import org.mydatakit.internal.JwsSigning;
import org.mydatakit.keys.SigningKeySet;

/**
 * Consent-event SETs for the fixture's agency (NTS), signed by the fixture's broker keys, of any
 * type and version: as the broker would push them, or bent by the test.
 */
final class EventSets {
  static final String CONTENT_TYPE = "application/secevent+jwt";

  private final GateFixture f;

  EventSets(GateFixture f) {
    this.f = f;
  }

  ObjectNode claims(ConsentId consentId, ConsentEventType type, long version, String jti) {
    ObjectNode c = GateFixture.JSON.createObjectNode();
    long now = f.clock.instant().getEpochSecond();
    c.put("iss", GateFixture.ISSUER);
    c.put("aud", GateFixture.SELF.value());
    c.put("iat", now);
    c.put("jti", jti);
    c.put("txn", consentId + "." + version);
    c.put("toe", now - 1);
    ObjectNode payload = c.putObject("events").putObject(type.uri());
    payload.put("consentId", consentId.toString());
    payload.putArray("items").addObject().put("provider", "NTS").put("code", GateFixture.ITEM);
    payload
        .putObject("sub_id")
        .put("format", "opaque")
        .put("id", "c3ViamVjdC1hdC1udHMtZm9yLXRlc3Qtb25seS0wMDE");
    return c;
  }

  /** The fixture consent's change {@code version} of {@code type}, with a fresh jti. */
  String set(ConsentEventType type, long version) {
    return set(f.consentId, type, version, "jti-" + UUID.randomUUID());
  }

  String set(ConsentId consentId, ConsentEventType type, long version, String jti) {
    return sign(claims(consentId, type, version, jti));
  }

  String set(ConsentEventType type, long version, Consumer<ObjectNode> edit) {
    ObjectNode c = claims(f.consentId, type, version, "jti-" + UUID.randomUUID());
    edit.accept(c);
    return sign(c);
  }

  String sign(ObjectNode claims) {
    return f.signing.sign("secevent+jwt", claims.toString(), false);
  }

  static String signWith(SigningKeySet keys, ObjectNode claims) {
    return JwsSigning.current(keys.exportPrivateJwks())
        .sign("secevent+jwt", claims.toString(), false);
  }
}
