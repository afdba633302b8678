package org.mydatakit.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Key hygiene for JWK sets: what a trusted set may hold. Every rule names the key it rejects (by
 * kid, else by position) and what was expected; key material is never quoted.
 */
public final class JwkRules {
  /** Members that carry private or symmetric key material. */
  public static final Set<String> PRIVATE_MEMBERS = Set.of("d", "p", "q", "dp", "dq", "qi", "oth");

  private static final int MIN_RSA_BITS = 2048;

  private JwkRules() {}

  /** Parses a JWK Set of public or private keys under the rules; returns keys in file order. */
  public static List<JWK> parseSet(String json, boolean privateKeys) {
    if (json == null) {
      throw new IllegalArgumentException("jwk set: expected json, got null");
    }
    ObjectNode root;
    try {
      root = StrictJson.object(json.getBytes(StandardCharsets.UTF_8));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("jwk set: expected one json object with a \"keys\" array");
    }
    if (!(root.get("keys") instanceof ArrayNode keys) || keys.isEmpty()) {
      throw new IllegalArgumentException("jwk set: expected a non-empty \"keys\" array");
    }
    List<JWK> result = new ArrayList<>();
    Set<String> kids = new HashSet<>();
    Alg setAlg = null;
    for (int i = 0; i < keys.size(); i++) {
      if (!(keys.get(i) instanceof ObjectNode key)) {
        throw new IllegalArgumentException("jwk set: key #" + i + ": expected a json object");
      }
      JWK jwk = parseKey(key, "key #" + i, privateKeys);
      if (!kids.add(jwk.getKeyID())) {
        throw new IllegalArgumentException(name(key, i) + ": duplicate kid");
      }
      Alg alg = Alg.valueOf(jwk.getAlgorithm().getName());
      if (setAlg != null && setAlg != alg) {
        throw new IllegalArgumentException(
            name(key, i)
                + ": mixed set: expected every key to be "
                + setAlg
                + ", got "
                + alg
                + " (one issuer signs with one algorithm)");
      }
      setAlg = alg;
      result.add(jwk);
    }
    return List.copyOf(result);
  }

  /**
   * Parses one signing or verification key under the rules: EC P-256 with alg ES256 or RSA of at
   * least 2048 bits with alg PS256; a kid; {@code use} (if any) {@code sig}; {@code key_ops} (if
   * any) including verify; private parts present exactly when {@code privateKey}.
   */
  public static JWK parseKey(ObjectNode key, String position, boolean privateKey) {
    String name = key.path("kid").isTextual() ? name(key, -1) : "jwk set: " + position;
    String kty = text(key, "kty");
    if ("oct".equals(kty)) {
      throw new IllegalArgumentException(name + ": symmetric keys (kty oct) are not allowed");
    }
    if (!"EC".equals(kty) && !"RSA".equals(kty)) {
      throw new IllegalArgumentException(
          name + ": expected kty EC or RSA, got " + (kty == null ? "none" : Checks.describe(kty)));
    }
    String kid = text(key, "kid");
    if (kid == null || kid.isEmpty() || kid.length() > 128) {
      throw new IllegalArgumentException(name + ": expected a kid of 1 to 128 characters");
    }
    String use = text(key, "use");
    if (key.has("use") && !"sig".equals(use)) {
      throw new IllegalArgumentException(name + ": expected use \"sig\"");
    }
    if (key.has("key_ops")) {
      JsonNode ops = key.get("key_ops");
      boolean verify = false;
      if (ops instanceof ArrayNode array) {
        for (JsonNode op : array) {
          verify |= "verify".equals(op.asText(null)) && op.isTextual();
        }
      }
      if (!verify) {
        throw new IllegalArgumentException(name + ": expected key_ops to include \"verify\"");
      }
    }
    String alg = text(key, "alg");
    if (alg == null) {
      throw new IllegalArgumentException(name + ": expected an alg (ES256 or PS256), got none");
    }
    if (!"ES256".equals(alg) && !"PS256".equals(alg)) {
      throw new IllegalArgumentException(
          name + ": expected alg ES256 or PS256, got " + Checks.describe(alg));
    }
    boolean hasPrivate = PRIVATE_MEMBERS.stream().anyMatch(key::has);
    if (hasPrivate != privateKey) {
      throw new IllegalArgumentException(
          name
              + (privateKey
                  ? ": expected a private signing key, got a public key"
                  : ": expected a public key, got private key material"));
    }
    JWK jwk;
    try {
      jwk = JWK.parse(key.toString());
    } catch (ParseException | RuntimeException e) {
      throw new IllegalArgumentException(name + ": not a valid " + kty + " key");
    }
    if ("ES256".equals(alg)) {
      if (!(jwk instanceof ECKey ec) || !Curve.P_256.equals(ec.getCurve())) {
        throw new IllegalArgumentException(name + ": alg ES256 expects an EC key on curve P-256");
      }
    } else if (!(jwk instanceof RSAKey rsa)) {
      throw new IllegalArgumentException(name + ": alg PS256 expects an RSA key");
    } else if (rsa.size() < MIN_RSA_BITS) {
      throw new IllegalArgumentException(
          name + ": expected an RSA key of at least 2048 bits, got " + rsa.size());
    }
    return jwk;
  }

  private static String name(ObjectNode key, int index) {
    String kid = key.path("kid").asText("");
    return "jwk set: key " + Checks.describe(kid) + (index >= 0 ? " (#" + index + ")" : "");
  }

  private static String text(ObjectNode node, String member) {
    JsonNode value = node.get(member);
    return value != null && value.isTextual() ? value.asText() : null;
  }
}
