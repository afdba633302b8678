package org.mydatakit.audit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.mydatakit.internal.Checks;

/**
 * Exports and imports an audit chain as JSON lines: one compact object per entry, in the canonical
 * member order followed by the hash.
 *
 * <pre>{@code
 * {"seq":1,"at":"2026-01-01T00:00:00Z","type":"APPROVED","consent":"019b76d1-…","actor":"citizen","details":{},"prev":"000…0","hash":"3f2a…"}
 * }</pre>
 *
 * <pre>{@code
 * try (Writer out = Files.newBufferedWriter(path)) {
 *   AuditJson.write(entries, out);
 * }
 * try (BufferedReader in = Files.newBufferedReader(path);
 *     Stream<AuditEntry> entries = AuditJson.read(in)) {
 *   AuditVerification result = AuditChain.verify(entries::iterator);
 * }
 * }</pre>
 *
 * <p>Reading is strict: unknown or missing fields, duplicate keys, anything after the object, a
 * number where a string belongs (or the reverse), a non-canonical instant and a malformed hash are
 * rejected with an {@link IllegalArgumentException} naming the field and, when known, the line's
 * sequence; never a value. Reading does not check hashes: {@link AuditChain} does. Thread-safe.
 */
public final class AuditJson {
  private AuditJson() {}

  /** The entry as one line of compact JSON, without a line break. */
  public static String line(AuditEntry entry) {
    Checks.notNull("entry", entry);
    String canonical =
        new String(
            AuditEntry.canonical(entry.sequence(), entry.event(), entry.previousHash()),
            StandardCharsets.UTF_8);
    return canonical.substring(0, canonical.length() - 1) + ",\"hash\":\"" + entry.hash() + "\"}";
  }

  /**
   * Parses one line as written by {@link #line(AuditEntry)}.
   *
   * @throws IllegalArgumentException naming the field and the sequence, if known
   */
  public static AuditEntry parseLine(String line) {
    return AuditLines.parse(line);
  }

  /** Writes each entry as a line ending in {@code \n}; does not close {@code out}. */
  public static void write(Iterable<AuditEntry> entries, Writer out) throws IOException {
    Checks.notNull("out", out);
    for (AuditEntry entry : Checks.notNull("entries", entries)) {
      out.write(line(entry));
      out.write('\n');
    }
    out.flush();
  }

  /**
   * The entries of {@code in}, parsed lazily one line at a time, so that a chain of any length is
   * read in constant memory. A line that cannot be parsed throws {@link IllegalArgumentException}
   * when the stream reaches it; an i/o error throws {@link java.io.UncheckedIOException}.
   */
  public static Stream<AuditEntry> read(BufferedReader in) {
    return Checks.notNull("in", in).lines().map(AuditLines::parse);
  }
}
