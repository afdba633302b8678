package org.mydatakit.log;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * A witness's cosigning key (C2SP tlog-cosignature, type 0x04, timestamped Ed25519): it signs
 * {@code cosignature/v1\ntime <t>\n} followed by a checkpoint's text. {@link Witness} uses it after
 * checking that the log neither forked nor shrank.
 *
 * <pre>{@code
 * NoteCosigner key = NoteCosigner.generate("witness.nts.example");
 * String vkey = key.verifierKey().toString();   // the type-0x04 key proof verifiers are given
 * String skey = key.privateKey();                // keep it secret; NoteCosigner.parse(skey) again
 * }</pre>
 *
 * <p>Thread-safe. {@link #toString()} never shows the private key.
 */
public final class NoteCosigner {
  private final String name;
  private final Ed25519Seed key;
  private final NoteVerifierKey verifierKey;

  private NoteCosigner(String name, byte[] seed) {
    this.name = name;
    this.key = new Ed25519Seed(seed);
    this.verifierKey = key.verifierKey(name, NoteVerifierKey.COSIGNATURE);
  }

  /** A new cosigner with a fresh random key. */
  public static NoteCosigner generate(String name) {
    return new NoteCosigner(name, Ed25519Seed.random());
  }

  /** The cosigner {@code name} with the Ed25519 private key {@code seed} (32 bytes). */
  public static NoteCosigner of(String name, byte[] seed) {
    return new NoteCosigner(name, seed);
  }

  /**
   * A cosigner from the {@code PRIVATE+KEY+<name>+<key ID>+<base64(0x04 || seed)>} form that {@link
   * #privateKey()} writes (the form of golang.org/x/mod/sumdb/note, with the cosignature type).
   *
   * @throws InvalidNoteException ({@code MALFORMED}) if it is out of form or its key ID does not
   *     match; the message never quotes the key
   */
  public static NoteCosigner parse(String skey) {
    Ed25519Seed.PrivateForm form =
        Ed25519Seed.parsePrivate(skey, NoteVerifierKey.COSIGNATURE, "cosigner key");
    NoteCosigner cosigner = new NoteCosigner(form.name(), form.seed());
    if (!String.format("%08x", cosigner.verifierKey.keyId()).equals(form.keyId())) {
      throw NoteVerifierKey.malformed("cosigner key: expected the key id of its public key");
    }
    return cosigner;
  }

  /** The cosignature line for the checkpoint {@code text} at {@code timestamp} (Unix seconds). */
  public String cosignatureLine(String text, long timestamp) {
    if (timestamp < 0) {
      throw new IllegalArgumentException("cosignature time: expected Unix seconds >= 0");
    }
    byte[] signature =
        key.sign(
            ("cosignature/v1\ntime " + timestamp + "\n").getBytes(StandardCharsets.US_ASCII),
            text.getBytes(StandardCharsets.UTF_8));
    ByteBuffer blob = ByteBuffer.allocate(4 + 8 + signature.length);
    blob.putInt(verifierKey.keyId()).putLong(timestamp).put(signature);
    return "\u2014 " + name + " " + Base64.getEncoder().encodeToString(blob.array()) + "\n";
  }

  /** The public key in verifier-key form (type 0x04). */
  public NoteVerifierKey verifierKey() {
    return verifierKey;
  }

  /**
   * The private key in the {@code PRIVATE+KEY+<name>+<key ID>+<base64(0x04 || seed)>} form that
   * {@link #parse} reads. Secret: store it like a password.
   */
  public String privateKey() {
    byte[] material = new byte[33];
    material[0] = NoteVerifierKey.COSIGNATURE;
    System.arraycopy(key.seed(), 0, material, 1, 32);
    return "PRIVATE+KEY+"
        + name
        + "+"
        + String.format("%08x", verifierKey.keyId())
        + "+"
        + Base64.getEncoder().encodeToString(material);
  }

  @Override
  public String toString() {
    return "NoteCosigner[" + name + "+" + String.format("%08x", verifierKey.keyId()) + "]";
  }
}
