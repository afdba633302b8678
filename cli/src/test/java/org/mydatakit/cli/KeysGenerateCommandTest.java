package org.mydatakit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mydatakit.keys.SigningAlgorithm;
import org.mydatakit.keys.SigningKeySet;
import org.mydatakit.keys.VerificationKeySet;

class KeysGenerateCommandTest {
  @TempDir Path tmp;

  @Test
  void writesPrivateSetWithMode600AndPublicSet() throws IOException {
    Path dir = tmp.resolve("keys");

    Cli.Result result = Cli.run("keys", "generate", "--alg", "ES256", "--out", dir.toString());

    assertThat(result.exitCode()).isZero();
    Path signing = dir.resolve("signing.jwks.json");
    Path published = dir.resolve("public.jwks.json");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(signing)))
        .isEqualTo("rw-------");
    SigningKeySet keys = SigningKeySet.parse(Files.readString(signing));
    VerificationKeySet publicKeys = VerificationKeySet.parse(Files.readString(published));
    assertThat(keys.algorithm()).isEqualTo(SigningAlgorithm.ES256);
    assertThat(publicKeys.keyIds()).containsExactly(keys.currentKeyId());
    assertThat(result.out())
        .isEqualTo(
            "kid=" + keys.currentKeyId() + " signing=" + signing + " public=" + published + "\n");
    assertThat(result.out()).doesNotContain("\"d\"").doesNotContain("{");
    assertThat(result.err()).isEmpty();
  }

  @Test
  void createsMissingDirectoriesOwnerOnlyAndLeavesNoTemporaryFiles() throws IOException {
    Path dir = tmp.resolve("a/b/keys");

    Cli.Result result = Cli.run("keys", "generate", "--alg", "ES256", "--out", dir.toString());

    assertThat(result.exitCode()).isZero();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)))
        .isEqualTo("rwx------");
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder("signing.jwks.json", "public.jwks.json");
    }
  }

  @Test
  void namesTheKeyWithKidAndSupportsPs256() throws IOException {
    Cli.Result result =
        Cli.run("keys", "generate", "--alg", "PS256", "--kid", "broker-2026", "--out", str(tmp));

    assertThat(result.exitCode()).isZero();
    assertThat(result.out()).startsWith("kid=broker-2026 ");
    SigningKeySet keys = SigningKeySet.parse(Files.readString(tmp.resolve("signing.jwks.json")));
    assertThat(keys.algorithm()).isEqualTo(SigningAlgorithm.PS256);
    assertThat(keys.currentKeyId()).isEqualTo("broker-2026");
  }

  @Test
  void refusesToOverwriteExistingSigningKeysWithoutForce() throws IOException {
    Cli.run("keys", "generate", "--alg", "ES256", "--out", str(tmp));
    String before = Files.readString(tmp.resolve("signing.jwks.json"));

    Cli.Result result = Cli.run("keys", "generate", "--alg", "ES256", "--out", str(tmp));

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.out()).isEmpty();
    assertThat(result.err()).contains("already exists").contains("--force");
    assertThat(Files.readString(tmp.resolve("signing.jwks.json"))).isEqualTo(before);
  }

  @Test
  void replacesExistingSigningKeysWithForceKeepingMode600() throws IOException {
    Cli.run("keys", "generate", "--alg", "ES256", "--out", str(tmp));
    String before = Files.readString(tmp.resolve("signing.jwks.json"));

    Cli.Result result = Cli.run("keys", "generate", "--alg", "ES256", "--out", str(tmp), "--force");

    assertThat(result.exitCode()).isZero();
    Path signing = tmp.resolve("signing.jwks.json");
    assertThat(Files.readString(signing)).isNotEqualTo(before);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(signing)))
        .isEqualTo("rw-------");
  }

  @Test
  void missingOrUnknownAlgorithmIsAUsageError() {
    Cli.Result missing = Cli.run("keys", "generate", "--out", str(tmp));
    Cli.Result unknown = Cli.run("keys", "generate", "--alg", "HS256", "--out", str(tmp));

    assertThat(missing.exitCode()).isEqualTo(2);
    assertThat(missing.err()).contains("--alg");
    assertThat(unknown.exitCode()).isEqualTo(2);
    assertThat(unknown.err()).contains("ES256").contains("PS256");
  }

  @Test
  void invalidKidIsAUsageError() {
    Cli.Result result =
        Cli.run("keys", "generate", "--alg", "ES256", "--kid", "no spaces", "--out", str(tmp));

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).startsWith("mydatakit: --kid: kid: expected");
    assertThat(tmp.resolve("signing.jwks.json")).doesNotExist();
  }

  @Test
  void outThatIsAFileIsAUsageError() throws IOException {
    Path file = Files.writeString(tmp.resolve("file"), "x");

    Cli.Result result = Cli.run("keys", "generate", "--alg", "ES256", "--out", file.toString());

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("--out: expected a directory");
  }

  private static String str(Path path) {
    return path.toString();
  }
}
