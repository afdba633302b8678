package org.mydatakit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mydatakit.grant.DpopKey;
import org.mydatakit.keys.SigningAlgorithm;
import org.mydatakit.keys.SigningKeySet;

class DpopCommandTest {
  static final String URL = "https://api.nhis.example/mydata/v1/items/nhis.qualification";

  @TempDir Path tmp;

  @Test
  void generateWritesAPrivateJwkWithMode600AndPrintsItsThumbprint() throws IOException {
    Path file = tmp.resolve("consumer/dpop.jwk.json");

    Cli.Result result = Cli.run("dpop", "generate", "--out", file.toString());

    assertThat(result.exitCode()).isZero();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    DpopKey key = DpopKey.parse(Files.readString(file).strip());
    assertThat(result.out()).isEqualTo(key.thumbprint() + "\n");
    assertThat(key.thumbprint()).hasSize(43);
  }

  @Test
  void generateRefusesToOverwriteWithoutForce() throws IOException {
    Path file = tmp.resolve("dpop.jwk.json");
    Cli.run("dpop", "generate", "--out", file.toString());
    String before = Files.readString(file);

    Cli.Result refused = Cli.run("dpop", "generate", "--out", file.toString());
    assertThat(refused.exitCode()).isEqualTo(2);
    assertThat(refused.err()).contains("already exists").contains("--force");
    assertThat(Files.readString(file)).isEqualTo(before);

    Cli.Result forced = Cli.run("dpop", "generate", "--out", file.toString(), "--force");
    assertThat(forced.exitCode()).isZero();
    assertThat(Files.readString(file)).isNotEqualTo(before);
  }

  @Test
  void proofFromTheCliPassesGrantVerify() throws IOException {
    Path file = tmp.resolve("dpop.jwk.json");
    String jkt = Cli.run("dpop", "generate", "--out", file.toString()).out().strip();
    SigningKeySet keys = SigningKeySet.generate(SigningAlgorithm.ES256);
    Path jwks =
        Files.writeString(tmp.resolve("public.jwks.json"), keys.verificationKeys().toJson());
    String token = TestGrants.signClaims(keys, TestGrants.claims(jkt).toString());

    Cli.Result proof =
        Cli.run(
            "dpop",
            "proof",
            "--key",
            file.toString(),
            "--method",
            "GET",
            "--url",
            URL,
            "--grant",
            token);
    Cli.Result verified =
        Cli.run(
            TestGrants.verifyArgs(
                jwks,
                "--no-revocation-check",
                "--dpop",
                proof.out().strip(),
                "--method",
                "GET",
                "--url",
                URL,
                token));

    assertThat(proof.exitCode()).isZero();
    assertThat(proof.out()).matches("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\n");
    assertThat(verified.exitCode()).isZero();
    assertThat(verified.out()).startsWith("{\"valid\":true,");
  }

  @Test
  void proofWithAPublicOrMissingKeyIsAUsageError() throws IOException {
    Path publicJwks =
        Files.writeString(
            tmp.resolve("public.json"),
            SigningKeySet.generate(SigningAlgorithm.ES256).verificationKeys().toJson());

    Cli.Result notPrivate =
        Cli.run(
            "dpop",
            "proof",
            "--key",
            publicJwks.toString(),
            "--method",
            "GET",
            "--url",
            URL,
            "--grant",
            "a.b.c");
    Cli.Result missing =
        Cli.run(
            "dpop",
            "proof",
            "--key",
            tmp.resolve("none").toString(),
            "--method",
            "GET",
            "--url",
            URL,
            "--grant",
            "a.b.c");
    Cli.Result lowerCase =
        Cli.run(
            "dpop",
            "proof",
            "--key",
            publicJwks.toString(),
            "--method",
            "get",
            "--url",
            URL,
            "--grant",
            "a.b.c");

    assertThat(notPrivate.exitCode()).isEqualTo(2);
    assertThat(notPrivate.err()).contains("--key").contains("dpop key");
    assertThat(missing.exitCode()).isEqualTo(2);
    assertThat(missing.err()).contains("--key: expected a readable private jwk file");
    assertThat(lowerCase.exitCode()).isEqualTo(2);
    assertThat(lowerCase.err()).contains("--method: expected an upper-case http method");
  }
}
