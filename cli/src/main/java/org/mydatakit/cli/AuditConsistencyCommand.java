package org.mydatakit.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.List;
import java.util.concurrent.Callable;
import org.mydatakit.log.Checkpoint;
import org.mydatakit.log.InvalidNoteException;
import org.mydatakit.log.MerkleTree;
import org.mydatakit.log.NoteVerifierKey;
import org.mydatakit.log.SignedNote;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code mydatakit audit consistency OLD NEW}: whether a later checkpoint extends an earlier. */
@Command(
    name = "consistency",
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    description = {
      "Check that the log of a later signed checkpoint (NEW) extends that of an earlier one"
          + " (OLD): append-only, no entry cut off, rewritten or reordered.",
      "Both notes must be signed by --log-key and name the same log. Of one size, they must have"
          + " one root; a NEW of fewer entries means the log shrank; otherwise the consistency"
          + " proof (RFC 9162), from --proof FILE (one base64 hash a line) or fetched from the"
          + " log at --log URL, must lead from OLD's root to NEW's.",
      "Prints OK consistent: ..., or INVALID: <reason> (LOG_SHRANK, LOG_FORKED, INCONSISTENT,"
          + " BAD_SIGNATURE, ...).",
      "Exit 0 when consistent, 3 when not, 2 for unreadable input, an unreachable log or a usage"
          + " error."
    })
final class AuditConsistencyCommand implements Callable<Integer> {
  @Spec private CommandSpec spec;

  @Parameters(
      index = "0",
      paramLabel = "OLD",
      description = "The file holding the earlier signed checkpoint.")
  private Path oldFile;

  @Parameters(
      index = "1",
      paramLabel = "NEW",
      description = "The file holding the later signed checkpoint.")
  private Path newFile;

  @Option(
      names = "--log-key",
      required = true,
      paramLabel = "VKEY",
      description = "The log's public key, name+keyid+base64.")
  private String logKey;

  @Option(
      names = "--proof",
      paramLabel = "FILE",
      description = "The consistency proof from OLD's size to NEW's, one base64 hash a line.")
  private Path proofFile;

  @Option(
      names = "--log",
      paramLabel = "URL",
      description =
          "The log's base URL, to fetch the consistency proof from (URL/log/consistency).")
  private String logUrl;

  @Override
  public Integer call() {
    Inputs inputs = new Inputs(spec);
    PrintWriter out = spec.commandLine().getOut();
    if (proofFile != null && logUrl != null) {
      throw inputs.error("expected either --proof FILE or --log URL, not both");
    }
    NoteVerifierKey key = LogNotes.logKey(inputs, "--log-key", logKey);
    LogClient log = logUrl == null ? null : inputs.parse("--log", () -> LogClient.of(logUrl));
    String oldNote = inputs.read("OLD", "signed checkpoint", oldFile);
    String newNote = inputs.read("NEW", "signed checkpoint", newFile);
    Checkpoint older;
    Checkpoint newer;
    try {
      older = open(inputs, "OLD", oldNote, key);
      newer = open(inputs, "NEW", newNote, key);
    } catch (Unsigned e) {
      return invalid(out, e.reason, e.getMessage());
    }
    if (!older.origin().equals(newer.origin())) {
      return invalid(out, "ORIGIN_MISMATCH", "OLD and NEW are checkpoints of two logs, not of one");
    }
    if (newer.size() < older.size()) {
      return invalid(
          out,
          "LOG_SHRANK",
          "log shrank: NEW shows " + newer.size() + " entries, OLD " + older.size());
    }
    if (newer.size() == older.size()) {
      if (!MessageDigest.isEqual(older.root(), newer.root())) {
        return invalid(
            out,
            "LOG_FORKED",
            "log forked: two checkpoints of size " + newer.size() + " with different roots");
      }
      out.println(
          "OK consistent: " + newer.origin() + " at tree size " + newer.size() + " in both");
      return Main.OK;
    }
    if (older.size() > 0) {
      if (proofFile == null && log == null) {
        throw inputs.error(
            "expected --proof FILE or --log URL: the checkpoints' sizes differ, and only a"
                + " consistency proof shows that NEW extends OLD");
      }
      List<byte[]> proof;
      if (proofFile != null) {
        String text = inputs.read("--proof", "consistency proof", proofFile);
        proof = inputs.parse("--proof", () -> LogNotes.proofLines(text));
      } else {
        String text;
        try {
          text = log.consistency(older.size(), newer.size());
        } catch (LogClient.Unreachable e) {
          spec.commandLine().getErr().println("mydatakit: " + e.getMessage());
          return Main.USAGE;
        }
        try {
          proof = LogNotes.proofLines(text);
        } catch (IllegalArgumentException e) {
          return invalid(out, "INCONSISTENT", "the log's consistency proof is unreadable");
        }
      }
      if (!MerkleTree.verifyConsistency(
          older.size(), newer.size(), older.root(), newer.root(), proof)) {
        return invalid(
            out,
            "INCONSISTENT",
            "the consistency proof does not show the tree of size "
                + older.size()
                + " as a prefix of the tree of size "
                + newer.size());
      }
    }
    out.println(
        "OK consistent: "
            + newer.origin()
            + " at tree size "
            + older.size()
            + " is a prefix of tree size "
            + newer.size());
    return Main.OK;
  }

  /** A note that is not signed by the log's key, named OLD or NEW in the message. */
  private static final class Unsigned extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final String reason;

    Unsigned(String reason, String message) {
      super(message, null, false, false);
      this.reason = reason;
    }
  }

  /**
   * The checkpoint of a note signed by {@code key}; a note out of form is a usage error.
   *
   * @throws Unsigned when the log's signature is missing or does not verify
   */
  private static Checkpoint open(Inputs inputs, String name, String note, NoteVerifierKey key) {
    try {
      return Checkpoint.parse(SignedNote.open(note, List.of(key)).text());
    } catch (InvalidNoteException e) {
      if (e.reason() == InvalidNoteException.Reason.MALFORMED) {
        throw inputs.error(name + ": " + e.getMessage());
      }
      throw new Unsigned(e.reason().name(), name + ": " + e.getMessage());
    }
  }

  private static int invalid(PrintWriter out, String reason, String why) {
    out.println("INVALID: " + reason + " (" + why + ")");
    return Main.REJECTED;
  }
}
