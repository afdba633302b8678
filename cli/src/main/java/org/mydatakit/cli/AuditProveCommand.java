package org.mydatakit.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.mydatakit.audit.LoggedEntry;
import org.mydatakit.broker.ConsentStoreException;
import org.mydatakit.log.Checkpoint;
import org.mydatakit.log.InvalidNoteException;
import org.mydatakit.log.StoredTree;
import org.mydatakit.log.TlogProof;
import org.mydatakit.store.jdbc.JdbcConsentStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code mydatakit audit prove}: one entry's proof file, from a broker's store. */
@Command(
    name = "prove",
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    description = {
      "Write the proof file (C2SP tlog-proof) of one log entry, from a broker's store.",
      "The proof leads from the entry's salted leaf to the latest signed checkpoint the store"
          + " keeps; `audit verify-proof FILE --log-key VKEY` checks it offline.",
      "The file holds the entry and its salt: it is written owner-only, and is for the citizen"
          + " the entry is about or an authorised auditor. Nothing of it is printed.",
      "Exit 0 when written, 3 when there is no such entry or no kept checkpoint covers it, 2 for"
          + " a usage error."
    })
final class AuditProveCommand implements Callable<Integer> {
  @Spec private CommandSpec spec;

  @Mixin private StoreOption store;

  @Option(
      names = "--entry",
      required = true,
      paramLabel = "N",
      description = "The entry's sequence number in the log, from 1.")
  private long entry;

  @Option(
      names = "--out",
      required = true,
      paramLabel = "FILE",
      description = "The proof file to write (mode 600); an existing one is replaced.")
  private Path file;

  @Override
  public Integer call() {
    Inputs inputs = new Inputs(spec);
    if (store.url == null) {
      throw inputs.error("expected --store URL");
    }
    if (entry < 1) {
      throw inputs.error("--entry: expected a sequence number from 1, got " + entry);
    }
    JdbcConsentStore opened = store.open(inputs);
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    String proof;
    long size;
    try {
      List<LoggedEntry> found = opened.logged(entry - 1, 1);
      if (found.isEmpty() || found.get(0).entry().sequence() != entry) {
        err.println("mydatakit: the log has no entry " + entry);
        return Main.REJECTED;
      }
      Optional<String> latest = opened.latestLogCheckpoint();
      size = latest.map(AuditProveCommand::sizeOf).orElse(-1L);
      if (size < entry) {
        err.println(
            "mydatakit: no signed checkpoint the store keeps covers entry "
                + entry
                + (latest.isEmpty()
                    ? " (it keeps none)"
                    : size < 0
                        ? " (the latest is unreadable)"
                        : " (the latest is of size " + size + ")")
                + ": run a checkpoint first (the broker signs one every N entries, or when its"
                + " checkpoint is asked for: ConsentBroker.checkpoint(), GET /log/checkpoint)");
        return Main.REJECTED;
      }
      LoggedEntry logged = found.get(0);
      StoredTree.Plan plan = StoredTree.inclusion(logged.leafIndex(), size);
      List<byte[]> path;
      try {
        path = plan.proof(opened.treeNodes(plan.nodes()));
      } catch (IllegalStateException e) {
        err.println("mydatakit: the store lacks the tree nodes of size " + size);
        return Main.REJECTED;
      }
      proof = TlogProof.of(logged.proofExtra(), logged.leafIndex(), path, latest.get()).text();
    } catch (ConsentStoreException e) {
      throw new CliFailure("cannot read the store: " + e.getMessage(), e);
    }
    try {
      PrivateFiles.write(file, proof, PrivateFiles.OWNER_ONLY, true);
    } catch (IOException e) {
      throw inputs.error("--out: expected a file that can be written, cannot write " + file);
    }
    out.println("wrote the proof of entry " + entry + " at tree size " + size + " to " + file);
    return Main.OK;
  }

  /** The tree size of a kept note, or -1 if it carries no readable checkpoint. */
  private static long sizeOf(String note) {
    try {
      Checkpoint checkpoint = LogNotes.unverified(note);
      return checkpoint.size();
    } catch (InvalidNoteException e) {
      return -1;
    }
  }
}
