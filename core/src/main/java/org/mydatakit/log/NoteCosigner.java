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

  @Override
  public String toString() {
    return "NoteCosigner[" + name + "+" + String.format("%08x", verifierKey.keyId()) + "]";
  }
}
