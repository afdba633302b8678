package org.mydatakit.examples.broker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.mydatakit.consent.AgencyId;
import org.mydatakit.grant.DpopReplayCache;
import org.mydatakit.internal.CompactJws;
import org.mydatakit.internal.JwsCheck;
import org.mydatakit.internal.JwsException;
import org.mydatakit.internal.KeyRing;
import org.mydatakit.internal.StrictJson;
import org.mydatakit.keys.VerificationKeySet;

/**
 * {@code private_key_jwt} client authentication (RFC 7523 §2.2, OpenID Connect Core §9): a JWS
 * signed with the consumer's registered key, {@code iss} = {@code sub} = the consumer, {@code aud}
 * exactly the broker's token endpoint, {@code exp} at most five minutes ahead, {@code iat}, and a
 * {@code jti} accepted once. Every failure is the same 401 {@code invalid_client}.
 */
final class ClientAssertions {
  static final String TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
  static final Duration MAX_LIFETIME = Duration.ofMinutes(5);
  private static final Duration SKEW = Duration.ofSeconds(30);
  private static final Set<String> TYPES = Set.of("JWT", "client-authentication+jwt");

  private final Map<AgencyId, KeyRing> consumers = new HashMap<>();
  private final String audience;
  private final Clock clock;
  private final DpopReplayCache seen = DpopReplayCache.inMemory(100_000);

  ClientAssertions(Map<AgencyId, VerificationKeySet> consumers, String audience, Clock clock) {
    consumers.forEach((id, keys) -> this.consumers.put(id, KeyRing.of(keys.toJson())));
    this.audience = audience;
    this.clock = clock;
  }

  /** The authenticated consumer, or a 401 problem. */
  AgencyId authenticate(String assertionType, String assertion) {
    if (!TYPE.equals(assertionType) || assertion == null) {
      throw failed();
    }
    try {
      // iss picks the key ring before anything is trusted; the signature then proves it
      KeyRing ring =
          consumers.get(consumerOf(CompactJws.parse(assertion, JwsCheck.MAX_TOKEN_LENGTH)));
      if (ring == null) {
        throw failed();
      }
      JwsCheck.Verified verified =
          JwsCheck.verify(assertion, ring, null, JwsCheck.MAX_TOKEN_LENGTH);
      return checkClaims(StrictJson.object(verified.payload()));
    } catch (JwsException | IllegalArgumentException e) {
      throw failed();
    }
  }

  private AgencyId checkClaims(ObjectNode claims) {
    AgencyId consumer = AgencyId.of(claims.path("iss").textValue());
    Instant now = clock.instant();
    JsonNode exp = claims.get("exp");
    JsonNode iat = claims.get("iat");
    String jti = claims.path("jti").textValue();
    if (!consumer.value().equals(claims.path("sub").textValue())
        || !audience.equals(claims.path("aud").textValue()) // one string, exactly ours
        || !isEpochSeconds(exp)
        || !isEpochSeconds(iat)
        || jti == null
        || jti.isEmpty()
        || jti.length() > 256) {
      throw failed();
    }
    Instant expires = Instant.ofEpochSecond(exp.longValue());
    Instant issued = Instant.ofEpochSecond(iat.longValue());
    if (!now.isBefore(expires.plus(SKEW))
        || expires.isAfter(now.plus(MAX_LIFETIME).plus(SKEW))
        || issued.isAfter(now.plus(SKEW))
        || expires.isBefore(issued)) {
      throw failed();
    }
    if (!seen.firstUse(consumer.value() + ":" + jti, now, expires.plus(SKEW).plusSeconds(1))) {
      throw failed();
    }
    return consumer;
  }

  private static AgencyId consumerOf(CompactJws jws) {
    JsonNode typ = jws.header().get("typ");
    if (typ != null && !(typ.isTextual() && TYPES.contains(typ.asText()))) {
      throw failed(); // another kind of token (a grant, a receipt) is never a client assertion
    }
    return AgencyId.of(StrictJson.object(jws.payload()).path("iss").textValue());
  }

  private static boolean isEpochSeconds(JsonNode n) {
    return n != null && n.isIntegralNumber() && n.canConvertToLong();
  }

  private static Problem failed() {
    return Problem.of(401, "invalid_client");
  }
}
