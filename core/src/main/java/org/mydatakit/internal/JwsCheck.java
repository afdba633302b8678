package org.mydatakit.internal;

import static org.mydatakit.internal.JwsException.Fault.ALGORITHM_MISMATCH;
import static org.mydatakit.internal.JwsException.Fault.ALGORITHM_NOT_ALLOWED;
import static org.mydatakit.internal.JwsException.Fault.BAD_SIGNATURE;
import static org.mydatakit.internal.JwsException.Fault.FORBIDDEN_HEADER;
import static org.mydatakit.internal.JwsException.Fault.UNKNOWN_KEY;
import static org.mydatakit.internal.JwsException.Fault.WRONG_TYPE;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Set;

/**
 * The signed-envelope half of verification, shared by grants, status lists and the Wycheproof
 * tests: size, canonical compact form, a header of exactly {@code alg}, {@code typ} and {@code
 * kid}, the algorithm allow-list, {@code typ} (as a media type), a known {@code kid} whose
 * algorithm equals {@code alg}, and the signature — in that order. What the payload means is the
 * caller's business.
 */
public final class JwsCheck {
  /** Largest accepted token, in characters. */
  public static final int MAX_TOKEN_LENGTH = 8192;

  private static final Set<String> HEADER_MEMBERS = Set.of("alg", "typ", "kid");

  private JwsCheck() {}

  /** A token whose envelope verified: the key that signed it and the raw payload. */
  public record Verified(VerificationKey key, byte[] payload) {}

  /**
   * Verifies {@code token}'s envelope against {@code keys}.
   *
   * @param type the media type {@code typ} must name (see {@link MediaTypes#isType}), in lower case
   *     without the {@code application/} prefix, or null to accept any or none
   * @param maxLength the size cap in characters
   */
  public static Verified verify(String token, KeyRing keys, String type, int maxLength)
      throws JwsException {
    CompactJws jws = CompactJws.parse(token, maxLength);
    ObjectNode header = jws.header();
    for (Iterator<String> names = header.fieldNames(); names.hasNext(); ) {
      if (!HEADER_MEMBERS.contains(names.next())) {
        throw new JwsException(FORBIDDEN_HEADER);
      }
    }
    JsonNode alg = header.get("alg");
    if (alg == null || !alg.isTextual() || !isAllowed(alg.asText())) {
      throw new JwsException(ALGORITHM_NOT_ALLOWED);
    }
    JsonNode typ = header.get("typ");
    if (type != null
        && (typ == null || !typ.isTextual() || !MediaTypes.isType(typ.asText(), type))) {
      throw new JwsException(WRONG_TYPE);
    }
    JsonNode kid = header.get("kid");
    VerificationKey key = kid != null && kid.isTextual() ? keys.find(kid.asText()) : null;
    if (key == null) {
      throw new JwsException(UNKNOWN_KEY);
    }
    if (!key.algorithm().name().equals(alg.asText())) {
      throw new JwsException(ALGORITHM_MISMATCH);
    }
    if (!key.verify(jws.signingInput(), jws.signature())) {
      throw new JwsException(BAD_SIGNATURE);
    }
    return new Verified(key, jws.payload());
  }

  /** The algorithm allow-list: ES256 and PS256, exactly as spelled. */
  public static boolean isAllowed(String alg) {
    return "ES256".equals(alg) || "PS256".equals(alg);
  }
}
