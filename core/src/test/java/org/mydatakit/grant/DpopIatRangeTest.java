package org.mydatakit.grant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.mydatakit.grant.GrantFixture.signRaw;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.jwk.JWK;
import java.math.BigInteger;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.function.Consumer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mydatakit.grant.InvalidGrantException.Reason;
import org.mydatakit.keys.SigningAlgorithm;

/**
 * A proof's {@code iat} is a number the sender chose: however far from now it lies, even beyond the
 * dates {@link Instant} can hold, it is refused as not fresh ({@code DPOP_STALE}), on both paths,
 * never as a fault of the verifier.
 */
class DpopIatRangeTest {
  private static final URI TOKEN_ENDPOINT = DpopProofVerifierAttackTest.TOKEN_ENDPOINT;

  private final GrantFixture f = new GrantFixture(SigningAlgorithm.ES256);
  private final String grant = f.token();
  private final JWK key = parse(f.dpop.exportPrivateJwk());

  private static JWK parse(String json) {
    try {
      return JWK.parse(json);
    } catch (java.text.ParseException e) {
      throw new AssertionError(e);
    }
  }

  private String proof(String method, URI url, String ath, Consumer<ObjectNode> iat) {
    ObjectNode h = GrantFixture.JSON.createObjectNode();
    h.put("typ", "dpop+jwt");
    h.put("alg", "ES256");
    try {
      h.set("jwk", GrantFixture.JSON.readTree(key.toPublicJWK().toJSONString()));
    } catch (Exception e) {
      throw new AssertionError(e);
    }
    ObjectNode c = GrantFixture.JSON.createObjectNode();
    c.put("jti", "proof-" + System.nanoTime());
    c.put("htm", method);
    c.put("htu", url.toString());
    iat.accept(c);
    if (ath != null) {
      c.put("ath", ath);
    }
    return signRaw(h.toString(), c.toString(), key);
  }

  private Reason grantPath(Consumer<ObjectNode> iat) {
    String proof = proof("GET", GrantFixture.URL, DpopKey.accessTokenHash(grant), iat);
    return GrantFixture.rejection(f.verifier(), f.request(grant, proof));
  }

  private Reason tokenEndpointPath(Consumer<ObjectNode> iat) {
    DpopProofVerifier verifier = DpopProofVerifier.builder().clock(f.clock).build();
    String proof = proof("POST", TOKEN_ENDPOINT, null, iat);
    InvalidGrantException e =
        catchThrowableOfType(
            InvalidGrantException.class, () -> verifier.verify(proof, "POST", TOKEN_ENDPOINT));
    assertThat(e).as("expected the verifier to reject").isNotNull();
    return e.reason();
  }

  @ParameterizedTest
  @ValueSource(
      longs = {
        Long.MAX_VALUE,
        Long.MIN_VALUE,
        31_556_889_864_403_199L + 1, // one second past Instant.MAX
        -31_557_014_167_219_200L - 1, // one second before Instant.MIN
        31_556_889_864_403_199L, // Instant.MAX itself
        -31_557_014_167_219_200L, // Instant.MIN itself
        253_402_300_800L // the first second of year 10000
      })
  void anIatFarFromNowIsStaleOnBothPaths(long iat) {
    assertThat(grantPath(c -> c.put("iat", iat))).isEqualTo(Reason.DPOP_STALE);
    assertThat(tokenEndpointPath(c -> c.put("iat", iat))).isEqualTo(Reason.DPOP_STALE);
  }

  @ParameterizedTest
  @ValueSource(strings = {"1000000000000000000000000000000", "-9223372036854775809"})
  void anIntegerBeyondALongIsStaleOnBothPaths(String digits) {
    BigInteger iat = new BigInteger(digits);
    assertThat(grantPath(c -> c.put("iat", iat))).isEqualTo(Reason.DPOP_STALE);
    assertThat(tokenEndpointPath(c -> c.put("iat", iat))).isEqualTo(Reason.DPOP_STALE);
  }

  /**
   * Now is half a second past {@link GrantFixture#NOW}: the window's edges fall between seconds.
   */
  private final GrantVerifier betweenSeconds =
      f.verifierBuilder()
          .clock(Clock.fixed(GrantFixture.NOW.plusMillis(500), ZoneOffset.UTC))
          .build();

  private GrantRequest requestWithIat(long offset) {
    long iat = GrantFixture.NOW.getEpochSecond() + offset;
    String ath = DpopKey.accessTokenHash(grant);
    return f.request(grant, proof("GET", GrantFixture.URL, ath, c -> c.put("iat", iat)));
  }

  @ParameterizedTest
  @ValueSource(longs = {-89, 30})
  void theWindowsEdgesAreKeptWhenNowFallsBetweenSeconds(long offset) throws Exception {
    assertThat(betweenSeconds.verify(requestWithIat(offset)).consentId()).isNotNull();
  }

  @ParameterizedTest
  @ValueSource(longs = {-90, 31})
  void justOutsideTheWindowIsStaleWhenNowFallsBetweenSeconds(long offset) {
    // -90: issued 90.5 s before now, half a second past max age and skew
    assertThat(GrantFixture.rejection(betweenSeconds, requestWithIat(offset)))
        .isEqualTo(Reason.DPOP_STALE);
  }
}
