package org.mydatakit.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.mydatakit.grant.InvalidGrantException;
import org.mydatakit.keys.VerificationKeySet;

/**
 * Wycheproof vectors (C2SP/wycheproof, see {@code wycheproof/PROVENANCE.md}) driven through our own
 * key-loading and checking path — never through a library's own JOSE verifier.
 *
 * <ul>
 *   <li>Raw signature files (ECDSA P-256 P1363, RSA-PSS 2048 SHA-256/MGF1/32): each group's key is
 *       loaded with {@link VerificationKeySet#parse} and {@link KeyRing#of}, then {@code
 *       find(kid).verify(msg, sig)}. Our key hygiene requires {@code alg} and {@code kid}; where a
 *       group's {@code publicKeyJwk} lacks them the test adds {@code "alg":"ES256"} / {@code
 *       "PS256"} and a {@code kid} (the ECDSA groups that have no {@code publicKeyJwk} at all get
 *       one built from {@code wx}/{@code wy}). This changes nothing about what is verified.
 *   <li>JOSE files (json_web_signature, json_web_key): the group's {@code public} key (else its
 *       {@code private} key with d, p, q, dp, dq, qi, oth removed) is loaded as a key set; a load
 *       that throws {@link IllegalArgumentException} is a rejection by key policy. Otherwise the
 *       token goes through {@link JwsCheck#verify}: {@link InvalidGrantException} is a rejection, a
 *       return is an acceptance.
 * </ul>
 *
 * <p>The acceptance criterion: no invalid vector is ever accepted; every valid vector we reject is
 * on {@link #ALLOW_LIST} with its reason; every list entry is still needed (except JDK-quirk
 * entries, which depend on the runtime). Every file runs under both {@link CryptoProvider}s, and
 * both must decide every vector alike (except JDK-quirk entries).
 */
class WycheproofVectorsTest {
  static final String ECDSA = "ecdsa_secp256r1_sha256_p1363_test.json";
  static final String PSS = "rsa_pss_2048_sha256_mgf1_32_test.json";
  static final String JWS = "json_web_signature_test.json";
  static final String JWK = "json_web_key_test.json";
  static final List<String> FILES = List.of(ECDSA, PSS, JWS, JWK);

  // ---------------------------------------------------------------------------------------------
  // Upstream label errors (PROVENANCE.md, "Notes for tests"). The override is what the vector
  // really is; overrideLabelsStillHold() checks the facts each override rests on.
  // ---------------------------------------------------------------------------------------------
  private static final Map<String, String> LABEL_OVERRIDES =
      Map.of(
          // Labelled invalid ("invalidBase64Padding"), but byte-identical to the valid tcId 357.
          JWS + "#367", "valid",
          // Labelled invalid ("invalidBase64PaddingInPayload"), but byte-identical to tcId 357.
          JWS + "#370", "valid",
          // Labelled valid, but the header contains '?', which is not base64url at all.
          JWS + "#372", "invalid",
          // Labelled valid, but the payload contains '?', which is not base64url at all.
          JWS + "#373", "invalid");

  // ---------------------------------------------------------------------------------------------
  // The allow-list: every valid vector we reject, with why. Reasons start with "policy:" (the grant
  // profile forbids what the vector uses; the rejection must come from key loading or the header
  // checks, never from a failed signature), "upstream label error:" (see LABEL_OVERRIDES) or
  // "jdk quirk:" (the runtime's signature check rejects a valid signature; may instead be accepted
  // on other runtimes, so such an entry is never stale).
  // ---------------------------------------------------------------------------------------------
  private static final String POLICY = "policy: ";
  private static final String LABEL_ERROR = "upstream label error: ";
  private static final String JDK_QUIRK = "jdk quirk: ";

