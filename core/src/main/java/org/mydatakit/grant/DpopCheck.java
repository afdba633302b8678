package org.mydatakit.grant;

import static org.mydatakit.grant.InvalidGrantException.Reason.DPOP_ATH_MISMATCH;
import static org.mydatakit.grant.InvalidGrantException.Reason.DPOP_INVALID;
import static org.mydatakit.grant.InvalidGrantException.Reason.DPOP_KEY_MISMATCH;
import static org.mydatakit.grant.InvalidGrantException.Reason.DPOP_METHOD_MISMATCH;
import static org.mydatakit.grant.InvalidGrantException.Reason.DPOP_MISSING;
import static org.mydatakit.grant.InvalidGrantException.Reason.DPOP_REPLAY;
import static org.mydatakit.grant.InvalidGrantException.Reason.DPOP_STALE;
import static org.mydatakit.grant.InvalidGrantException.Reason.DPOP_URL_MISMATCH;
import static org.mydatakit.grant.InvalidGrantException.Reason.REPLAY_CACHE_UNAVAILABLE;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.Set;
import org.mydatakit.internal.Alg;
import org.mydatakit.internal.CompactJws;
import org.mydatakit.internal.Htu;
import org.mydatakit.internal.JwkRules;
import org.mydatakit.internal.JwsCheck;
import org.mydatakit.internal.JwsException;
import org.mydatakit.internal.MediaTypes;
import org.mydatakit.internal.StrictJson;
import org.mydatakit.internal.VerificationKey;

/**
 * The one DPoP proof check (RFC 9449 §4.3), for both paths: a proof sent with a grant (bound to its
 * {@code cnf.jkt}, with {@code ath}) and a proof sent to the broker's token endpoint before any
 * grant exists (any key, no {@code ath}).
 */
final class DpopCheck {
  private static final Set<String> HEADER_MEMBERS = Set.of("typ", "alg", "jwk");
  private static final int MAX_JTI_LENGTH = 256;

  private final Duration skew;
  private final Duration maxAge;
  private final DpopReplayCache replayCache;

  DpopCheck(Duration skew, Duration maxAge, DpopReplayCache replayCache) {
    this.skew = skew;
    this.maxAge = maxAge;
    this.replayCache = replayCache;
  }

  /** The grant path: the proof's key must be the grant's {@code cnf.jkt}, {@code ath} its hash. */
  void check(GrantRequest request, GrantClaims grant, Instant now) throws InvalidGrantException {
    check(
        request.dpopProof(),
        request.method(),
        request.htu(),
        grant.jkt(),
        DpopKey.accessTokenHash(request.grant()),
        now);
  }

  /**
   * Checks {@code proof} for a request with {@code method} to the normalised URL {@code htu} and
   * returns the RFC 7638 thumbprint of its key.
   *
   * @param boundJkt the thumbprint the proof's key must have, or null for any key
   * @param ath the required {@code ath}, or null when no access token is presented: then the proof
   *     must carry none
   */
  String check(String proof, String method, String htu, String boundJkt, String ath, Instant now)
      throws InvalidGrantException {
    if (proof == null || proof.isEmpty()) {
      throw new InvalidGrantException(DPOP_MISSING);
    }
    CompactJws jws;
    try {
      jws = CompactJws.parse(proof, JwsCheck.MAX_TOKEN_LENGTH);
    } catch (JwsException e) {
      throw new InvalidGrantException(DPOP_INVALID);
    }
    ObjectNode header = jws.header();
    for (Iterator<String> names = header.fieldNames(); names.hasNext(); ) {
      if (!HEADER_MEMBERS.contains(names.next())) {
        throw new InvalidGrantException(DPOP_INVALID);
      }
    }
    if (!MediaTypes.isType(header.path("typ").textValue(), "dpop+jwt")) {
      throw new InvalidGrantException(DPOP_INVALID);
    }
    String alg = header.path("alg").textValue();
    if (alg == null || !JwsCheck.isAllowed(alg)) {
      throw new InvalidGrantException(DPOP_INVALID);
    }
    JWK jwk = publicJwk(header.get("jwk"), alg);
    String jkt = thumbprint(jwk);
    if (boundJkt != null && !constantTimeEquals(jkt, boundJkt)) {
      throw new InvalidGrantException(DPOP_KEY_MISMATCH);
    }
    VerificationKey key =
        VerificationKey.of("dpop", Alg.valueOf(alg), jwk); // alg fixed by the key type
    if (!key.verify(jws.signingInput(), jws.signature())) {
      throw new InvalidGrantException(DPOP_INVALID);
    }
    ObjectNode claims;
    try {
      claims = StrictJson.object(jws.payload());
    } catch (IllegalArgumentException e) {
      throw new InvalidGrantException(DPOP_INVALID);
    }
    if (!method.equals(claims.path("htm").textValue())) {
      throw new InvalidGrantException(DPOP_METHOD_MISMATCH);
    }
    checkUrl(claims.get("htu"), htu);
    JsonNode iat = claims.get("iat");
    if (iat == null || !iat.isIntegralNumber()) {
      throw new InvalidGrantException(DPOP_INVALID);
    }
    Instant issued = instantOf(iat);
    if (issued == null
        || issued.isAfter(now.plus(skew))
        || issued.plus(maxAge).plus(skew).isBefore(now)) {
      throw new InvalidGrantException(DPOP_STALE);
    }
    checkAth(claims.get("ath"), ath);
    String jti = claims.path("jti").textValue();
    if (jti == null || jti.isEmpty() || jti.length() > MAX_JTI_LENGTH) {
      throw new InvalidGrantException(DPOP_INVALID);
    }
    Instant forgetAfter = issued.plus(maxAge).plus(skew).plusSeconds(1);
    boolean first;
    try {
      first = replayCache.firstUse(jkt, jti, now, forgetAfter);
    } catch (RuntimeException e) {
      throw new InvalidGrantException(REPLAY_CACHE_UNAVAILABLE);
    }
    if (!first) {
      throw new InvalidGrantException(DPOP_REPLAY);
    }
    return jkt;
  }

