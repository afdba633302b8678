package org.mydatakit.log;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A C2SP signed note opened against known verifier keys: the text (ending in a newline), then a
 * blank line, then one or more signature lines {@code — <name> <base64(key ID || signature)>}.
 * Signatures of unknown keys are kept as unverified; a known key's signature must verify; at least
 * one must.
 *
 * <pre>{@code
 * SignedNote note = SignedNote.open(message, List.of(NoteVerifierKey.parse(logVkey)));
 * Checkpoint checkpoint = Checkpoint.parse(note.text());
 * }</pre>
 *
 * <p>At most 100 signature lines. Immutable; {@link #toString()} shows the signers' names only.
 */
public final class SignedNote {
  /** The most signature lines a note may carry. */
  public static final int MAX_SIGNATURES = 100;

  private static final String PREFIX = "\u2014 ";

  /** One signature line: the signer's name, key ID and signature bytes. */
  public record NoteSignature(String name, int keyId, byte[] signature) {
    public NoteSignature {
      signature = signature.clone();
    }

    @Override
    public byte[] signature() {
      return signature.clone();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof NoteSignature s
          && name.equals(s.name)
          && keyId == s.keyId
          && Arrays.equals(signature, s.signature);
    }

    @Override
    public int hashCode() {
      return Objects.hash(name, keyId, Arrays.hashCode(signature));
    }

    @Override
    public String toString() {
      return "NoteSignature[" + name + "]";
    }
  }

  private record KeyRef(String name, int keyId) {}

  private final String text;
  private final List<NoteSignature> verified;
  private final List<NoteSignature> unverified;

  private SignedNote(String text, List<NoteSignature> verified, List<NoteSignature> unverified) {
    this.text = text;
    this.verified = List.copyOf(verified);
    this.unverified = List.copyOf(unverified);
  }

  /** Opens {@code message} given as bytes, which must be valid UTF-8. */
  public static SignedNote open(byte[] message, Collection<NoteVerifierKey> known) {
    String decoded;
    try {
      decoded =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(Objects.requireNonNull(message, "note")))
              .toString();
    } catch (CharacterCodingException e) {
      throw NoteVerifierKey.malformed("signed note: expected valid UTF-8");
    }
    return open(decoded, known);
  }

  /**
   * Opens {@code message} against {@code known} keys.
   *
   * @throws InvalidNoteException {@code MALFORMED} for a note out of form, {@code BAD_SIGNATURE}
   *     when a known key's signature does not verify, {@code NO_VERIFIED_SIGNATURE} when no known
   *     key signed it, {@code AMBIGUOUS_KEY} when two different known keys share a name and key ID
   */
  public static SignedNote open(String message, Collection<NoteVerifierKey> known) {
    Map<KeyRef, NoteVerifierKey> keys = index(known);
    if (message == null || !message.endsWith("\n")) {
      throw NoteVerifierKey.malformed("signed note: expected text ending in a newline");
    }
    if (message.chars().anyMatch(c -> c != '\n' && (c < 0x20 || c == 0x7f))) {
      throw NoteVerifierKey.malformed("signed note: expected no control character but newline");
    }
    int split = message.lastIndexOf("\n\n");
    if (split < 0) {
      throw NoteVerifierKey.malformed("signed note: expected a blank line before the signatures");
    }
    String text = message.substring(0, split + 1);
    String[] lines = message.substring(split + 2).split("\n", -1);
    int count = lines.length - 1; // the message ends in a newline: the last piece is empty
    if (count < 1 || count > MAX_SIGNATURES) {
      throw NoteVerifierKey.malformed(
          "signed note: expected 1 to " + MAX_SIGNATURES + " signature lines");
    }
    byte[] signed = text.getBytes(StandardCharsets.UTF_8);
    Set<NoteSignature> verified = new LinkedHashSet<>();
    Set<NoteSignature> unverified = new LinkedHashSet<>();
    for (int i = 0; i < count; i++) {
      NoteSignature signature = parseLine(lines[i]);
      NoteVerifierKey key = keys.get(new KeyRef(signature.name(), signature.keyId()));
      if (key == null) {
        unverified.add(signature);
      } else if (key.verifies(signed, signature.signature())) {
        verified.add(signature);
      } else {
        throw new InvalidNoteException(
            InvalidNoteException.Reason.BAD_SIGNATURE,
            "signed note: the signature of " + signature.name() + " does not verify");
      }
    }
    if (verified.isEmpty()) {
      throw new InvalidNoteException(
          InvalidNoteException.Reason.NO_VERIFIED_SIGNATURE,
          "signed note: expected a signature of a known key");
    }
    return new SignedNote(text, new ArrayList<>(verified), new ArrayList<>(unverified));
  }

  private static NoteSignature parseLine(String line) {
    if (!line.startsWith(PREFIX)) {
      throw NoteVerifierKey.malformed("signed note: expected signature lines '\u2014 name base64'");
    }
    String rest = line.substring(PREFIX.length());
    int space = rest.lastIndexOf(' ');
    if (space <= 0) {
      throw NoteVerifierKey.malformed("signed note: expected '\u2014 name base64'");
    }
    String name = rest.substring(0, space);
    NoteVerifierKey.checkName(name);
    byte[] blob = NoteVerifierKey.canonicalBase64(rest.substring(space + 1), "note signature");
    if (blob.length < 5) {
      throw NoteVerifierKey.malformed("note signature: expected a key id and a signature");
    }
    int keyId =
        ((blob[0] & 0xff) << 24)
            | ((blob[1] & 0xff) << 16)
            | ((blob[2] & 0xff) << 8)
            | (blob[3] & 0xff);
    return new NoteSignature(name, keyId, Arrays.copyOfRange(blob, 4, blob.length));
  }

  private static Map<KeyRef, NoteVerifierKey> index(Collection<NoteVerifierKey> known) {
    Map<KeyRef, NoteVerifierKey> keys = new HashMap<>();
    for (NoteVerifierKey key : Objects.requireNonNull(known, "known keys")) {
      NoteVerifierKey previous = keys.putIfAbsent(new KeyRef(key.name(), key.keyId()), key);
      if (previous != null && !previous.equals(key)) {
        throw new InvalidNoteException(
            InvalidNoteException.Reason.AMBIGUOUS_KEY,
            "verifier keys: expected one key per name and key id, got two for " + key.name());
      }
    }
    return keys;
  }

  /** The signed text, ending in a newline. */
  public String text() {
    return text;
  }

  /** The signatures of known keys, each verified (each distinct signature once). */
  public List<NoteSignature> verified() {
    return verified;
  }

  /** The signatures of keys not given (each distinct signature once). */
  public List<NoteSignature> unverified() {
    return unverified;
  }

  @Override
  public String toString() {
    return "SignedNote[verified by " + verified.stream().map(NoteSignature::name).toList() + "]";
  }
}
