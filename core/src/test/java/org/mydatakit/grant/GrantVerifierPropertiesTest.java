package org.mydatakit.grant;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.StringLength;
import org.mydatakit.keys.SigningAlgorithm;

/**
 * Random input never makes the verifier throw anything but {@link InvalidGrantException}, and no
 * mutation of a valid grant is ever accepted.
 */
class GrantVerifierPropertiesTest {
  private static final GrantFixture F = new GrantFixture(SigningAlgorithm.ES256);
  private static final String VALID = F.token();
  private static final GrantVerifier VERIFIER = F.verifierBuilder().withoutDpop().build();
  private static final GrantVerifier WITH_DPOP = F.verifier();

  /** Returns the verified grant, or null if rejected; fails on any other outcome. */
  private static VerifiedGrant outcome(GrantVerifier verifier, String grant, String proof) {
    GrantRequest request =
        GrantRequest.builder()
            .grant(grant)
            .dpopProof(proof)
            .method("GET")
            .url(GrantFixture.URL)
            .item(GrantFixture.ITEM)
            .build();
    try {
      return verifier.verify(request);
    } catch (InvalidGrantException e) {
      assertThat(e.reason()).isNotNull();
      return null;
    }
  }

  @Property(tries = 2000)
  void randomStringsAreRejectedWithTheCheckedException(
      @ForAll @StringLength(max = 400) String grant,
      @ForAll @StringLength(max = 200) String proof) {
    assertThat(outcome(VERIFIER, grant, proof)).isNull();
    assertThat(outcome(WITH_DPOP, grant, proof)).isNull();
  }

  @Property(tries = 2000)
  void randomTokenShapedStringsAreRejected(@ForAll("tokenShaped") String grant) {
    assertThat(outcome(VERIFIER, grant, null)).isNull();
  }

  @Provide
  Arbitrary<String> tokenShaped() {
    Arbitrary<String> part =
        Arbitraries.strings()
            .withChars("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
            .ofMaxLength(120);
    return Combinators.combine(part, part, part).as((a, b, c) -> a + "." + b + "." + c);
  }

  @Property(tries = 3000)
  void mutatedValidGrantsAreNeverAccepted(@ForAll("mutations") String mutated) {
    VerifiedGrant result = outcome(VERIFIER, mutated, null);
    if (result != null) {
      assertThat(mutated).as("only the unmodified grant may verify").isEqualTo(VALID);
    }
  }

  @Provide
  Arbitrary<String> mutations() {
    Arbitrary<Integer> position = Arbitraries.integers().between(0, VALID.length() - 1);
    Arbitrary<Character> character = Arbitraries.chars().range(' ', '~');
    Arbitrary<String> flip =
        Combinators.combine(position, character)
            .as((p, c) -> VALID.substring(0, p) + c + VALID.substring(p + 1));
    Arbitrary<String> insert =
        Combinators.combine(position, character)
            .as((p, c) -> VALID.substring(0, p) + c + VALID.substring(p));
    Arbitrary<String> delete = position.map(p -> VALID.substring(0, p) + VALID.substring(p + 1));
    Arbitrary<String> truncate = position.map(p -> VALID.substring(0, p));
    Arbitrary<String> swap =
        Arbitraries.of(List.of(0, 1, 2))
            .map(
                i -> {
                  String[] parts = VALID.split("\\.");
                  String t = parts[i];
                  parts[i] = parts[(i + 1) % 3];
                  parts[(i + 1) % 3] = t;
                  return String.join(".", parts);
                });
    return Arbitraries.oneOf(flip, insert, delete, truncate, swap);
  }

  @Property(tries = 500)
  void correctlySignedRandomClaimsNeverEscapeAsUncheckedExceptions(
      @ForAll("claimNames") String name, @ForAll("jsonValues") String json) throws Exception {
    ObjectNode claims = F.claims();
    claims.set(name, GrantFixture.JSON.readTree(json));
    String token = F.sign(F.header(), claims);
    outcome(VERIFIER, token, null);
    outcome(WITH_DPOP, token, F.dpop.proof("GET", GrantFixture.URL, token));
  }

  @Provide
  Arbitrary<String> claimNames() {
    return Arbitraries.of(
        "iss", "aud", "sub", "azp", "cid", "scope", "pur", "rng", "iat", "nbf", "exp", "jti", "cnf",
        "status", "extra");
  }

  @Provide
  Arbitrary<String> jsonValues() {
    Arbitrary<String> text =
        Arbitraries.strings()
            .ofMaxLength(60)
            .map(s -> GrantFixture.JSON.getNodeFactory().textNode(s).toString());
    Arbitrary<String> number =
        Arbitraries.oneOf(
            Arbitraries.longs().map(String::valueOf),
            Arbitraries.doubles().map(String::valueOf),
            Arbitraries.of("1e400", "-0", "99999999999999999999999", "1.0"));
    Arbitrary<String> structured =
        Arbitraries.of(
            "null",
            "true",
            "[]",
            "{}",
            "[1,2]",
            "{\"jkt\":1}",
            "{\"status_list\":{}}",
            "{\"status_list\":{\"idx\":1e3,\"uri\":\"https://x\"}}",
            "{\"from\":\"x\",\"to\":1}",
            "[[[[[[[[[[[[[[]]]]]]]]]]]]]]");
    return Arbitraries.oneOf(text, number, structured);
  }
}