  private static final String HS256 =
      POLICY + "HS256 off the allow-list (kty oct: symmetric keys are refused at key load)";
  private static final String HS384 =
      POLICY + "HS384 off the allow-list (kty oct: symmetric keys are refused at key load)";
  private static final String HS512 =
      POLICY + "HS512 off the allow-list (kty oct: symmetric keys are refused at key load)";
  private static final String RS256 =
      POLICY + "alg RS256 off the allow-list (the RS256 key is refused at key load)";
  private static final String RS384 =
      POLICY + "alg RS384 off the allow-list (the RS384 key is refused at key load)";
  private static final String RS512 =
      POLICY + "alg RS512 off the allow-list (the RS512 key is refused at key load)";
  private static final String PS384 =
      POLICY + "alg PS384 off the allow-list (the PS384 key is refused at key load)";
  private static final String PS512 =
      POLICY + "alg PS512 off the allow-list (the PS512 key is refused at key load)";
  private static final String PS384_HEADER =
      POLICY
          + "header alg PS384 off the allow-list (RFC 7520 Figure 20: the key is labelled PS256 and"
          + " loads, the token is refused by the alg check)";
  private static final String EMPTY_PAYLOAD =
      POLICY
          + "empty payload (a grant always carries claims; the strict compact parser refuses an"
          + " empty payload part as MALFORMED)";
  private static final String ES512 =
      POLICY + "alg ES521/ES512 on P-521 off the allow-list (the P-521 key is refused at key load)";
  private static final String IDENTICAL_TO_357 =
      LABEL_ERROR
          + "labelled invalid but byte-identical to valid tcId 357, so treated as valid; then "
          + HS256;
  private static final String DEBIAN_P256 =
      JDK_QUIRK + "Debian OpenJDK 17.0.15 rejects this valid P-256 signature";

  static final Map<String, String> ALLOW_LIST = allowList();

  private static Map<String, String> allowList() {
    Map<String, String> m = new LinkedHashMap<>();
    // --- ecdsa_secp256r1_sha256_p1363_test.json: runtime quirks only ---
    // Both have s = n - 3; the plain JDK Signature "SHA256withECDSAinP1363Format" rejects them too
    // on Debian OpenJDK 17.0.15+6-Debian-1deb12u1, so it is not our range check or nimbus.
    m.put(ECDSA + "#115", DEBIAN_P256); // k*G has a large x-coordinate
    m.put(
        ECDSA + "#257",
        DEBIAN_P256); // r = 3, x = n + 3 is the smallest possible x with a reduction
    // --- json_web_signature_test.json ---
    m.put(JWS + "#1", HS256); // hs256 acceptsValid
    m.put(JWS + "#33", RS256); // rs256 acceptsValid
    m.put(JWS + "#259", RS256); // rs256 emptyPayload
    m.put(JWS + "#260", RS256); // rs256 allZeroPayload
    m.put(JWS + "#261", RS256); // rs256 oneBytePayload
    m.put(JWS + "#262", RS256); // rs256 normalPayload
    m.put(JWS + "#263", RS256); // rs256 normalPayload
    m.put(JWS + "#264", RS384); // rs384 emptyPayload
    m.put(JWS + "#265", RS384); // rs384 allZeroPayload
    m.put(JWS + "#266", RS384); // rs384 oneBytePayload
    m.put(JWS + "#267", RS384); // rs384 normalPayload
    m.put(JWS + "#268", RS512); // rs512 emptyPayload
    m.put(JWS + "#269", RS512); // rs512 allZeroPayload
    m.put(JWS + "#270", RS512); // rs512 oneBytePayload
    m.put(JWS + "#271", RS512); // rs512 normalPayload
    m.put(JWS + "#272", EMPTY_PAYLOAD); // ps256 emptyPayload (key and alg are fine)
    m.put(JWS + "#320", PS384); // ps384 emptyPayload
    m.put(JWS + "#321", PS384); // ps384 allZeroPayload
    m.put(JWS + "#322", PS384); // ps384 oneBytePayload
    m.put(JWS + "#323", PS384); // ps384 normalPayload
    m.put(JWS + "#325", PS512); // ps512 emptyPayload
    m.put(JWS + "#326", PS512); // ps512 allZeroPayload
    m.put(JWS + "#327", PS512); // ps512 oneBytePayload
    m.put(JWS + "#328", PS512); // ps512 normalPayload
    m.put(JWS + "#345", RS256); // rfc7520 Figure13
    m.put(JWS + "#346", PS384_HEADER); // rfc7520 Figure20
    m.put(JWS + "#347", ES512); // rfc7520 Figure27
    m.put(JWS + "#348", HS256); // rfc7520 Figure35
    m.put(JWS + "#349", RS256); // rfc7520WithKeyOps Figure13
    m.put(JWS + "#350", PS384_HEADER); // rfc7520WithKeyOps Figure20
    m.put(JWS + "#351", ES512); // rfc7520WithKeyOps Figure27
    m.put(JWS + "#352", HS256); // rfc7520 Figure35
    m.put(JWS + "#357", HS256); // base64 ValidMac
    m.put(JWS + "#358", HS256); // base64 ValidEdgeCaseMac
    m.put(JWS + "#359", HS256); // base64 ValidEdgeCaseMac
    m.put(JWS + "#367", IDENTICAL_TO_357); // base64 invalidBase64Padding
    m.put(JWS + "#370", IDENTICAL_TO_357); // base64 invalidBase64PaddingInPayload
    m.put(JWS + "#376", HS256); // base64 ValidSpacesInJsonHeader
    m.put(JWS + "#377", HS256); // base64 ValidWhiteSpaceInJsonHeader
    // --- json_web_key_test.json ---
    m.put(JWK + "#2", HS256); // jws_keyset acceptsValid (a set of two oct keys)
    m.put(JWK + "#5", RS256); // rs256 acceptsValid
    m.put(JWK + "#13", HS256); // HS256 long_key
    m.put(JWK + "#14", HS384); // HS384 long_key
    m.put(JWK + "#15", HS512); // HS512 long_key
    return Map.copyOf(m);
  }

