package org.mydatakit.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.LongConsumer;
import java.util.stream.Stream;
import org.mydatakit.audit.AuditChain;
import org.mydatakit.audit.AuditCheckpoint;
import org.mydatakit.audit.AuditEntry;
import org.mydatakit.audit.AuditJson;
import org.mydatakit.audit.AuditLogCheck;
import org.mydatakit.audit.AuditVerification;
import org.mydatakit.broker.ConsentStore;
import org.mydatakit.log.NoteVerifierKey;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code mydatakit audit verify}: checks a JSON-lines audit export in one streaming pass. */
@Command(
    name = "verify",
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    description = {
      "Verify a JSON-lines audit export (FILE) or a broker's store (--store URL) in one"
          + " streaming pass.",
      "Reads one entry per line (as AuditJson writes them) in constant memory and prints:",
      "  OK <n> entries",
      "  BROKEN at <sequence>: <why>",
      "Exit 0 if intact, 3 if broken or a checkpoint is invalid, 2 for a usage error.",
      "A chain alone cannot show that entries were cut off at its end or rewritten with"
          + " recomputed hashes. With --store and --log-key the log's Merkle tree is checked too:"
          + " every checkpoint the store keeps must verify with the log key (none is skipped),"
          + " the tree must have its root at its size, and the log must reach the largest one and"
          + " every --published checkpoint (a witness's or a citizen's copy)."
    })
final class AuditVerifyCommand implements Callable<Integer> {
  @Spec private CommandSpec spec;

  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "FILE",
      description = "The JSON-lines audit export to verify; give it or --store URL.")
  private Path file;

  @Mixin private StoreOption store;

  @Mixin private AuditCheckpointOptions checkpointOptions;

  @Option(
      names = "--log-key",
      paramLabel = "VKEY",
      description =
          "With --store: the log's public key (name+keyid+base64); repeat for retired log keys.")
  private List<String> logKeys = new ArrayList<>();

  @Option(
      names = "--origin",
      paramLabel = "ORIGIN",
      description = "The log's origin line (default: the first --log-key's name).")
  private String origin;

  @Option(
      names = "--published",
      paramLabel = "NOTE_FILE",
      description =
          "With --log-key: a signed checkpoint from outside the store (a witness's last cosigned"
              + " note); the log must reach it with the same root. Repeatable.")
  private List<Path> published = new ArrayList<>();

  @Override
  public Integer call() {
    Inputs inputs = new Inputs(spec);
    PrintWriter out = spec.commandLine().getOut();
    if ((file == null) == (store.url == null)) {
      throw inputs.error("expected either FILE or --store URL");
    }
    if (file != null && !logKeys.isEmpty()) {
      throw inputs.error(
          "--log-key: the tree needs the entries' salts, which an export does not carry; use"
              + " --store URL");
    }
    if (logKeys.isEmpty() && (!published.isEmpty() || origin != null)) {
      throw inputs.error("--published and --origin: expected --log-key too");
    }
    List<AuditCheckpoint> checkpoints = checkpointOptions.verify(inputs, out);
    if (checkpoints == null) {
      return Main.REJECTED;
    }
    if (file == null) {
      return verifyStore(inputs, out, checkpoints);
    }
    ProgressBar.CountingInputStream counting;
    long size;
    try {
      if (!Files.isRegularFile(file)) {
        throw new IOException("not a regular file");
      }
      size = Files.size(file);
      counting = new ProgressBar.CountingInputStream(Files.newInputStream(file));
    } catch (IOException e) {
      throw inputs.error("expected FILE to be a readable audit export, cannot read " + file);
    }
    ProgressBar bar = new ProgressBar(spec.commandLine().getErr(), size, counting);
    LongConsumer progress = System.console() != null ? bar : n -> {};
    long[] read = {0};
    // malformed UTF-8 decodes to U+FFFD, which no field of an entry allows: that line is unreadable
    AuditVerification result;
    try (BufferedReader reader =
            new BufferedReader(new InputStreamReader(counting, StandardCharsets.UTF_8));
        Stream<AuditEntry> entries = AuditJson.read(reader)) {
      result = AuditChain.verify(counting(entries.iterator(), read), checkpoints, progress);
    } catch (IllegalArgumentException e) {
      bar.clear();
      spec.commandLine().getErr().println("mydatakit: " + e.getMessage());
      return broken(out, read[0] + 1, "unreadable entry");
    } catch (UncheckedIOException e) {
      bar.clear();
      throw new CliFailure(
          "cannot read " + file + ": " + e.getCause().getClass().getSimpleName(), e);
    } catch (IOException e) {
      throw new CliFailure("cannot close " + file + ": " + e.getClass().getSimpleName(), e);
    }
    bar.clear();
    if (!result.intact()) {
      return broken(out, result.firstBrokenSequence().getAsLong(), result.why());
    }
    out.println("OK " + result.entries() + " entries");
    return Main.OK;
  }

  private int verifyStore(Inputs inputs, PrintWriter out, List<AuditCheckpoint> checkpoints) {
    AuditVerification result;
    AuditLogCheck tree = logKeys.isEmpty() ? null : treeCheck(inputs, checkpoints);
    try {
      ConsentStore opened = store.open(inputs);
      result =
          tree == null
              ? AuditChain.verify(opened.auditLog(), checkpoints)
              : tree.storedRoot(size -> LogNotes.storedRoot(opened, size))
                  .verify(opened.loggedEntries(), opened.logCheckpoints());
    } catch (org.mydatakit.broker.ConsentStoreException e) {
      throw new CliFailure("cannot read the store: " + e.getMessage(), e);
    }
    if (!result.intact()) {
      return broken(out, result.firstBrokenSequence().getAsLong(), result.why());
    }
    out.println("OK " + result.entries() + " entries");
    return Main.OK;
  }

  private AuditLogCheck treeCheck(Inputs inputs, List<AuditCheckpoint> checkpoints) {
    List<NoteVerifierKey> keys = new ArrayList<>();
    for (String vkey : logKeys) {
      keys.add(LogNotes.logKey(inputs, "--log-key", vkey));
    }
    AuditLogCheck check =
        AuditLogCheck.of(keys, origin != null ? origin : keys.get(0).name())
            .chainCheckpoints(checkpoints);
    for (Path note : published) {
      try {
        check.published(Files.readString(note, StandardCharsets.UTF_8));
      } catch (IOException | UncheckedIOException e) {
        throw inputs.error(
            "--published: expected a readable signed checkpoint, cannot read " + note);
      }
    }
    return check;
  }

  /** The entries of {@code it}, counting in {@code read} those handed out. */
  private static Iterable<AuditEntry> counting(Iterator<AuditEntry> it, long[] read) {
    return () ->
        new Iterator<>() {
          @Override
          public boolean hasNext() {
            return it.hasNext(); // parses the next line: an unreadable one throws here
          }

          @Override
          public AuditEntry next() {
            AuditEntry entry = it.next();
            read[0]++;
            return entry;
          }
        };
  }

  private static int broken(PrintWriter out, long sequence, String why) {
    out.println("BROKEN at " + sequence + ": " + why);
    return Main.REJECTED;
  }
}
