package org.mydatakit.grant;

import static org.mydatakit.grant.InvalidClientAssertionException.Reason.EXPIRED;
import static org.mydatakit.grant.InvalidClientAssertionException.Reason.INVALID_CLAIM;
import static org.mydatakit.grant.InvalidClientAssertionException.Reason.ISSUED_IN_FUTURE;
import static org.mydatakit.grant.InvalidClientAssertionException.Reason.LIFETIME_TOO_LONG;
import static org.mydatakit.grant.InvalidClientAssertionException.Reason.MISSING_CLAIM;
import static org.mydatakit.grant.InvalidClientAssertionException.Reason.NOT_YET_VALID;
import static org.mydatakit.grant.InvalidClientAssertionException.Reason.REPLAYED;
import static org.mydatakit.grant.InvalidClientAssertionException.Reason.WRONG_AUDIENCE;
import static org.mydatakit.grant.InvalidClientAssertionException.Reason.WRONG_SUBJECT;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.mydatakit.consent.AgencyId;

/** The claims of a client assertion whose signature verified: subject, audience, time, replay. */
final class ClientAssertionClaims {
  private static final long MAX_EPOCH_SECOND = 253402300799L; // 9999-12-31T23:59:59Z
  private static final int MAX_JTI_LENGTH = 256;

  private final String audience;
  private final Clock clock;
  private final Duration skew;
  private final Duration maxLifetime;
  private final DpopReplayCache replayCache;

  ClientAssertionClaims(
      String audience,
      Clock clock,
      Duration skew,
      Duration maxLifetime,
      DpopReplayCache replayCache) {
    this.audience = audience;
    this.clock = clock;
    this.skew = skew;
    this.maxLifetime = maxLifetime;
    this.replayCache = replayCache;
  }

  String audience() {
    return audience;
  }

  void check(AgencyId client, ObjectNode claims) throws InvalidClientAssertionException {
    JsonNode sub = required(claims, "sub");
    if (!sub.isTextual() || !sub.asText().equals(client.value())) {
      throw new InvalidClientAssertionException(WRONG_SUBJECT);
    }
    JsonNode aud = required(claims, "aud");
    if (!aud.isTextual() || !aud.asText().equals(audience)) { // one string, exactly ours
      throw new InvalidClientAssertionException(WRONG_AUDIENCE);
    }
    Instant exp = instant(required(claims, "exp"));
    Instant iat = instant(required(claims, "iat"));
    Instant nbf = claims.has("nbf") ? instant(claims.get("nbf")) : iat;
    JsonNode jti = required(claims, "jti");
    if (!jti.isTextual() || jti.asText().isEmpty() || jti.asText().length() > MAX_JTI_LENGTH) {
      throw new InvalidClientAssertionException(INVALID_CLAIM);
    }
    if (!exp.isAfter(iat)) {
      throw new InvalidClientAssertionException(INVALID_CLAIM);
    }
    Instant now = clock.instant();
    if (!exp.plus(skew).isAfter(now)) {
      throw new InvalidClientAssertionException(EXPIRED);
    }
    if (iat.isAfter(now.plus(skew))) {
      throw new InvalidClientAssertionException(ISSUED_IN_FUTURE);
    }
    if (nbf.isAfter(now.plus(skew))) {
      throw new InvalidClientAssertionException(NOT_YET_VALID);
    }
    if (Duration.between(iat, exp).compareTo(maxLifetime) > 0) {
      throw new InvalidClientAssertionException(LIFETIME_TOO_LONG);
    }
    Instant forgetAfter = exp.plus(skew).plusSeconds(1);
    if (!replayCache.firstUse("client:" + client.value(), jti.asText(), now, forgetAfter)) {
      throw new InvalidClientAssertionException(REPLAYED);
    }
  }

  private static JsonNode required(ObjectNode claims, String name)
      throws InvalidClientAssertionException {
    JsonNode node = claims.get(name);
    if (node == null || node.isNull()) {
      throw new InvalidClientAssertionException(MISSING_CLAIM);
    }
    return node;
  }

  /** Whole epoch seconds from 1970 to 9999. */
  private static Instant instant(JsonNode node) throws InvalidClientAssertionException {
    if (!node.isIntegralNumber()) {
      throw new InvalidClientAssertionException(INVALID_CLAIM);
    }
    BigInteger value = node.bigIntegerValue();
    if (value.signum() < 0 || value.compareTo(BigInteger.valueOf(MAX_EPOCH_SECOND)) > 0) {
      throw new InvalidClientAssertionException(INVALID_CLAIM);
    }
    return Instant.ofEpochSecond(value.longValue());
  }
}