  // ---------------------------------------------------------------------------------------------
  // The per-file runs.
  // ---------------------------------------------------------------------------------------------

  @TestFactory
  Stream<DynamicNode> ecdsaSecp256r1Sha256P1363() {
    return vectors(ECDSA);
  }

  @TestFactory
  Stream<DynamicNode> rsaPss2048Sha256Mgf1Salt32() {
    return vectors(PSS);
  }

  @TestFactory
  Stream<DynamicNode> jsonWebSignature() {
    return vectors(JWS);
  }

  @TestFactory
  Stream<DynamicNode> jsonWebKey() {
    return vectors(JWK);
  }

  /** The hard criterion, across all four files and both providers at once. */
  @Test
  void noInvalidVectorIsAcceptedInAnyFile() {
    List<String> offenders = new ArrayList<>();
    for (CryptoProvider provider : CryptoProvider.values()) {
      for (String file : FILES) {
        for (Outcome o : outcomes(file, provider)) {
          if ("invalid".equals(o.expected()) && o.stage() == Stage.ACCEPTED) {
            offenders.add(provider + " " + o.key() + " (" + o.comment() + ")");
          }
        }
      }
    }
    assertThat(offenders).as("invalid vectors accepted: %s", offenders).isEmpty();
  }

  /**
   * Switching providers changes no decision: every vector of every file ends in the same stage
   * under BouncyCastle and under the JDK, except the JDK-quirk entries (valid signatures some JDK
   * builds reject).
   */
  @Test
  void bothProvidersDecideEveryVectorAlike() {
    List<String> differ = new ArrayList<>();
    for (String file : FILES) {
      List<Outcome> bc = outcomes(file, CryptoProvider.BC);
      List<Outcome> jdk = outcomes(file, CryptoProvider.JDK);
      assertThat(jdk).hasSameSizeAs(bc);
      for (int i = 0; i < bc.size(); i++) {
        Outcome b = bc.get(i);
        Outcome j = jdk.get(i);
        assertThat(j.key()).isEqualTo(b.key());
        boolean quirk = ALLOW_LIST.getOrDefault(b.key(), "").startsWith(JDK_QUIRK);
        if (b.stage() != j.stage() && !quirk) {
          differ.add(b.key() + ": BC " + b.stage() + ", JDK " + j.stage());
        }
      }
    }
    assertThat(differ).as("providers disagree: %s", differ).isEmpty();
  }

