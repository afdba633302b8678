package org.mydatakit.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.mydatakit.consent.AgencyId;
import org.mydatakit.consent.ConsentId;
import org.mydatakit.consent.DataItem;
import org.mydatakit.consent.ItemCode;
import org.mydatakit.consent.SubjectId;
import org.mydatakit.internal.Checks;
import org.mydatakit.internal.JwsException;
import org.mydatakit.internal.JwsSigning;
import org.mydatakit.internal.KeyRing;
import org.mydatakit.internal.SignedTokens;
import org.mydatakit.internal.StrictJson;
import org.mydatakit.keys.SigningKeySet;
import org.mydatakit.keys.VerificationKeySet;

/**
 * Consent events as Security Event Tokens (RFC 8417), signed by the broker.
 *
 * <p>The header's {@code typ} is {@value #TYPE}. The claims: {@code iss} (the broker), {@code aud}
 * (the receiving agency's id), {@code iat}, a unique {@code jti}, {@code txn} (the consent's
 * change: {@code <consent id>.<version>}, the same for every receiver of one change), {@code toe}
 * (when it happened) and {@code events} with exactly one member, the event type's URI ({@link
 * ConsentEventType}), whose payload is:
 *
 * <pre>{@code
 * {"consentId": "0190b8c2-7d3e-7abc-8def-0123456789ab",
 *  "items": [{"provider": "NHIS", "code": "nhis.qualification"}],
 *  "sub_id": {"format": "opaque", "id": "<the receiver's pairwise subject>"}}   // providers only
 * }</pre>
 *
 * <p>Never the broker-wide subject; a consumer's event has no {@code sub_id}.
 *
 * <pre>{@code
 * String set = SecurityEventTokens.signer(brokerKeys, "https://broker.example").sign(event);
 * ConsentEvent got = SecurityEventTokens.verifier(brokerJwks, "https://broker.example", NHIS)
 *     .verify(set).event();
 * }</pre>
 */
public final class SecurityEventTokens {
  /** The header's {@code typ}: {@code secevent+jwt} (RFC 8417 §2.3). */
  public static final String TYPE = "secevent+jwt";

  private static final int MAX_TOKEN_LENGTH = 16 * 1024;

  private SecurityEventTokens() {}

  /** A signer with {@code keys}' current key, as {@code issuer}. */
  public static Signer signer(SigningKeySet keys, String issuer) {
    return signer(keys, issuer, Clock.systemUTC());
  }

  /**
   * A signer with {@code keys}' current key, as {@code issuer}, reading {@code iat} off {@code
   * clock}.
   */
  public static Signer signer(SigningKeySet keys, String issuer, Clock clock) {
    return new Signer(keys, issuer, Checks.notNull("clock", clock));
  }

  /** A receiver's verifier: {@code issuer}'s SETs signed with {@code keys}, addressed to it. */
  public static Verifier verifier(VerificationKeySet keys, String issuer, AgencyId audience) {
    return new Verifier(keys, issuer, audience);
  }

  /** A SET that verified: its {@code jti} (for idempotence) and its event. */
  public record Verified(String jti, ConsentEvent event) {
    @Override
    public String toString() {
      return "Verified[" + event + "]";
    }
  }

  /** Signs consent events. Thread-safe. */
  public static final class Signer {
    private final JwsSigning signing;
    private final String issuer;
    private final Clock clock;

    private Signer(SigningKeySet keys, String issuer, Clock clock) {
      this.signing = JwsSigning.current(Checks.notNull("keys", keys).exportPrivateJwks());
      this.issuer = Checks.issuer(issuer);
      this.clock = clock;
    }

    /** The event as a signed SET with a fresh {@code jti}. */
    public String sign(ConsentEvent event) {
      return sign(event, UUID.randomUUID().toString());
    }

    /**
     * The event as a signed SET with the given {@code jti}: a broker's outbox chooses the id when
     * it writes the event, so that every retry carries the same one.
     */
    public String sign(ConsentEvent event, String jti) {
      Checks.notNull("event", event);
      Checks.token("jti", jti, 128);
      ObjectNode claims = StrictJson.mapper().createObjectNode();
      claims.put("iss", issuer);
      claims.put("aud", event.receiver().value());
      claims.put("iat", clock.instant().getEpochSecond());
      claims.put("jti", jti);
      claims.put("txn", event.txn());
      claims.put("toe", event.occurredAt().getEpochSecond());
      ObjectNode payload = claims.putObject("events").putObject(event.type().uri());
      payload.put("consentId", event.consentId().toString());
      ArrayNode items = payload.putArray("items");
      for (DataItem item : event.items()) {
        items.addObject().put("provider", item.provider().value()).put("code", item.code().value());
      }
      event
          .subject()
          .ifPresent(s -> payload.putObject("sub_id").put("format", "opaque").put("id", s.value()));
      return signing.sign(TYPE, claims.toString(), false);
    }

