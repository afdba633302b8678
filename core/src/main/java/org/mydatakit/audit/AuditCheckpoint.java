package org.mydatakit.audit;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import org.mydatakit.internal.Checks;
import org.mydatakit.internal.JwsException;
import org.mydatakit.internal.JwsSigning;
import org.mydatakit.internal.KeyRing;
import org.mydatakit.internal.SignedTokens;
import org.mydatakit.internal.StrictJson;
import org.mydatakit.keys.SigningKeySet;
import org.mydatakit.keys.VerificationKeySet;

/**
 * A signed statement by the broker that its audit chain had, at sequence {@link #sequence()}, the
 * head {@link #headHash()}: a compact JWS of type {@value #TYPE} whose claims are exactly {@code
 * iss}, {@code seq}, {@code head} and {@code iat}.
 *
 * <p>Publish or hand out checkpoints periodically; {@link AuditChain#verify(Iterable,
 * java.util.List)} then detects a chain cut off before a checkpoint or rewritten with recomputed
 * hashes. Instances exist only signed by this broker or verified, so every checkpoint a chain is
 * checked against is trusted.
 *
 * <pre>{@code
 * AuditCheckpoint signed = AuditCheckpoint.sign(brokerKeys, "https://broker.example", head, now);
 * AuditCheckpoint trusted = AuditCheckpoint.verify(signed.token(), publicKeys, "https://broker.example");
 * }</pre>
 *
 * <p>Immutable and thread-safe. {@link #toString()} shows the sequence, never the token.
 */
public final class AuditCheckpoint {
  /** The JWS {@code typ} of a checkpoint. */
  public static final String TYPE = "audit-checkpoint+jwt";

  private final String token;
  private final String issuer;
  private final long sequence;
  private final String headHash;
  private final Instant issuedAt;

  private AuditCheckpoint(
      String token, String issuer, long sequence, String headHash, Instant issuedAt) {
    this.token = token;
    this.issuer = issuer;
    this.sequence = sequence;
    this.headHash = headHash;
    this.issuedAt = issuedAt;
  }

  /** Signs a checkpoint at {@code head} with the current key of {@code keys}, as {@code issuer}. */
  public static AuditCheckpoint sign(
      SigningKeySet keys, String issuer, AuditEntry head, Instant now) {
    Checks.issuer(issuer);
    Checks.notNull("head", head);
    Instant iat = Instant.ofEpochSecond(Checks.notNull("now", now).getEpochSecond());
    ObjectNode claims = StrictJson.mapper().createObjectNode();
    claims.put("iss", issuer);
    claims.put("seq", head.sequence());
    claims.put("head", head.hash());
    claims.put("iat", iat.getEpochSecond());
    String token =
        JwsSigning.current(keys.exportPrivateJwks()).sign(TYPE, claims.toString(), false);
    return new AuditCheckpoint(token, issuer, head.sequence(), head.hash(), iat);
  }

  /**
   * Verifies {@code token} as a checkpoint signed by a key of {@code keys} and issued by exactly
   * {@code issuer}.
   *
   * @throws InvalidCheckpointException for any token that is not such a checkpoint
   */
  public static AuditCheckpoint verify(String token, VerificationKeySet keys, String issuer)
      throws InvalidCheckpointException {
    Checks.notNull("keys", keys);
    Checks.issuer(issuer);
    ObjectNode claims;
    try {
      claims = SignedTokens.claims(token, KeyRing.of(keys.toJson()), TYPE, 4096);
    } catch (JwsException e) {
      throw new InvalidCheckpointException(e.fault().description());
    }
    if (!issuer.equals(SignedTokens.text(claims, "iss"))) {
      throw new InvalidCheckpointException("the issuer is not trusted");
    }
    long seq = SignedTokens.integer(claims, "seq", 1);
    long iat = SignedTokens.date(claims, "iat");
    String head = SignedTokens.text(claims, "head");
    // iss, seq, iat and head are present and well-formed, so four members means no others
    if (claims.size() != 4 || seq < 1 || iat < 0 || !SignedTokens.isHash(head)) {
      throw new InvalidCheckpointException("expected exactly the claims iss, seq, head and iat");
    }
    return new AuditCheckpoint(token, issuer, seq, head, Instant.ofEpochSecond(iat));
  }

  /** The compact JWS, to publish or hand to an auditor. */
  public String token() {
    return token;
  }

  /** The broker that signed it. */
  public String issuer() {
    return issuer;
  }

  /** The sequence of the entry the checkpoint commits to. */
  public long sequence() {
    return sequence;
  }

  /** The hash of that entry. */
  public String headHash() {
    return headHash;
  }

  /** When it was signed, to the second. */
  public Instant issuedAt() {
    return issuedAt;
  }

  @Override
  public String toString() {
    return "AuditCheckpoint[seq=" + sequence + ", issuedAt=" + issuedAt + "]";
  }
}