  /** Every valid ECDSA vector, the JDK quirks included, verifies with BouncyCastle. */
  @Test
  void bouncyCastleAcceptsEveryValidEcdsaVector() {
    assertThat(outcomes(ECDSA, CryptoProvider.BC))
        .filteredOn(o -> "valid".equals(o.expected()))
        .isNotEmpty()
        .allSatisfy(o -> assertThat(o.stage()).as(o.key()).isEqualTo(Stage.ACCEPTED));
  }

  /** Each allow-list entry names a vector that exists and is (after overrides) valid. */
  @Test
  void allowListNamesOnlyExistingValidVectors() {
    Map<String, Outcome> all = new LinkedHashMap<>();
    FILES.forEach(f -> outcomes(f, CryptoProvider.JDK).forEach(o -> all.put(o.key(), o)));
    List<String> bad = new ArrayList<>();
    ALLOW_LIST.forEach(
        (key, reason) -> {
          Outcome o = all.get(key);
          if (o == null) {
            bad.add(key + ": no such vector");
          } else if (!"valid".equals(o.expected())) {
            bad.add(key + ": vector is " + o.expected() + ", only valid vectors can be listed");
          }
          if (!reason.startsWith(POLICY)
              && !reason.startsWith(LABEL_ERROR)
              && !reason.startsWith(JDK_QUIRK)) {
            bad.add(key + ": reason has no known category: " + reason);
          }
        });
    assertThat(bad).as("bad allow-list entries: %s", bad).isEmpty();
  }

  /** No group of the raw signature files is silently skipped as not applicable. */
  @Test
  void everyRawSignatureGroupApplies() {
    for (String file : List.of(ECDSA, PSS)) {
      String alg = file.equals(ECDSA) ? "ES256" : "PS256";
      int tests = 0;
      for (JsonNode group : VectorFiles.load(file).get("testGroups")) {
        assertThat(applies(group, alg)).as("%s group %s", file, group.path("type")).isTrue();
        tests += group.get("tests").size();
      }
      for (CryptoProvider provider : CryptoProvider.values()) {
        assertThat(outcomes(file, provider)).hasSize(tests);
      }
      assertThat(tests).isEqualTo(VectorFiles.load(file).get("numberOfTests").asInt());
    }
  }

  /** The facts each label override rests on. */
  @Test
  void overrideLabelsStillHold() {
    Map<Integer, JsonNode> jws = new LinkedHashMap<>();
    for (JsonNode group : VectorFiles.load(JWS).get("testGroups")) {
      for (JsonNode test : group.get("tests")) {
        jws.put(test.get("tcId").asInt(), test);
      }
    }
    assertThat(jws.get(357).get("result").asText()).isEqualTo("valid");
    for (int tcId : new int[] {367, 370}) {
      assertThat(jws.get(tcId).get("result").asText())
          .as("tcId %d label", tcId)
          .isEqualTo("invalid");
      assertThat(jws.get(tcId).get("jws").asText())
          .as("tcId %d is byte-identical to valid tcId 357", tcId)
          .isEqualTo(jws.get(357).get("jws").asText());
    }
    for (int tcId : new int[] {372, 373}) {
      assertThat(jws.get(tcId).get("result").asText()).as("tcId %d label", tcId).isEqualTo("valid");
      assertThat(jws.get(tcId).get("jws").asText()).as("tcId %d", tcId).contains("?");
    }
    assertThat(LABEL_OVERRIDES).hasSize(4);
  }