    @Override
    public String toString() {
      return "SecurityEventTokens.Signer[" + issuer + "]";
    }
  }

  /** Verifies SETs on the receiving side. Thread-safe. */
  public static final class Verifier {
    private final KeyRing keys;
    private final String issuer;
    private final AgencyId audience;

    private Verifier(VerificationKeySet keys, String issuer, AgencyId audience) {
      this.keys = KeyRing.of(Checks.notNull("keys", keys).toJson());
      this.issuer = Checks.issuer(issuer);
      this.audience = Checks.notNull("audience", audience);
    }

    /**
     * The SET's event, if it is a {@value #TYPE} signed by the issuer's keys, from the issuer, for
     * this audience, with exactly one known event and well-formed claims.
     *
     * @throws InvalidSecurityEventException with the RFC 8935 code to answer
     */
    public Verified verify(String token) throws InvalidSecurityEventException {
      ObjectNode claims;
      try {
        claims = SignedTokens.claims(token, keys, TYPE, MAX_TOKEN_LENGTH);
      } catch (JwsException e) {
        InvalidSecurityEventException.Code code =
            switch (e.fault()) {
              case UNKNOWN_KEY, BAD_SIGNATURE, ALGORITHM_MISMATCH ->
                  InvalidSecurityEventException.Code.INVALID_KEY;
              default -> InvalidSecurityEventException.Code.INVALID_REQUEST;
            };
        throw new InvalidSecurityEventException(code, e.fault().description());
      }
      try {
        if (!issuer.equals(SignedTokens.text(claims, "iss"))) {
          throw refused(InvalidSecurityEventException.Code.INVALID_ISSUER, "another issuer");
        }
        if (!audience.value().equals(SignedTokens.text(claims, "aud"))) {
          throw refused(InvalidSecurityEventException.Code.INVALID_AUDIENCE, "another audience");
        }
        String jti = Checks.token("jti", SignedTokens.text(claims, "jti"), 64);
        SignedTokens.date(claims, "iat");
        Instant toe = Instant.ofEpochSecond(SignedTokens.date(claims, "toe"));
        String txn = SignedTokens.text(claims, "txn");
        JsonNode events = claims.get("events");
        if (events == null || !events.isObject() || events.size() != 1) {
          throw bad("expected exactly one event");
        }
        Map.Entry<String, JsonNode> only = events.fields().next();
        ConsentEventType type =
            ConsentEventType.fromUri(only.getKey()).orElseThrow(() -> bad("an unknown event type"));
        JsonNode payload = only.getValue();
        ConsentId consentId = ConsentId.parse(text(payload, "consentId"));
        Set<DataItem> items = new TreeSet<>();
        JsonNode list = payload.get("items");
        if (list == null || !list.isArray()) {
          throw bad("expected items");
        }
        for (Iterator<JsonNode> it = list.elements(); it.hasNext(); ) {
          JsonNode item = it.next();
          items.add(
              DataItem.of(AgencyId.of(text(item, "provider")), ItemCode.of(text(item, "code"))));
        }
        SubjectId subject = null;
        JsonNode subId = payload.get("sub_id");
        if (subId != null) {
          if (!"opaque".equals(text(subId, "format"))) {
            throw bad("expected an opaque sub_id");
          }
          subject = SubjectId.parse(text(subId, "id"));
        }
        return new Verified(
            jti, ConsentEvent.read(type, consentId, items, audience, subject, toe, txn));
      } catch (InvalidSecurityEventException e) {
        throw e;
      } catch (RuntimeException e) {
        // a claim out of form; its message may quote the value: not kept
        throw bad("a claim is missing or out of form");
      }
    }

    private static String text(JsonNode node, String name) {
      JsonNode value = node == null ? null : node.get(name);
      if (value == null || !value.isTextual()) {
        throw bad("expected the text member " + name);
      }
      return value.asText();
    }

    private static InvalidSecurityEventException bad(String why) {
      return refused(InvalidSecurityEventException.Code.INVALID_REQUEST, why);
    }

    private static InvalidSecurityEventException refused(
        InvalidSecurityEventException.Code code, String why) {
      return new InvalidSecurityEventException(code, why);
    }

    @Override
    public String toString() {
      return "SecurityEventTokens.Verifier[" + issuer + " for " + audience.value() + "]";
    }
  }
}
