package org.mydatakit.cli;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.mydatakit.log.InvalidNoteException;
import org.mydatakit.log.NoteCosigner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code mydatakit audit witness-key}: a new witness cosigning key. */
@Command(
    name = "witness-key",
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    description = {
      "Generate a witness's cosigning key (C2SP tlog-cosignature, Ed25519, type 0x04).",
      "Writes the private key to FILE (mode 600), as `audit witness --key FILE` reads it, and"
          + " prints only the public verifier key (name+keyid+base64): give that to the broker"
          + " (ConsentBrokerBuilder.witnesses) and to whoever checks cosignatures.",
      "An existing FILE is never replaced. Exit 0 when written, 2 for a usage error."
    })
final class AuditWitnessKeyCommand implements Callable<Integer> {
  @Spec private CommandSpec spec;

  @Option(
      names = "--name",
      required = true,
      paramLabel = "NAME",
      description = "The witness's name, such as witness.example.org (no spaces or '+').")
  private String name;

  @Option(
      names = "--out",
      required = true,
      paramLabel = "FILE",
      description = "The private key file to create (mode 600); it must not exist.")
  private Path file;

  @Override
  public Integer call() {
    NoteCosigner key;
    try {
      key = NoteCosigner.generate(name);
    } catch (InvalidNoteException e) {
      throw new ParameterException(spec.commandLine(), "--name: " + e.getMessage());
    }
    if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
      throw refuse();
    }
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        PrivateFiles.createDirectories(parent);
      }
      PrivateFiles.write(file, key.privateKey() + "\n", PrivateFiles.OWNER_ONLY, false);
    } catch (FileAlreadyExistsException e) {
      throw refuse();
    } catch (IOException e) {
      throw new ParameterException(
          spec.commandLine(), "--out: expected a file that can be created, cannot write " + file);
    }
    spec.commandLine().getOut().println(key.verifierKey());
    return Main.OK;
  }

  private ParameterException refuse() {
    return new ParameterException(
        spec.commandLine(),
        file + " already exists: expected a new file; a witness key is never replaced");
  }
}