  /**
   * The "base64" group's key is HMAC, so key policy rejects all of it before the token is read. The
   * structural layer is tested here on its own: strict compact parsing alone must decide the group
   * as Wycheproof labels it (after the overrides), in particular reject 372 and 373 for their '?'.
   */
  @Test
  void strictCompactParsingDecidesTheBase64Group() {
    List<String> wrong = new ArrayList<>();
    int seen = 0;
    for (JsonNode group : VectorFiles.load(JWS).get("testGroups")) {
      if (!"base64".equals(group.path("comment").asText())) {
        continue;
      }
      for (JsonNode test : group.get("tests")) {
        seen++;
        int tcId = test.get("tcId").asInt();
        String expected =
            LABEL_OVERRIDES.getOrDefault(JWS + "#" + tcId, test.get("result").asText());
        boolean parses = parses(test.get("jws").asText());
        if (parses != "valid".equals(expected)) {
          wrong.add("tcId " + tcId + " (" + expected + "): " + (parses ? "parsed" : "refused"));
        }
      }
    }
    assertThat(seen).as("base64 group vectors").isGreaterThanOrEqualTo(21);
    assertThat(wrong).as("strict parsing disagrees: %s", wrong).isEmpty();
    assertThat(parses(testById(JWS, 372).get("jws").asText())).isFalse();
    assertThat(parses(testById(JWS, 373).get("jws").asText())).isFalse();
  }

  /** JSON-serialised JWS (anything starting with '{') never passes the compact parser. */
  @Test
  void jsonSerialisedTokensAreRefusedStructurally() {
    int seen = 0;
    for (String file : List.of(JWS, JWK)) {
      for (JsonNode group : VectorFiles.load(file).get("testGroups")) {
        for (JsonNode test : group.get("tests")) {
          String jws = test.get("jws").asText();
          if (jws.startsWith("{")) {
            seen++;
            JwsException e =
                catchThrowableOfType(
                    JwsException.class, () -> CompactJws.parse(jws, JwsCheck.MAX_TOKEN_LENGTH));
            assertThat(e).as("%s#%s", file, test.get("tcId")).isNotNull();
            assertThat(e.fault()).isEqualTo(JwsException.Fault.MALFORMED);
          }
        }
      }
    }
    assertThat(seen).as("json-serialised vectors").isPositive();
  }

  // ---------------------------------------------------------------------------------------------
  // Judging outcomes.
  // ---------------------------------------------------------------------------------------------

  enum Stage {
    /** The vector passed every check. */
    ACCEPTED,
    /** {@link VerificationKeySet#parse} / {@link KeyRing#of} refused the key (key policy). */
    KEY_REFUSED,
    /** {@link JwsCheck} refused the token before the signature (structure, header, alg, kid). */
    TOKEN_REFUSED,
    /** The signature did not verify. */
    SIGNATURE_FAILED,
    /** Something threw that should not have: always a failure. */
    CRASHED
  }

  record Outcome(
      String file,
      int tcId,
      String comment,
      String labelled,
      String expected,
      Stage stage,
      String detail) {
    String key() {
      return file + "#" + tcId;
    }

    /** Null if this outcome is acceptable under the rules, else what is wrong. */
    String problem() {
      String listed = ALLOW_LIST.get(key());
      if (stage == Stage.CRASHED) {
        return "crashed: " + detail;
      }
      boolean accepted = stage == Stage.ACCEPTED;
      switch (expected) {
        case "invalid":
          if (accepted) {
            return "INVALID VECTOR ACCEPTED";
          }
          return listed == null ? null : "invalid vector on the allow-list";
        case "acceptable":
          return listed == null ? null : "acceptable vector on the allow-list";
        case "valid":
          if (accepted) {
            return listed == null || listed.startsWith(JDK_QUIRK)
                ? null
                : "valid vector accepted but on the allow-list (stale entry): " + listed;
          }
          if (listed == null) {
            return "valid vector rejected ("
                + stage
                + ": "
                + detail
                + ") and not on the allow-list";
          }
          if (listed.startsWith(JDK_QUIRK) && stage != Stage.SIGNATURE_FAILED) {
            return "listed as a jdk quirk but rejected by " + stage + ": " + detail;
          }
          if (!listed.startsWith(JDK_QUIRK) && stage == Stage.SIGNATURE_FAILED) {
            return "listed as policy but rejected by a failed signature: " + listed;
          }
          return null;
        default:
          return "unknown result label " + expected;
      }
    }

    String displayName() {
      return "tcId "
          + tcId
          + " "
          + comment
          + " ["
          + expected
          + (expected.equals(labelled) ? "" : ", labelled " + labelled)
          + " -> "
          + (stage == Stage.ACCEPTED ? "accepted" : "rejected")
          + "]";
    }
  }

