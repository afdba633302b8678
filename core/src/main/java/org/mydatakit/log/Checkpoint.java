package org.mydatakit.log;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A C2SP tlog-checkpoint body: the log's origin line, the tree size (ASCII decimal, no leading
 * zeros), the base64 root hash (32 bytes), then optional non-empty extension lines. It is the text
 * of a {@link SignedNote} signed by the log's key.
 *
 * <pre>{@code
 * Checkpoint checkpoint = Checkpoint.parse(SignedNote.open(message, List.of(logKey)).text());
 * boolean included = MerkleTree.verifyInclusion(index, checkpoint.size(), leaf, proof,
 *     checkpoint.root());
 * }</pre>
 *
 * <p>Immutable.
 */
public final class Checkpoint {
  private final String origin;
  private final long size;
  private final byte[] root;
  private final List<String> extensions;

  private Checkpoint(String origin, long size, byte[] root, List<String> extensions) {
    this.origin = origin;
    this.size = size;
    this.root = root;
    this.extensions = List.copyOf(extensions);
  }

  /** A checkpoint of {@code origin} at {@code size} leaves with {@code root}. */
  public static Checkpoint of(String origin, long size, byte[] root) {
    if (origin == null || origin.isEmpty() || origin.indexOf('\n') >= 0) {
      throw new IllegalArgumentException("checkpoint origin: expected one non-empty line");
    }
    if (size < 0) {
      throw new IllegalArgumentException("checkpoint size: expected 0 to 2^63-1");
    }
    if (root == null || root.length != MerkleTree.HASH_LENGTH) {
      throw new IllegalArgumentException("checkpoint root: expected 32 bytes");
    }
    return new Checkpoint(origin, size, root.clone(), List.of());
  }

  /**
   * Parses a checkpoint body.
   *
   * @throws InvalidNoteException ({@code MALFORMED}) naming the line that is out of form
   */
  public static Checkpoint parse(String text) {
    if (text == null || !text.endsWith("\n")) {
      throw NoteVerifierKey.malformed("checkpoint: expected text ending in a newline");
    }
    String[] lines = text.substring(0, text.length() - 1).split("\n", -1);
    if (lines.length < 3) {
      throw NoteVerifierKey.malformed("checkpoint: expected origin, tree size and root lines");
    }
    if (lines[0].isEmpty()) {
      throw NoteVerifierKey.malformed("checkpoint: expected a non-empty origin line");
    }
    if (!lines[1].matches("0|[1-9][0-9]{0,18}")) {
      throw NoteVerifierKey.malformed(
          "checkpoint: expected a decimal tree size without leading zeros");
    }
    long size;
    try {
      size = Long.parseLong(lines[1]);
    } catch (NumberFormatException e) {
      throw NoteVerifierKey.malformed("checkpoint: expected a tree size below 2^63");
    }
    byte[] root = NoteVerifierKey.canonicalBase64(lines[2], "checkpoint root");
    if (root.length != MerkleTree.HASH_LENGTH) {
      throw NoteVerifierKey.malformed("checkpoint root: expected 32 bytes");
    }
    List<String> extensions = Arrays.asList(lines).subList(3, lines.length);
    if (extensions.stream().anyMatch(String::isEmpty)) {
      throw NoteVerifierKey.malformed("checkpoint: expected non-empty extension lines");
    }
    return new Checkpoint(lines[0], size, root, extensions);
  }

  /** The body as signed: origin, size, base64 root, extension lines, each ending in a newline. */
  public String text() {
    StringBuilder b = new StringBuilder();
    b.append(origin).append('\n').append(size).append('\n');
    b.append(java.util.Base64.getEncoder().encodeToString(root)).append('\n');
    extensions.forEach(e -> b.append(e).append('\n'));
    return b.toString();
  }

  public String origin() {
    return origin;
  }

  /** The tree size. */
  public long size() {
    return size;
  }

  /** The root hash (a copy). */
  public byte[] root() {
    return root.clone();
  }

  public List<String> extensions() {
    return extensions;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Checkpoint c
        && origin.equals(c.origin)
        && size == c.size
        && Arrays.equals(root, c.root)
        && extensions.equals(c.extensions);
  }

  @Override
  public int hashCode() {
    return Objects.hash(origin, size, Arrays.hashCode(root), extensions);
  }

  @Override
  public String toString() {
    return "Checkpoint[" + origin + ", size=" + size + "]";
  }
}
