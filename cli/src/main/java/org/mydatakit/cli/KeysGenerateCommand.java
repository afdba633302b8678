package org.mydatakit.cli;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.mydatakit.keys.SigningAlgorithm;
import org.mydatakit.keys.SigningKeySet;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code mydatakit keys generate}: a new signing key set, private and public halves. */
@Command(
    name = "generate",
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    description = {
      "Generate a grant signing key and write DIR/signing.jwks.json (private, mode 600) and"
          + " DIR/public.jwks.json (for provider agencies).",
      "Prints one line: the key id and the two paths. Key material is never printed."
    })
final class KeysGenerateCommand implements Callable<Integer> {
  static final String SIGNING_FILE = "signing.jwks.json";
  static final String PUBLIC_FILE = "public.jwks.json";

  @Spec private CommandSpec spec;

  @Option(
      names = "--alg",
      required = true,
      paramLabel = "ALG",
      description = "The signature algorithm: ${COMPLETION-CANDIDATES}.")
  private SigningAlgorithm algorithm;

  @Option(
      names = "--kid",
      paramLabel = "KID",
      description = "The key id; by default the key's RFC 7638 thumbprint.")
  private String kid;

  @Option(
      names = "--out",
      required = true,
      paramLabel = "DIR",
      description = "The directory to write to; it is created (mode 700) if missing.")
  private Path dir;

  @Option(names = "--force", description = "Replace an existing signing.jwks.json.")
  private boolean force;

  @Override
  public Integer call() {
    SigningKeySet keys;
    try {
      keys =
          kid == null ? SigningKeySet.generate(algorithm) : SigningKeySet.generate(algorithm, kid);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "--kid: " + e.getMessage());
    }
    Path signing = dir.resolve(SIGNING_FILE);
    Path published = dir.resolve(PUBLIC_FILE);
    if (!force && Files.exists(signing)) {
      throw refuse(signing);
    }
    try {
      PrivateFiles.createDirectories(dir);
    } catch (IOException e) {
      throw new ParameterException(
          spec.commandLine(), "--out: expected a directory that can be created, got " + dir);
    }
    try {
      try {
        PrivateFiles.write(signing, keys.exportPrivateJwks(), PrivateFiles.OWNER_ONLY, force);
      } catch (FileAlreadyExistsException e) {
        throw refuse(signing);
      }
      PrivateFiles.write(
          published, keys.verificationKeys().toJson() + "\n", PrivateFiles.PUBLIC, true);
    } catch (IOException e) {
      throw new CliFailure("cannot write keys to " + dir + ": " + e.getClass().getSimpleName(), e);
    }
    spec.commandLine()
        .getOut()
        .println("kid=" + keys.currentKeyId() + " signing=" + signing + " public=" + published);
    return Main.OK;
  }

  private ParameterException refuse(Path signing) {
    return new ParameterException(
        spec.commandLine(),
        signing
            + " already exists: expected a directory without signing keys, or --force to"
            + " replace them");
  }
}