  /**
   * The integer {@code iat} as an instant, or null if it lies beyond the dates an {@link Instant}
   * holds (more than a long, or past year ±1,000,000,000): a proof that old or that far ahead is
   * not fresh either, and is refused as such rather than as a fault.
   */
  private static Instant instantOf(JsonNode iat) {
    if (!iat.canConvertToLong()) {
      return null;
    }
    try {
      return Instant.ofEpochSecond(iat.longValue());
    } catch (DateTimeException e) {
      return null;
    }
  }

  /**
   * With a grant, {@code ath} must be its hash; without one, a proof that names a token is refused.
   */
  private static void checkAth(JsonNode actual, String expected) throws InvalidGrantException {
    if (expected == null) {
      if (actual != null) {
        throw new InvalidGrantException(DPOP_ATH_MISMATCH);
      }
      return;
    }
    if (actual == null || !actual.isTextual() || !constantTimeEquals(actual.asText(), expected)) {
      throw new InvalidGrantException(DPOP_ATH_MISMATCH);
    }
  }

  /** The proof's embedded key: public only, and of the kind its {@code alg} requires. */
  private static JWK publicJwk(JsonNode node, String alg) throws InvalidGrantException {
    if (!(node instanceof ObjectNode jwkNode)
        || JwkRules.PRIVATE_MEMBERS.stream().anyMatch(jwkNode::has)
        || jwkNode.has("k")) {
      throw new InvalidGrantException(DPOP_INVALID);
    }
    if (jwkNode.has("alg") && !alg.equals(jwkNode.get("alg").textValue())) {
      throw new InvalidGrantException(DPOP_INVALID);
    }
    JWK jwk;
    try {
      jwk = JWK.parse(jwkNode.toString());
    } catch (java.text.ParseException | RuntimeException e) {
      throw new InvalidGrantException(DPOP_INVALID);
    }
    boolean fits =
        "ES256".equals(alg)
            ? jwk instanceof ECKey ec && Curve.P_256.equals(ec.getCurve())
            : jwk instanceof RSAKey rsa && rsa.size() >= 2048;
    if (!fits || jwk.isPrivate()) {
      throw new InvalidGrantException(DPOP_INVALID);
    }
    return jwk;
  }

  private static String thumbprint(JWK jwk) throws InvalidGrantException {
    try {
      return jwk.computeThumbprint().toString();
    } catch (com.nimbusds.jose.JOSEException e) {
      throw new InvalidGrantException(DPOP_INVALID);
    }
  }

  private static void checkUrl(JsonNode htu, String expected) throws InvalidGrantException {
    if (htu == null || !htu.isTextual()) {
      throw new InvalidGrantException(DPOP_INVALID);
    }
    String actual;
    try {
      URI uri = new URI(htu.asText());
      if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
        throw new InvalidGrantException(DPOP_URL_MISMATCH);
      }
      actual = Htu.normalize(uri);
    } catch (java.net.URISyntaxException | IllegalArgumentException e) {
      throw new InvalidGrantException(DPOP_URL_MISMATCH);
    }
    if (!actual.equals(expected)) {
      throw new InvalidGrantException(DPOP_URL_MISMATCH);
    }
  }

  private static boolean constantTimeEquals(String a, String b) {
    return MessageDigest.isEqual(
        a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
  }
}