  private static Stream<DynamicNode> vectors(String file) {
    return Stream.of(CryptoProvider.values())
        .map(p -> DynamicContainer.dynamicContainer(p.name(), vectors(file, p)));
  }

  private static Stream<DynamicNode> vectors(String file, CryptoProvider provider) {
    List<Outcome> outcomes = outcomes(file, provider);
    Stream<DynamicNode> each =
        outcomes.stream()
            .map(
                o ->
                    dynamicTest(
                        o.displayName(),
                        () -> {
                          String problem = o.problem();
                          if (problem != null) {
                            fail(o.key() + " (" + o.comment() + "): " + problem);
                          }
                        }));
    return Stream.concat(
        each, Stream.of(dynamicTest("summary " + file, () -> summary(file, provider))));
  }

  private static void summary(String file, CryptoProvider provider) {
    List<Outcome> outcomes = outcomes(file, provider);
    int validAccepted = 0;
    int validRejectedListed = 0;
    int invalidRejected = 0;
    int acceptable = 0;
    int atKeyLoad = 0;
    int atTokenChecks = 0;
    int atSignature = 0;
    int overridden = 0;
    List<String> invalidAccepted = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    for (Outcome o : outcomes) {
      boolean accepted = o.stage() == Stage.ACCEPTED;
      atKeyLoad += o.stage() == Stage.KEY_REFUSED ? 1 : 0;
      atTokenChecks += o.stage() == Stage.TOKEN_REFUSED ? 1 : 0;
      atSignature += o.stage() == Stage.SIGNATURE_FAILED ? 1 : 0;
      overridden += o.expected().equals(o.labelled()) ? 0 : 1;
      switch (o.expected()) {
        case "valid" -> {
          if (accepted) {
            validAccepted++;
          } else if (ALLOW_LIST.containsKey(o.key())) {
            validRejectedListed++;
          }
        }
        case "invalid" -> {
          if (accepted) {
            invalidAccepted.add(o.key() + " (" + o.comment() + ")");
          } else {
            invalidRejected++;
          }
        }
        case "acceptable" -> acceptable++;
        default -> {}
      }
      String problem = o.problem();
      if (problem != null) {
        problems.add(o.key() + ": " + problem);
      }
    }
    System.out.printf(
        "wycheproof %s %s: valid accepted %d / valid rejected (listed) %d / invalid rejected %d /"
            + " acceptable %d  [%d vectors, %d label overrides; rejected at key load %d, by token"
            + " checks %d, by signature %d]%n",
        provider,
        file,
        validAccepted,
        validRejectedListed,
        invalidRejected,
        acceptable,
        outcomes.size(),
        overridden,
        atKeyLoad,
        atTokenChecks,
        atSignature);
    assertThat(invalidAccepted).as("invalid vectors accepted: %s", invalidAccepted).isEmpty();
    assertThat(problems).as("problems: %s", problems).isEmpty();
    assertThat(outcomes).isNotEmpty();
  }

  // ---------------------------------------------------------------------------------------------
  // Running the vectors through our path.
  // ---------------------------------------------------------------------------------------------

  private static final Map<String, List<Outcome>> OUTCOMES = new ConcurrentHashMap<>();

