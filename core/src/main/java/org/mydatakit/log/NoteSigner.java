package org.mydatakit.log;

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
 * Signs C2SP signed notes with an Ed25519 log key (type 0x01): the broker's checkpoints. Its public
 * half, {@link #verifierKey()}, is what citizens, auditors and witnesses are given.
 *
 * <pre>{@code
 * NoteSigner log = NoteSigner.generate("broker.example/log");
 * String note = log.sign(Checkpoint.of("broker.example/log", size, root).text());
 * String vkey = log.verifierKey().toString();   // publish this
 * }</pre>
 *
 * <p>Thread-safe. {@link #toString()} shows the name and key ID, never the private key.
 */
public final class NoteSigner {
  private static final byte[] PKCS8_ED25519_PREFIX =
      HexFormat.of().parseHex("302e020100300506032b657004220420");

  private final String name;
  private final byte[] seed;
  private final PrivateKey key;
  private final NoteVerifierKey verifierKey;

  private NoteSigner(String name, byte[] seed) {
    NoteVerifierKey.checkName(name);
    if (seed.length != 32) {
      throw new IllegalArgumentException("note signer: expected a 32-byte Ed25519 seed");
    }
    this.name = name;
    this.seed = seed.clone();
    byte[] publicKey = new byte[32];
    Ed25519.generatePublicKey(seed, 0, publicKey, 0);
    int keyId = NoteVerifierKey.keyId(name, NoteVerifierKey.ED25519, publicKey);
    byte[] material = new byte[33];
    material[0] = NoteVerifierKey.ED25519;
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

  /** A new signer with a fresh random key. */
  public static NoteSigner generate(String name) {
    byte[] seed = new byte[32];
    new SecureRandom().nextBytes(seed);
    return new NoteSigner(name, seed);
  }

  /** The signer of {@code name} with the Ed25519 private key {@code seed} (32 bytes). */
  public static NoteSigner of(String name, byte[] seed) {
    return new NoteSigner(name, seed);
  }

  /**
   * A signer from the {@code PRIVATE+KEY+<name>+<key ID>+<base64(0x01 || seed)>} form of
   * golang.org/x/mod/sumdb/note.
   *
   * @throws InvalidNoteException ({@code MALFORMED}) if it is out of form or its key ID does not
   *     match
   */
  public static NoteSigner parse(String skey) {
    String[] parts = skey == null ? new String[0] : skey.split("\\+", 5);
    if (parts.length != 5 || !"PRIVATE".equals(parts[0]) || !"KEY".equals(parts[1])) {
      throw NoteVerifierKey.malformed("signer key: expected PRIVATE+KEY+name+keyid+base64");
    }
    byte[] material = NoteVerifierKey.canonicalBase64(parts[4], "signer key");
    if (material.length != 33 || material[0] != NoteVerifierKey.ED25519) {
      throw NoteVerifierKey.malformed("signer key: expected type 0x01 and a 32-byte seed");
    }
    NoteSigner signer = new NoteSigner(parts[2], Arrays.copyOfRange(material, 1, 33));
    if (!String.format("%08x", signer.verifierKey.keyId()).equals(parts[3])) {
      throw NoteVerifierKey.malformed("signer key: expected the key id of its public key");
    }
    return signer;
  }

  /**
   * The note of {@code text} with this key's signature line.
   *
   * @throws InvalidNoteException ({@code MALFORMED}) unless the text ends in a newline
   */
  public String sign(String text) {
    if (text == null || !text.endsWith("\n")) {
      throw NoteVerifierKey.malformed("signed note: expected text ending in a newline");
    }
    return text + "\n" + signatureLine(text);
  }

  /** This key's signature line for {@code text}: {@code — <name> <base64(key ID || sig)>\n}. */
  public String signatureLine(String text) {
    byte[] signature;
    try {
      Signature ed = Signature.getInstance("Ed25519");
      ed.initSign(key);
      ed.update(text.getBytes(StandardCharsets.UTF_8));
      signature = ed.sign();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("ed25519 signing failed", e);
    }
    int id = verifierKey.keyId();
    byte[] blob = new byte[4 + signature.length];
    blob[0] = (byte) (id >>> 24);
    blob[1] = (byte) (id >>> 16);
    blob[2] = (byte) (id >>> 8);
    blob[3] = (byte) id;
    System.arraycopy(signature, 0, blob, 4, signature.length);
    return "\u2014 " + name + " " + Base64.getEncoder().encodeToString(blob) + "\n";
  }

  /** The public key in verifier-key form. */
  public NoteVerifierKey verifierKey() {
    return verifierKey;
  }

  /** The private key in the {@code PRIVATE+KEY+...} form. Secret: store it like a password. */
  public String privateKey() {
    byte[] material = new byte[33];
    material[0] = NoteVerifierKey.ED25519;
    System.arraycopy(seed, 0, material, 1, 32);
    return "PRIVATE+KEY+"
        + name
        + "+"
        + String.format("%08x", verifierKey.keyId())
        + "+"
        + Base64.getEncoder().encodeToString(material);
  }

  @Override
  public String toString() {
    return "NoteSigner[" + name + "+" + String.format("%08x", verifierKey.keyId()) + "]";
  }
}
