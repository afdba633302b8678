package org.mydatakit.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;
import org.mydatakit.log.Checkpoint;
import org.mydatakit.log.InvalidNoteException;
import org.mydatakit.log.LogLeaf;
import org.mydatakit.log.NoteVerifierKey;
import org.mydatakit.log.TlogProof;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code mydatakit audit verify-proof}: checks one entry's proof file offline. */
@Command(
    name = "verify-proof",
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    description = {
      "Verify a log entry's proof file (C2SP tlog-proof) offline, with nothing but the log's"
          + " public key and the witnesses' keys.",
      "The checkpoint inside must be signed by --log-key, name the log (the key's name, or"
          + " --origin), and be cosigned by every --witness; the inclusion proof must lead from"
          + " the entry's leaf to its root. The leaf comes from the file's extra data (the"
          + " entry and its salt), or from --leaf-hash for any RFC 9162 leaf.",
      "Prints OK entry <index> of <origin> at tree size <n>, or INVALID: <reason>.",
      "Exit 0 when it verifies, 3 when it does not, 2 for unreadable input or a usage error."
    })
final class AuditVerifyProofCommand implements Callable<Integer> {
  @Spec private CommandSpec spec;

  @Parameters(
      index = "0",
      paramLabel = "FILE",
      description = "The proof file, as the broker hands it to the citizen.")
  private Path file;

  @Option(
      names = "--log-key",
      required = true,
      paramLabel = "VKEY",
      description = "The log's public key, name+keyid+base64.")
  private String logKey;

  @Option(
      names = "--witness",
      paramLabel = "VKEY",
      description = "A witness that must have cosigned the checkpoint (repeatable).")
  private List<String> witnesses = new ArrayList<>();

  @Option(
      names = "--leaf-hash",
      paramLabel = "HEX",
      description = "The RFC 9162 leaf hash to check (64 hex digits) instead of the file's data.")
  private String leafHash;

  @Option(
      names = "--origin",
      paramLabel = "ORIGIN",
      description = "The log's origin line, when it is not the log key's name.")
  private String origin;

  @Override
  public Integer call() {
    Inputs inputs = new Inputs(spec);
    PrintWriter out = spec.commandLine().getOut();
    NoteVerifierKey log = key(inputs, "--log-key", logKey);
    List<NoteVerifierKey> cosigners = new ArrayList<>();
    for (String witness : witnesses) {
      cosigners.add(key(inputs, "--witness", witness));
    }
    TlogProof proof;
    try {
      proof = TlogProof.parse(inputs.read("FILE", "proof file", file));
    } catch (InvalidNoteException e) {
      throw inputs.error("FILE: " + e.getMessage());
    }
    byte[] leaf;
    if (leafHash != null) {
      if (!leafHash.matches("[0-9a-fA-F]{64}")) {
        throw inputs.error("--leaf-hash: expected 64 hex digits of SHA-256");
      }
      leaf = HexFormat.of().parseHex(leafHash);
    } else {
      byte[] extra =
          proof
              .extra()
              .orElseThrow(
                  () -> inputs.error("expected --leaf-hash, or a proof file with extra data"));
      try {
        leaf = LogLeaf.leafHashOfExtra(extra);
      } catch (InvalidNoteException e) {
        throw inputs.error("FILE: " + e.getMessage());
      }
    }
    String expectedOrigin = origin != null ? origin : log.name();
    try {
      Checkpoint checkpoint = proof.verify(leaf, expectedOrigin, List.of(log), cosigners);
      out.println(
          "OK entry "
              + proof.index()
              + " of "
              + checkpoint.origin()
              + " at tree size "
              + checkpoint.size()
              + (cosigners.isEmpty() ? "" : ", cosigned by " + cosigners.size() + " witness(es)"));
      return Main.OK;
    } catch (InvalidNoteException e) {
      out.println("INVALID: " + e.reason() + " (" + e.getMessage() + ")");
      return Main.REJECTED;
    }
  }

  private static NoteVerifierKey key(Inputs inputs, String option, String vkey) {
    try {
      return NoteVerifierKey.parse(vkey);
    } catch (InvalidNoteException e) {
      throw inputs.error(option + ": " + e.getMessage());
    }
  }
}
