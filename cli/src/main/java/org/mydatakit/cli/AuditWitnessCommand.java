package org.mydatakit.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.Callable;
import org.mydatakit.log.Checkpoint;
import org.mydatakit.log.InvalidNoteException;
import org.mydatakit.log.NoteCosigner;
import org.mydatakit.log.NoteVerifierKey;
import org.mydatakit.log.SignedNote;
import org.mydatakit.log.Witness;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code mydatakit audit witness}: cosigns a log's checkpoint if the log only grew. */
@Command(
    name = "witness",
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    description = {
      "Witness a broker's log: cosign its current checkpoint if it extends the last one this"
          + " witness cosigned, and hand the cosignature back to the log.",
      "The log's key is --log-key, or the one pinned in the state DIR (log.vkey); a first run"
          + " without --log-key pins the key URL/log/key serves (trust on first use: compare it"
          + " with the broker's published key). A key other than the pinned one is refused.",
      "Fetches URL/log/checkpoint, checks it is signed by the log's key and names the log, and that"
          + " the log neither shrank, forked nor rewrote its past (a consistency proof from"
          + " URL/log/consistency); then keeps the checkpoint in the state DIR and posts the"
          + " cosignature to URL/log/cosignature. Run it on a schedule.",
      "Prints cosigned <origin> size <n>, or REFUSED: <reason> (LOG_SHRANK, LOG_FORKED,"
          + " INCONSISTENT, BAD_SIGNATURE, ...) and leaves the state as it was.",
      "Exit 0 when cosigned, 3 when refused, 2 for a usage error, unreadable state or key, a log"
          + " that could not be reached, or a cosignature the log did not take (kept in the"
          + " state all the same, and handed over again by the next run)."
    })
final class AuditWitnessCommand implements Callable<Integer> {
  /** The last checkpoint this witness cosigned, in the state directory. */
  static final String STATE_FILE = "last-cosigned.note";

  /** The log's key this witness pinned, in the state directory. */
  static final String KEY_FILE = "log.vkey";

  /** Held while a run reads and writes the state: two runs never cosign from one state. */
  static final String LOCK_FILE = "witness.lock";

  @Spec private CommandSpec spec;

  @Option(
      names = "--log",
      required = true,
      paramLabel = "URL",
      description = "The log's base URL, such as https://broker.example (serving /log/...).")
  private String logUrl;

  @Option(
      names = "--log-key",
      paramLabel = "VKEY",
      description =
          "The log's public key, name+keyid+base64 (default: the one pinned in DIR, or on a first"
              + " run the one the log serves).")
  private String logKey;

  @Option(
      names = "--state",
      required = true,
      paramLabel = "DIR",
      description = "The witness's state directory, created (mode 700) if missing.")
  private Path state;

  @Option(
      names = "--key",
      required = true,
      paramLabel = "FILE",
      description = "The witness's private key, as `audit witness-key` writes it.")
  private Path keyFile;

  @Option(
      names = "--origin",
      paramLabel = "ORIGIN",
      description = "The log's origin line, when it is not the log key's name.")
  private String origin;

