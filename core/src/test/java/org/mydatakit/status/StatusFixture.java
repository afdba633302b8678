package org.mydatakit.status;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;
import org.mydatakit.internal.Base64Url;
import org.mydatakit.internal.JwsSigning;
import org.mydatakit.keys.SigningAlgorithm;
import org.mydatakit.keys.SigningKeySet;
import org.mydatakit.store.tck.TestClock;

/** Keys, a clock and token minting with full control over header and claims. */
final class StatusFixture {
  static final String ISSUER = "https://broker.example";
  static final URI URI_1 = URI.create("https://broker.example/status/1");
  static final Instant NOW = Instant.parse("2026-11-27T03:00:00Z");
  static final ObjectMapper JSON = new ObjectMapper();
  static final SigningKeySet KEYS = SigningKeySet.generate(SigningAlgorithm.ES256, "status-k1");
  static final SigningKeySet OTHER_KEYS =
      SigningKeySet.generate(SigningAlgorithm.ES256, "status-k1");

  final TestClock clock = TestClock.at(NOW);

  StatusListIssuer issuer() {
    return StatusListIssuer.builder(KEYS, ISSUER).ttl(Duration.ofMinutes(5)).clock(clock).build();
  }

  StatusListVerifier verifier() {
    return StatusListVerifier.builder()
        .trustedIssuer(ISSUER, KEYS.verificationKeys())
        .clock(clock)
        .build();
  }

  static StatusList sample() {
    return StatusList.builder(1000)
        .set(42, TokenStatus.INVALID)
        .set(43, TokenStatus.SUSPENDED)
        .build();
  }

  /** Claims as the issuer writes them, for {@link #sample()} at {@link #URI_1}, issued at NOW. */
  static ObjectNode claims() {
    ObjectNode c = JSON.createObjectNode();
    c.put("iss", ISSUER);
    c.put("sub", URI_1.toString());
    c.put("iat", NOW.getEpochSecond());
    c.put("exp", NOW.getEpochSecond() + 86_400);
    c.put("ttl", 300);
    ObjectNode list = c.putObject("status_list");
    list.put("bits", 2);
    list.put("lst", Base64Url.encode(sample().encode()));
    return c;
  }

  /** A token of type {@code typ} over the claims changed by {@code edit}. */
  static String token(String typ, SigningKeySet keys, Consumer<ObjectNode> edit) {
    ObjectNode c = claims();
    edit.accept(c);
    return JwsSigning.current(keys.exportPrivateJwks()).sign(typ, c.toString(), false);
  }

  static String token(Consumer<ObjectNode> edit) {
    return token("statuslist+jwt", KEYS, edit);
  }
}
