package org.mydatakit.cli;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.mydatakit.grant.DpopKey;
import org.mydatakit.keys.SigningAlgorithm;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code mydatakit dpop generate}: a new private DPoP key, written with mode 600. */
@Command(
    name = "generate",
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    description = {
      "Generate a DPoP key and write it as a private JWK to FILE (mode 600).",
      "Prints one line: the key's RFC 7638 thumbprint, which grants carry as cnf.jkt (the"
          + " --dpop-jkt of grant issue)."
    })
final class DpopGenerateCommand implements Callable<Integer> {
  @Spec private CommandSpec spec;

  @Option(
      names = "--alg",
      paramLabel = "ALG",
      defaultValue = "ES256",
      description =
          "The signature algorithm: ${COMPLETION-CANDIDATES}; ${DEFAULT-VALUE} by default.")
  private SigningAlgorithm algorithm;

  @Option(
      names = "--out",
      required = true,
      paramLabel = "FILE",
      description = "The file to write the private JWK to.")
  private Path file;

  @Option(names = "--force", description = "Replace an existing FILE.")
  private boolean force;

  @Override
  public Integer call() {
    Path dir = file.toAbsolutePath().getParent();
    if (!force && Files.exists(file)) {
      throw refuse();
    }
    DpopKey key = DpopKey.generate(algorithm);
    try {
      PrivateFiles.createDirectories(dir);
    } catch (IOException e) {
      throw new ParameterException(
          spec.commandLine(), "--out: expected a file in a directory that can be created");
    }
    try {
      PrivateFiles.write(file, key.exportPrivateJwk() + "\n", PrivateFiles.OWNER_ONLY, force);
    } catch (FileAlreadyExistsException e) {
      throw refuse();
    } catch (IOException e) {
      throw new CliFailure("cannot write " + file + ": " + e.getClass().getSimpleName(), e);
    }
    spec.commandLine().getOut().println(key.thumbprint());
    return Main.OK;
  }

  private ParameterException refuse() {
    return new ParameterException(
        spec.commandLine(),
        file + " already exists: expected a new file, or --force to replace it");
  }
}