  @Override
  public Integer call() {
    Inputs inputs = new Inputs(spec);
    NoteVerifierKey given = logKey == null ? null : LogNotes.logKey(inputs, "--log-key", logKey);
    LogClient log = inputs.parse("--log", () -> LogClient.of(logUrl));
    NoteCosigner cosigner = cosigner(inputs);
    if (Files.exists(state, LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(state)) {
      throw inputs.error("--state: expected a directory, got a file: " + state);
    }
    try {
      PrivateFiles.createDirectoriesWherePossible(state);
    } catch (IOException e) {
      throw inputs.error("--state: expected a directory that can be created, got " + state);
    }
    try (FileChannel channel = lockFile(state.resolve(LOCK_FILE));
        FileLock lock = channel.tryLock()) {
      if (lock == null) {
        spec.commandLine()
            .getErr()
            .println("mydatakit: another witness run holds " + state + ": try again later");
        return Main.USAGE;
      }
      NoteVerifierKey key = pinned(inputs, log, given);
      if (key == null) {
        return Main.USAGE;
      }
      return witness(inputs, log, key, cosigner, origin != null ? origin : key.name());
    } catch (IOException e) {
      throw new CliFailure(
          "cannot lock the state in " + state + ": " + e.getClass().getSimpleName(), e);
    }
  }

  private int witness(
      Inputs inputs,
      LogClient log,
      NoteVerifierKey key,
      NoteCosigner cosigner,
      String expectedOrigin) {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Path stateFile = state.resolve(STATE_FILE);
    Checkpoint last = last(inputs, stateFile, key, expectedOrigin);
    String note;
    try {
      note = log.checkpoint();
    } catch (LogClient.Unreachable e) {
      err.println("mydatakit: " + e.getMessage());
      return Main.USAGE;
    }
    Checkpoint next;
    try {
      next = Checkpoint.parse(SignedNote.open(note, List.of(key)).text());
    } catch (InvalidNoteException e) {
      return refused(out, e.reason().name(), e.getMessage(), last);
    }
    List<byte[]> proof = List.of();
    if (last != null && last.size() > 0 && next.size() > last.size()) {
      String text;
      try {
        text = log.consistency(last.size(), next.size());
      } catch (LogClient.Unreachable e) {
        err.println("mydatakit: " + e.getMessage());
        return Main.USAGE;
      }
      try {
        proof = LogNotes.proofLines(text);
      } catch (IllegalArgumentException e) {
        return refused(out, "INCONSISTENT", "the log's consistency proof is unreadable", last);
      }
    }
    String line;
    try {
      line = Witness.of(cosigner, key, expectedOrigin, last).cosign(note, proof);
    } catch (InvalidNoteException e) {
      return refused(out, e.reason().name(), e.getMessage(), last);
    }
    boolean carried = carries(note, key, cosigner);
    String cosigned = carried ? note : note + line;
    // kept before the cosignature leaves: a witness never forgets a checkpoint it may have signed
    try {
      PrivateFiles.replaceOwnerOnlyWherePossible(stateFile, cosigned);
    } catch (IOException e) {
      throw new CliFailure(
          "cannot keep the checkpoint in " + stateFile + ": " + e.getClass().getSimpleName(), e);
    }
    String what = next.origin() + " size " + next.size();
    if (!carried) {
      try {
        log.cosign(next.size(), line);
      } catch (LogClient.Unreachable e) {
        err.println(
            "mydatakit: cosigned "
                + what
                + " and kept it, but could not hand the cosignature to the log: "
                + e.getMessage()
                + "; the next run hands it again");
        return Main.USAGE;
      }
    }
    out.println(
        "cosigned " + what + (carried ? " (the log already carries this cosignature)" : ""));
    return Main.OK;
  }

  /**
   * The log's key: {@code given}, or the one pinned in the state, or (first run) the one the log
   * serves, pinned from now on. Null (after a message) if the log cannot be reached.
   */
  private NoteVerifierKey pinned(Inputs inputs, LogClient log, NoteVerifierKey given)
      throws IOException {
    Path file = state.resolve(KEY_FILE);
    NoteVerifierKey pinned = null;
    if (Files.exists(file)) {
      pinned = LogNotes.logKey(inputs, "--state " + file, Files.readString(file));
    }
    if (given != null && pinned != null && !given.toString().equals(pinned.toString())) {
      throw inputs.error(
          "--log-key: the state pins another log key ("
              + pinned
              + "); a witness follows one log key — remove "
              + file
              + " only if the broker rotated its key");
    }
    NoteVerifierKey key = given != null ? given : pinned;
    if (key == null) {
      String served;
      try {
        served = log.key();
      } catch (LogClient.Unreachable e) {
        spec.commandLine().getErr().println("mydatakit: " + e.getMessage());
        return null;
      }
      key = LogNotes.logKey(inputs, "the log's key at " + log.url("/log/key"), served);
      spec.commandLine()
          .getErr()
          .println(
              "mydatakit: pinned the log key "
                  + key
                  + " as the log serves it (first use): compare it with the broker's published"
                  + " key");
    }
    if (pinned == null) {
      PrivateFiles.replaceOwnerOnlyWherePossible(file, key + "\n");
    }
    return key;
  }

  /** The witness's key from {@code --key}; a usage error saying how to make one if missing. */
  private NoteCosigner cosigner(Inputs inputs) {
    String text;
    try {
      text = Files.readString(keyFile);
    } catch (NoSuchFileException e) {
      throw inputs.error(
          "--key: "
              + keyFile
              + " does not exist: create a witness key with `mydatakit audit witness-key --name"
              + " NAME --out "
              + keyFile
              + "` and give the broker the verifier key it prints");
    } catch (IOException e) {
      throw inputs.error("--key: expected a readable witness key file, cannot read " + keyFile);
    }
    try {
      return NoteCosigner.parse(text.strip());
    } catch (InvalidNoteException e) {
      throw inputs.error(
          "--key: expected a witness key as `audit witness-key` writes it ("
              + e.getMessage()
              + ")");
    }
  }

  /** The last checkpoint cosigned, from the state; null for a new witness. */
  private Checkpoint last(Inputs inputs, Path stateFile, NoteVerifierKey key, String expected) {
    String text;
    try {
      text = Files.readString(stateFile);
    } catch (NoSuchFileException e) {
      return null;
    } catch (IOException e) {
      throw inputs.error("--state: cannot read " + stateFile);
    }
    Checkpoint last;
    try {
      last = Checkpoint.parse(SignedNote.open(text, List.of(key)).text());
    } catch (InvalidNoteException e) {
      throw inputs.error(
          "--state: expected "
              + stateFile
              + " to hold a checkpoint signed by --log-key ("
              + e.reason()
              + ": "
              + e.getMessage()
              + ")");
    }
    if (!last.origin().equals(expected)) {
      throw inputs.error(
          "--state: " + stateFile + " holds a checkpoint of another log than " + expected);
    }
    return last;
  }

  /** Whether {@code note} already carries a verified cosignature of {@code cosigner}. */
  private static boolean carries(String note, NoteVerifierKey key, NoteCosigner cosigner) {
    NoteVerifierKey mine = cosigner.verifierKey();
    try {
      return SignedNote.open(note, List.of(key, mine)).verified().stream()
          .anyMatch(s -> s.name().equals(mine.name()) && s.keyId() == mine.keyId());
    } catch (InvalidNoteException e) {
      return false;
    }
  }

  private static int refused(PrintWriter out, String reason, String why, Checkpoint last) {
    out.println(
        "REFUSED: "
            + reason
            + " ("
            + why
            + "); the witness stays at "
            + (last == null
                ? "no checkpoint (it has cosigned none)"
                : last.origin() + " size " + last.size()));
    return Main.REJECTED;
  }

  private static FileChannel lockFile(Path lock) throws IOException {
    try {
      return FileChannel.open(
          lock,
          java.util.Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE),
          PosixFilePermissions.asFileAttribute(PrivateFiles.OWNER_ONLY));
    } catch (UnsupportedOperationException e) {
      return FileChannel.open(lock, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    }
  }
}
