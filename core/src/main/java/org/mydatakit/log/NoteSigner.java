package org.mydatakit.log;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

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
  private final String name;
  private final Ed25519Seed key;
  private final NoteVerifierKey verifierKey;

  private NoteSigner(String name, byte[] seed) {
    this.name = name;
    this.key = new Ed25519Seed(seed);
    this.verifierKey = key.verifierKey(name, NoteVerifierKey.ED25519);
  }

  /** A new signer with a fresh random key. */
  public static NoteSigner generate(String name) {
    return new NoteSigner(name, Ed25519Seed.random());
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
    Ed25519Seed.PrivateForm form =
        Ed25519Seed.parsePrivate(skey, NoteVerifierKey.ED25519, "signer key");
    NoteSigner signer = new NoteSigner(form.name(), form.seed());
    if (!String.format("%08x", signer.verifierKey.keyId()).equals(form.keyId())) {
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
    byte[] signature = key.sign(text.getBytes(StandardCharsets.UTF_8));
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
    return "NoteSigner[" + name + "+" + String.format("%08x", verifierKey.keyId()) + "]";
  }
}
