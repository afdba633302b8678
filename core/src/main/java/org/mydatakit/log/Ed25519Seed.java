package org.mydatakit.log;

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
 * An Ed25519 private key held as its 32-byte seed, for the two note signers: the log's ({@link
 * NoteSigner}, type 0x01) and a witness's ({@link NoteCosigner}, type 0x04). Never shown.
 */
final class Ed25519Seed {
  private static final byte[] PKCS8_PREFIX =
      HexFormat.of().parseHex("302e020100300506032b657004220420");

  private final byte[] seed;
  private final PrivateKey key;
  private final byte[] publicKey = new byte[32];

  Ed25519Seed(byte[] seed) {
    if (seed == null || seed.length != 32) {
      throw new IllegalArgumentException("note key: expected a 32-byte Ed25519 seed");
    }
    this.seed = seed.clone();
    Ed25519.generatePublicKey(this.seed, 0, publicKey, 0);
    byte[] der = Arrays.copyOf(PKCS8_PREFIX, PKCS8_PREFIX.length + 32);
    System.arraycopy(this.seed, 0, der, PKCS8_PREFIX.length, 32);
    try {
      this.key = KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(der));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("ed25519 unavailable", e);
    }
  }

  /**
   * A private key's parts, read from {@code PRIVATE+KEY+<name>+<key ID>+<base64(type || seed)>}.
   */
  record PrivateForm(String name, String keyId, byte[] seed) {}

  /**
   * Reads the private form of a key of {@code type}; {@code what} names the key in errors, which
   * never quote it. The caller checks the key ID against the key it builds.
   */
  static PrivateForm parsePrivate(String skey, byte type, String what) {
    String[] parts = skey == null ? new String[0] : skey.split("\\+", 5);
    if (parts.length != 5 || !"PRIVATE".equals(parts[0]) || !"KEY".equals(parts[1])) {
      throw NoteVerifierKey.malformed(what + ": expected PRIVATE+KEY+name+keyid+base64");
    }
    byte[] material = NoteVerifierKey.canonicalBase64(parts[4], what);
    if (material.length != 33 || material[0] != type) {
      throw NoteVerifierKey.malformed(what + ": expected type 0x0" + type + " and a 32-byte seed");
    }
    return new PrivateForm(parts[2], parts[3], Arrays.copyOfRange(material, 1, 33));
  }

  static byte[] random() {
    byte[] seed = new byte[32];
    new SecureRandom().nextBytes(seed);
    return seed;
  }

  /** The verifier key of {@code name} for this key with signature {@code type}. */
  NoteVerifierKey verifierKey(String name, byte type) {
    NoteVerifierKey.checkName(name);
    byte[] material = new byte[33];
    material[0] = type;
    System.arraycopy(publicKey, 0, material, 1, 32);
    int keyId = NoteVerifierKey.keyId(name, type, publicKey);
    return NoteVerifierKey.parse(
        name
            + "+"
            + String.format("%08x", keyId)
            + "+"
            + Base64.getEncoder().encodeToString(material));
  }

  /** The Ed25519 signature of the concatenated {@code parts}. */
  byte[] sign(byte[]... parts) {
    try {
      Signature ed = Signature.getInstance("Ed25519");
      ed.initSign(key);
      for (byte[] part : parts) {
        ed.update(part);
      }
      return ed.sign();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("ed25519 signing failed", e);
    }
  }

  /** A copy of the seed. Secret. */
  byte[] seed() {
    return seed.clone();
  }

  @Override
  public String toString() {
    return "Ed25519Seed";
  }
}
