package org.mydatakit.log;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * A witness's cosigning key (C2SP tlog-cosignature, type 0x04, timestamped Ed25519): it signs
 * {@code cosignature/v1\ntime <t>\n} followed by a checkpoint's text. {@link Witness} uses it after
 * checking that the log neither forked nor shrank.
 *
 * <pre>{@code
 * NoteCosigner key = NoteCosigner.generate("witness.nts.example");
 * String vkey = key.verifierKey().toString();   // the type-0x04 key proof verifiers are given
 * }</pre>
 *
 * <p>Thread-safe. {@link #toString()} never shows the private key.
 */
public final class NoteCosigner {
  private static final byte[] PKCS8_ED25519_PREFIX =
      HexFormat.of().parseHex("302e020100300506032b657004220420");

  private final String name;
  private final PrivateKey key;
  private final NoteVerifierKey verifierKey;

  private NoteCosigner(String name, byte[] seed) {
    NoteVerifierKey.checkName(name);
    if (seed.length != 32) {
      throw new IllegalArgumentException("cosigner: expected a 32-byte Ed25519 seed");
    }
    this.name = name;
    byte[] publicKey = new byte[32];
    Ed25519.generatePublicKey(seed, 0, publicKey, 0);
    int keyId = NoteVerifierKey.keyId(name, NoteVerifierKey.COSIGNATURE, publicKey);
    byte[] material = new byte[33];
    material[0] = NoteVerifierKey.COSIGNATURE;
    System.arraycopy(publicKey, 0, material, 1, 32);
    this.verifierKey =
        NoteVerifierKey.parse(
            name
                + "+"
                + String.format("%08x", keyId)
                + "+"
                + Base64.getEncoder().encodeToString(material));
    byte[] der = Arrays.copyOf(PKCS8_ED25519_PREFIX, PKCS8_ED25519_PREFIX.length + 32);
    System.arraycopy(seed, 0, der, PKCS8_ED25519_PREFIX.length, 32);
    try {
      this.key = KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(der));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("ed25519 unavailable", e);
    }
  }

  /** A new cosigner with a fresh random key. */
  public static NoteCosigner generate(String name) {
    byte[] seed = new byte[32];
    new SecureRandom().nextBytes(seed);
    return new NoteCosigner(name, seed);
  }

  /** The cosigner {@code name} with the Ed25519 private key {@code seed} (32 bytes). */
  public static NoteCosigner of(String name, byte[] seed) {
    return new NoteCosigner(name, seed);
  }

  /** The cosignature line for the checkpoint {@code text} at {@code timestamp} (Unix seconds). */
  public String cosignatureLine(String text, long timestamp) {
    if (timestamp < 0) {
      throw new IllegalArgumentException("cosignature time: expected Unix seconds >= 0");
    }
    byte[] signature;
    try {
      Signature ed = Signature.getInstance("Ed25519");
      ed.initSign(key);
      ed.update(("cosignature/v1\ntime " + timestamp + "\n").getBytes(StandardCharsets.US_ASCII));
      ed.update(text.getBytes(StandardCharsets.UTF_8));
      signature = ed.sign();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("ed25519 signing failed", e);
    }
    ByteBuffer blob = ByteBuffer.allocate(4 + 8 + signature.length);
    blob.putInt(verifierKey.keyId()).putLong(timestamp).put(signature);
    return "\u2014 " + name + " " + Base64.getEncoder().encodeToString(blob.array()) + "\n";
  }

  /** The public key in verifier-key form (type 0x04). */
  public NoteVerifierKey verifierKey() {
    return verifierKey;
  }

  @Override
  public String toString() {
    return "NoteCosigner[" + name + "+" + String.format("%08x", verifierKey.keyId()) + "]";
  }
}
