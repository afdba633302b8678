package org.mydatakit.examples.broker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.mydatakit.grant.DpopReplayCache;
import org.mydatakit.internal.Alg;
import org.mydatakit.internal.CompactJws;
import org.mydatakit.internal.Htu;
import org.mydatakit.internal.JwkRules;
import org.mydatakit.internal.JwsCheck;
import org.mydatakit.internal.JwsException;
import org.mydatakit.internal.StrictJson;
import org.mydatakit.internal.VerificationKey;

/**
 * A DPoP proof (RFC 9449 §4.3) sent to the broker itself, before any grant exists: so no {@code
 * ath}. Checks the header ({@code typ dpop+jwt}, ES256/PS256, a public {@code jwk} only), the
 * signature, {@code htm}, {@code htu}, {@code iat} freshness and {@code jti} replay, and returns
 * the key's thumbprint: what the grant will be bound to. Every failure is 401 {@code
 * invalid_dpop_proof}.
 */
final class ProofCheck {
  private static final Set<String> HEADER = Set.of("typ", "alg", "jwk");
  private static final Duration MAX_AGE = Duration.ofSeconds(60);
  private static final Duration SKEW = Duration.ofSeconds(30);

  private final Clock clock;
  private final DpopReplayCache seen = DpopReplayCache.inMemory(100_000);

  ProofCheck(Clock clock) {
    this.clock = clock;
  }

  /** The proof key's RFC 7638 thumbprint, or a 401 problem. */
  String check(String proof, String method, URI url) {
    if (proof == null) {
      throw failed();
    }
    try {
      CompactJws jws = CompactJws.parse(proof, JwsCheck.MAX_TOKEN_LENGTH);
      ObjectNode header = jws.header();
      header.fieldNames().forEachRemaining(n -> require(HEADER.contains(n)));
      String alg = header.path("alg").textValue();
      require("dpop+jwt".equals(header.path("typ").textValue()) && JwsCheck.isAllowed(alg));
      JWK jwk = publicJwk(header.get("jwk"), alg);
      VerificationKey key = VerificationKey.of("dpop", Alg.valueOf(alg), jwk);
      require(key.verify(jws.signingInput(), jws.signature()));
      ObjectNode claims = StrictJson.object(jws.payload());
      JsonNode iat = claims.get("iat");
      String jti = claims.path("jti").textValue();
      require(method.equals(claims.path("htm").textValue()));
      require(Htu.normalize(url).equals(Htu.normalize(claims.path("htu").asText(""))));
      require(!claims.has("ath")); // no access token is presented here
      require(iat != null && iat.isIntegralNumber() && iat.canConvertToLong());
      require(jti != null && !jti.isEmpty() && jti.length() <= 256);
      Instant now = clock.instant();
      Instant issued = Instant.ofEpochSecond(iat.longValue());
      require(!issued.isAfter(now.plus(SKEW)) && !issued.plus(MAX_AGE).plus(SKEW).isBefore(now));
      String jkt = jwk.computeThumbprint().toString();
      require(seen.firstUse(jkt + ":" + jti, now, issued.plus(MAX_AGE).plus(SKEW).plusSeconds(1)));
      return jkt;
    } catch (JwsException | JOSEException | IllegalArgumentException e) {
      throw failed();
    }
  }

  private static JWK publicJwk(JsonNode node, String alg) {
    require(
        node instanceof ObjectNode o
            && JwkRules.PRIVATE_MEMBERS.stream().noneMatch(o::has)
            && !o.has("k")
            && (!o.has("alg") || alg.equals(o.get("alg").textValue())));
    JWK jwk;
    try {
      jwk = JWK.parse(node.toString());
    } catch (java.text.ParseException | RuntimeException e) {
      throw failed();
    }
    require(
        "ES256".equals(alg)
            ? jwk instanceof ECKey ec && Curve.P_256.equals(ec.getCurve())
            : jwk instanceof RSAKey rsa && rsa.size() >= 2048);
    require(!jwk.isPrivate());
    return jwk;
  }

  private static void require(boolean ok) {
    if (!ok) {
      throw failed();
    }
  }

  private static Problem failed() {
    return Problem.of(401, "invalid_dpop_proof");
  }
}
