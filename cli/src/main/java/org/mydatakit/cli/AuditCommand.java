package org.mydatakit.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code mydatakit audit}: the broker's hash-chained audit log. */
@Command(
    name = "audit",
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    description =
        "Export and verify the broker's audit log; prove and verify one entry; check, witness"
            + " and cosign its checkpoints.",
    subcommands = {
      AuditVerifyCommand.class,
      AuditExportCommand.class,
      AuditVerifyProofCommand.class,
      AuditCheckpointCommand.class,
      AuditProveCommand.class,
      AuditConsistencyCommand.class,
      AuditWitnessCommand.class,
      AuditWitnessKeyCommand.class
    })
final class AuditCommand implements Runnable {
  @Spec private CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(
        spec.commandLine(),
        "expected a subcommand: verify, export, verify-proof, checkpoint, prove, consistency,"
            + " witness or witness-key");
  }
}
