package org.mydatakit.log;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

/**
 * A C2SP signed-note verifier key, {@code <name>+<key ID>+<base64(type || public key)>}, of type
 * 0x01 (Ed25519): the form in which a log's or a witness's public key is published and given to the
 * CLI. The key ID must be the first four bytes of SHA-256(name || 0x0A || type || key).
 *
 * <pre>{@code
 * NoteVerifierKey logKey =
 *     NoteVerifierKey.parse("example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k");
 * }</pre>
 *
 * <p>Immutable; {@link #toString()} is the verifier key itself (public data).
 */
public final class NoteVerifierKey {
  static final byte ED25519 = 0x01;
  static final byte COSIGNATURE = 0x04;
  private static final byte[] X509_ED25519_PREFIX =
      HexFormat.of().parseHex("302a300506032b6570032100");

  private final String name;
  private final int keyId;
  private final byte type;
  private final byte[] publicKey;
  private final PublicKey key;
  private final String text;

  private NoteVerifierKey(
      String name, int keyId, byte type, byte[] publicKey, PublicKey key, String text) {
    this.name = name;
    this.keyId = keyId;
    this.type = type;
    this.publicKey = publicKey;
    this.key = key;
    this.text = text;
  }

  /**
   * Parses a verifier key.
   *
   * @throws InvalidNoteException ({@code MALFORMED}) naming what is wrong: the form, the name, the
   *     base64, the type (only Ed25519, 0x01), the key length or a key ID that does not match
   */
  public static NoteVerifierKey parse(String vkey) {
    if (vkey == null) {
      throw malformed("verifier key: expected name+keyid+base64, got nothing");
    }
    int first = vkey.indexOf('+');
    int second = first < 0 ? -1 : vkey.indexOf('+', first + 1);
    if (first <= 0 || second < 0) {
      throw malformed("verifier key: expected name+keyid+base64");
    }
    String name = vkey.substring(0, first);
    String hash = vkey.substring(first + 1, second);
    checkName(name);
    if (!hash.matches("[0-9a-f]{8}")) {
      throw malformed("verifier key: expected an 8-digit lower-case hex key id");
    }
    byte[] material = canonicalBase64(vkey.substring(second + 1), "verifier key");
    if (material.length == 0 || (material[0] != ED25519 && material[0] != COSIGNATURE)) {
      throw malformed("verifier key: expected signature type 0x01 (Ed25519) or 0x04 (cosignature)");
    }
    if (material.length != 33) {
      throw malformed("verifier key: expected a 32-byte Ed25519 public key");
    }
    byte type = material[0];
    byte[] publicKey = Arrays.copyOfRange(material, 1, 33);
    int keyId = keyId(name, type, publicKey);
    if (keyId != Integer.parseUnsignedInt(hash, 16)) {
      throw malformed("verifier key: expected the key id SHA-256(name||0x0a||type||key)[:4]");
    }
    return new NoteVerifierKey(name, keyId, type, publicKey, ed25519(publicKey), vkey);
  }

  /** The key ID rule: the first four bytes of SHA-256(name || 0x0A || type || key), big-endian. */
  static int keyId(String name, byte type, byte[] publicKey) {
    MessageDigest sha = sha256();
    sha.update(name.getBytes(StandardCharsets.UTF_8));
    sha.update((byte) '\n');
    sha.update(type);
    sha.update(publicKey);
    byte[] h = sha.digest();
    return ((h[0] & 0xff) << 24) | ((h[1] & 0xff) << 16) | ((h[2] & 0xff) << 8) | (h[3] & 0xff);
  }

  /** A key name: non-empty, no whitespace, no '+'. */
  static void checkName(String name) {
    if (name.isEmpty()
        || name.indexOf('+') >= 0
        || name.codePoints().anyMatch(c -> Character.isWhitespace(c) || Character.isSpaceChar(c))
        || name.codePoints().anyMatch(Character::isISOControl)) {
      throw malformed("key name: expected a non-empty name without spaces or '+'");
    }
  }

  static byte[] canonicalBase64(String text, String what) {
    byte[] bytes;
    try {
      bytes = Base64.getDecoder().decode(text);
    } catch (IllegalArgumentException e) {
      throw malformed(what + ": expected standard base64");
    }
    if (!Base64.getEncoder().encodeToString(bytes).equals(text)) {
      throw malformed(what + ": expected canonical base64");
    }
    return bytes;
  }

  private static PublicKey ed25519(byte[] raw) {
    byte[] der = Arrays.copyOf(X509_ED25519_PREFIX, X509_ED25519_PREFIX.length + raw.length);
    System.arraycopy(raw, 0, der, X509_ED25519_PREFIX.length, raw.length);
    try {
      return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(der));
    } catch (GeneralSecurityException e) {
      throw malformed("verifier key: expected a valid Ed25519 public key");
    }
  }

  /** Whether this is a witness's cosignature key (type 0x04) rather than a log's (0x01). */
  public boolean isCosignatureKey() {
    return type == COSIGNATURE;
  }

  /**
   * Whether {@code signature} (the bytes after the key ID) is this key's signature of the note text
   * {@code message}: Ed25519 over the text for a log key; for a cosignature key, an 8-byte
   * big-endian timestamp then Ed25519 over {@code "cosignature/v1\ntime <t>\n" || text}.
   */
  boolean verifies(byte[] message, byte[] signature) {
    if (type == COSIGNATURE) {
      if (signature.length != 8 + 64) {
        return false;
      }
      long time = java.nio.ByteBuffer.wrap(signature, 0, 8).getLong();
      if (time < 0) {
        return false;
      }
      byte[] header = ("cosignature/v1\ntime " + time + "\n").getBytes(StandardCharsets.US_ASCII);
      byte[] signed = Arrays.copyOf(header, header.length + message.length);
      System.arraycopy(message, 0, signed, header.length, message.length);
      return ed25519Verifies(signed, Arrays.copyOfRange(signature, 8, signature.length));
    }
    return ed25519Verifies(message, signature);
  }

  private boolean ed25519Verifies(byte[] message, byte[] signature) {
    if (signature.length != 64) {
      return false; // exactly R || S: a byte more or less is another signature, never this one
    }
    try {
      Signature ed = Signature.getInstance("Ed25519");
      ed.initVerify(key);
      ed.update(message);
      return ed.verify(signature);
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  public String name() {
    return name;
  }

  /** The key ID, as an unsigned 32-bit value in an int. */
  public int keyId() {
    return keyId;
  }

  /** The 32-byte public key (a copy). */
  public byte[] publicKey() {
    return publicKey.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof NoteVerifierKey k && text.equals(k.text);
  }

  @Override
  public int hashCode() {
    return text.hashCode();
  }

  @Override
  public String toString() {
    return text;
  }

  static InvalidNoteException malformed(String message) {
    return new InvalidNoteException(InvalidNoteException.Reason.MALFORMED, message);
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("sha-256 unavailable", e);
    }
  }
}