  static List<Outcome> outcomes(String file, CryptoProvider provider) {
    return OUTCOMES.computeIfAbsent(
        provider + " " + file,
        f ->
            switch (file) {
              case ECDSA -> rawSignatures(file, "ES256", provider);
              case PSS -> rawSignatures(file, "PS256", provider);
              case JWS, JWK -> joseTokens(file, provider);
              default -> throw new IllegalArgumentException(file);
            });
  }

  /** ECDSA P1363 and RSA-PSS files: {@code msg} and {@code sig} (hex) against the group's key. */
  private static List<Outcome> rawSignatures(String file, String alg, CryptoProvider provider) {
    JsonNode root = VectorFiles.load(file);
    List<Outcome> out = new ArrayList<>();
    int groupIndex = 0;
    for (JsonNode group : root.get("testGroups")) {
      groupIndex++;
      if (!applies(group, alg)) {
        continue;
      }
      ObjectNode jwk = publicJwk(group, alg);
      if (!jwk.has("alg")) {
        jwk.put("alg", alg); // our hygiene requires alg; the vector's key is meant for it
      }
      if (!jwk.path("kid").isTextual() || jwk.path("kid").asText().isEmpty()) {
        jwk.put("kid", "wycheproof-group-" + groupIndex); // our hygiene requires a kid
      }
      String kid = jwk.get("kid").asText();
      Loaded loaded = load(keySet(jwk), provider);
      for (JsonNode test : group.get("tests")) {
        Stage stage;
        String detail;
        if (loaded.ring() == null) {
          stage = Stage.KEY_REFUSED;
          detail = loaded.refusal();
        } else {
          try {
            byte[] msg = HexFormat.of().parseHex(test.get("msg").asText());
            byte[] sig = HexFormat.of().parseHex(test.get("sig").asText());
            boolean ok = loaded.ring().find(kid).verify(msg, sig);
            stage = ok ? Stage.ACCEPTED : Stage.SIGNATURE_FAILED;
            detail = ok ? "" : "signature";
          } catch (RuntimeException e) {
            stage = Stage.CRASHED;
            detail = e.toString();
          }
        }
        out.add(outcome(file, test, stage, detail));
      }
    }
    return List.copyOf(out);
  }

  /** Only groups whose parameters are exactly what ES256 / PS256 mean apply. */
  private static boolean applies(JsonNode group, String alg) {
    if (!"SHA-256".equals(group.path("sha").asText())) {
      return false;
    }
    if ("PS256".equals(alg)) {
      return "MGF1".equals(group.path("mgf").asText())
          && "SHA-256".equals(group.path("mgfSha").asText())
          && group.path("sLen").asInt(-1) == 32
          && group.path("keySize").asInt() >= 2048;
    }
    return "secp256r1".equals(group.path("publicKey").path("curve").asText());
  }

  /** The group's {@code publicKeyJwk}, or one built from the raw public key. */
  private static ObjectNode publicJwk(JsonNode group, String alg) {
    if (group.get("publicKeyJwk") instanceof ObjectNode jwk) {
      return jwk.deepCopy();
    }
    JsonNode key = group.get("publicKey");
    ObjectNode jwk = VectorFiles.JSON.createObjectNode();
    if ("ES256".equals(alg)) {
      jwk.put("kty", "EC");
      jwk.put("crv", "P-256");
      jwk.put("x", unsigned(key.get("wx").asText(), 32));
      jwk.put("y", unsigned(key.get("wy").asText(), 32));
    } else {
      jwk.put("kty", "RSA");
      jwk.put("n", unsigned(key.get("modulus").asText(), 0));
      jwk.put("e", unsigned(key.get("publicExponent").asText(), 0));
    }
    return jwk;
  }

