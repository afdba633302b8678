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
