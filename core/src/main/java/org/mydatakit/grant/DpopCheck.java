package org.mydatakit.grant;

import static org.mydatakit.grant.InvalidGrantException.Reason.DPOP_ATH_MISMATCH;
import static org.mydatakit.grant.InvalidGrantException.Reason.DPOP_INVALID;
import static org.mydatakit.grant.InvalidGrantException.Reason.DPOP_KEY_MISMATCH;
import static org.mydatakit.grant.InvalidGrantException.Reason.DPOP_METHOD_MISMATCH;
import static org.mydatakit.grant.InvalidGrantException.Reason.DPOP_MISSING;
import static org.mydatakit.grant.InvalidGrantException.Reason.DPOP_REPLAY;
import static org.mydatakit.grant.InvalidGrantException.Reason.DPOP_STALE;
import static org.mydatakit.grant.InvalidGrantException.Reason.DPOP_URL_MISMATCH;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Iterator;
import java.util.Set;
import org.mydatakit.internal.Alg;
import org.mydatakit.internal.CompactJws;
import org.mydatakit.internal.Htu;
import org.mydatakit.internal.JwkRules;
import org.mydatakit.internal.JwsCheck;
import org.mydatakit.internal.JwsException;
import org.mydatakit.internal.StrictJson;
import org.mydatakit.internal.VerificationKey;

/** Checks a DPoP proof (RFC 9449 §4.3) against a grant's {@code cnf.jkt} and the request. */
final class DpopCheck {
  private static final Set<String> HEADER_MEMBERS = Set.of("typ", "alg", "jwk");
  private static final int MAX_JTI_LENGTH = 256;

  private final GrantVerifier.Builder config;

  DpopCheck(GrantVerifier.Builder config) {
    this.config = config;
  }

  void check(GrantRequest request, GrantClaims grant, Instant now) throws InvalidGrantException {
    String proof = request.dpopProof();
    if (proof == null || proof.isEmpty()) {
      throw new InvalidGrantException(DPOP_MISSING);
    }
    CompactJws jws;
    try {
      jws = CompactJws.parse(proof, StrictGrantVerifier.MAX_TOKEN_LENGTH);
    } catch (JwsException e) {
      throw new InvalidGrantException(DPOP_INVALID);
    }
    ObjectNode header = jws.header();
    for (Iterator<String> names = header.fieldNames(); names.hasNext(); ) {
      if (!HEADER_MEMBERS.contains(names.next())) {
        throw new InvalidGrantException(DPOP_INVALID);
      }
    }
    if (!"dpop+jwt".equals(header.path("typ").textValue())) {
      throw new InvalidGrantException(DPOP_INVALID);
    }
    String alg = header.path("alg").textValue();
    if (alg == null || !JwsCheck.isAllowed(alg)) {
      throw new InvalidGrantException(DPOP_INVALID);
    }
    JWK jwk = publicJwk(header.get("jwk"), alg);
    if (!constantTimeEquals(thumbprint(jwk), grant.jkt())) {
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
    if (!request.method().equals(claims.path("htm").textValue())) {
      throw new InvalidGrantException(DPOP_METHOD_MISMATCH);
    }
    checkUrl(claims.get("htu"), request.htu());
    JsonNode iat = claims.get("iat");
    if (iat == null || !iat.isIntegralNumber() || !iat.canConvertToLong()) {
      throw new InvalidGrantException(DPOP_INVALID);
    }
    Instant issued = Instant.ofEpochSecond(iat.longValue());
    if (issued.isAfter(now.plus(config.skew))
        || issued.plus(config.proofMaxAge).plus(config.skew).isBefore(now)) {
      throw new InvalidGrantException(DPOP_STALE);
    }
    String ath = claims.path("ath").textValue();
    if (ath == null || !constantTimeEquals(ath, DpopKey.accessTokenHash(request.grant()))) {
      throw new InvalidGrantException(DPOP_ATH_MISMATCH);
    }
    String jti = claims.path("jti").textValue();
    if (jti == null || jti.isEmpty() || jti.length() > MAX_JTI_LENGTH) {
      throw new InvalidGrantException(DPOP_INVALID);
    }
    Instant forgetAfter = issued.plus(config.proofMaxAge).plus(config.skew).plusSeconds(1);
    if (!config.replayCache.firstUse(grant.jkt() + ":" + jti, now, forgetAfter)) {
      throw new InvalidGrantException(DPOP_REPLAY);
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