  /** Hex (maybe with a sign byte) to unsigned big-endian base64url, left-padded to {@code size}. */
  private static String unsigned(String hex, int size) {
    byte[] bytes = new BigInteger(hex, 16).toByteArray();
    if (bytes.length > 1 && bytes[0] == 0) {
      bytes = Arrays.copyOfRange(bytes, 1, bytes.length);
    }
    if (bytes.length < size) {
      byte[] padded = new byte[size];
      System.arraycopy(bytes, 0, padded, size - bytes.length, bytes.length);
      bytes = padded;
    }
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** JWS and JWK files: the group's key set through key hygiene, the token through JwsCheck. */
  private static List<Outcome> joseTokens(String file, CryptoProvider provider) {
    JsonNode root = VectorFiles.load(file);
    List<Outcome> out = new ArrayList<>();
    for (JsonNode group : root.get("testGroups")) {
      JsonNode key = group.has("public") ? group.get("public") : group.get("private");
      Loaded loaded = load(publicSet(key), provider);
      for (JsonNode test : group.get("tests")) {
        Stage stage;
        String detail;
        if (loaded.ring() == null) {
          stage = Stage.KEY_REFUSED;
          detail = loaded.refusal();
        } else {
          try {
            JwsCheck.verify(
                test.get("jws").asText(), loaded.ring(), null, JwsCheck.MAX_TOKEN_LENGTH);
            stage = Stage.ACCEPTED;
            detail = "";
          } catch (JwsException e) {
            stage =
                e.fault() == JwsException.Fault.BAD_SIGNATURE
                    ? Stage.SIGNATURE_FAILED
                    : Stage.TOKEN_REFUSED;
            detail = e.fault().name();
          } catch (RuntimeException e) {
            stage = Stage.CRASHED;
            detail = e.toString();
          }
        }
        out.add(outcome(file, test, stage, detail));
      }
    }
    return List.copyOf(out);
  }

  /**
   * A JWK or JWK set as a public JWK set JSON: private members (d, p, q, dp, dq, qi, oth) removed.
   * Symmetric keys have no public form and keep their {@code k}: hygiene refuses them by kty.
   */
  private static String publicSet(JsonNode key) {
    ArrayNode keys = VectorFiles.JSON.createArrayNode();
    if (key.has("keys")) {
      key.get("keys").forEach(k -> keys.add(k.deepCopy()));
    } else {
      keys.add(key.deepCopy());
    }
    for (JsonNode k : keys) {
      if (k instanceof ObjectNode o) {
        o.remove(JwkRules.PRIVATE_MEMBERS);
      }
    }
    ObjectNode set = VectorFiles.JSON.createObjectNode();
    set.set("keys", keys);
    return set.toString();
  }

  private static String keySet(ObjectNode jwk) {
    ObjectNode set = VectorFiles.JSON.createObjectNode();
    set.putArray("keys").add(jwk);
    return set.toString();
  }

  private record Loaded(KeyRing ring, String refusal) {}

  /** The public key-loading path: VerificationKeySet.parse, then KeyRing.of. */
  private static Loaded load(String setJson, CryptoProvider provider) {
    try {
      return new Loaded(KeyRing.of(VerificationKeySet.parse(setJson).toJson(), provider), null);
    } catch (IllegalArgumentException e) {
      return new Loaded(null, e.getMessage());
    }
  }

  private static Outcome outcome(String file, JsonNode test, Stage stage, String detail) {
    int tcId = test.get("tcId").asInt();
    String labelled = test.get("result").asText();
    String expected = LABEL_OVERRIDES.getOrDefault(file + "#" + tcId, labelled);
    return new Outcome(
        file, tcId, test.path("comment").asText(), labelled, expected, stage, detail);
  }

  private static boolean parses(String jws) {
    try {
      CompactJws.parse(jws, JwsCheck.MAX_TOKEN_LENGTH);
      return true;
    } catch (JwsException e) {
      return false;
    }
  }

  private static JsonNode testById(String file, int tcId) {
    for (JsonNode group : VectorFiles.load(file).get("testGroups")) {
      for (JsonNode test : group.get("tests")) {
        if (test.get("tcId").asInt() == tcId) {
          return test;
        }
      }
    }
    throw new AssertionError(file + "#" + tcId + " not found");
  }
}
