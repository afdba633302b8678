package org.mydatakit.cli;

import java.io.PrintWriter;
import java.security.MessageDigest;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.mydatakit.broker.ConsentStoreException;
import org.mydatakit.log.Checkpoint;
import org.mydatakit.log.InvalidNoteException;
import org.mydatakit.log.NoteVerifierKey;
import org.mydatakit.log.SignedNote;
import org.mydatakit.store.jdbc.JdbcConsentStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code mydatakit audit checkpoint --store URL}: the latest signed checkpoint a store keeps. */
@Command(
    name = "checkpoint",
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    description = {
      "Print the latest signed checkpoint of the log (a C2SP signed note) a broker's store keeps.",
      "The note is printed as the broker signed it, with every cosignature, and nothing else on"
          + " standard output. The broker signs one every N entries and when asked for its"
          + " checkpoint; this command signs nothing, since it has no log key.",
      "With --log-key, the note must open with that key and the store's tree must have its root"
          + " at its size.",
      "Exit 0 when printed, 3 when the store keeps none or it does not verify, 2 for a usage"
          + " error."
    })
final class AuditCheckpointCommand implements Callable<Integer> {
  @Spec private CommandSpec spec;

  @Mixin private StoreOption store;

  @Option(
      names = "--log-key",
      paramLabel = "VKEY",
      description = "The log's public key, name+keyid+base64, to verify the checkpoint with.")
  private String logKey;

  @Override
  public Integer call() {
    Inputs inputs = new Inputs(spec);
    if (store.url == null) {
      throw inputs.error("expected --store URL");
    }
    NoteVerifierKey key = logKey == null ? null : LogNotes.logKey(inputs, "--log-key", logKey);
    JdbcConsentStore opened = store.open(inputs);
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try {
      Optional<String> latest = opened.latestLogCheckpoint();
      if (latest.isEmpty()) {
        err.println(
            "mydatakit: the store keeps no signed checkpoint yet: the broker signs one every N"
                + " entries, or when its checkpoint is asked for (ConsentBroker.checkpoint(),"
                + " GET /log/checkpoint)");
        return Main.REJECTED;
      }
      String note = latest.get();
      if (key != null) {
        Checkpoint checkpoint;
        try {
          checkpoint = Checkpoint.parse(SignedNote.open(note, List.of(key)).text());
        } catch (InvalidNoteException e) {
          err.println("mydatakit: INVALID: " + e.reason() + " (" + e.getMessage() + ")");
          return Main.REJECTED;
        }
        byte[] root;
        try {
          root = LogNotes.storedRoot(opened, checkpoint.size());
        } catch (IllegalStateException e) {
          err.println(
              "mydatakit: INVALID: the store lacks the tree nodes of size " + checkpoint.size());
          return Main.REJECTED;
        }
        if (!MessageDigest.isEqual(root, checkpoint.root())) {
          err.println(
              "mydatakit: INVALID: the store's tree of size "
                  + checkpoint.size()
                  + " has another root than the checkpoint");
          return Main.REJECTED;
        }
      }
      out.print(note);
      out.flush();
      return Main.OK;
    } catch (ConsentStoreException e) {
      throw new CliFailure("cannot read the store: " + e.getMessage(), e);
    }
  }
}
