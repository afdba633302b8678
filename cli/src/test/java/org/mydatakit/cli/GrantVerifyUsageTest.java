package org.mydatakit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mydatakit.keys.SigningAlgorithm;
import org.mydatakit.keys.SigningKeySet;

/** Usage errors of {@code grant verify}: exit 2, a message naming what was expected, no secrets. */
class GrantVerifyUsageTest {
  @TempDir static Path tmp;
  static SigningKeySet keys;
  static Path jwks;

  @BeforeAll
  static void keys() throws IOException {
    keys = SigningKeySet.generate(SigningAlgorithm.ES256);
    jwks = Files.writeString(tmp.resolve("public.jwks.json"), keys.verificationKeys().toJson());
  }

  @Test
  void dpopAndNoDpopTogetherIsAUsageError() {
    Cli.Result result =
        verify(
            "--no-revocation-check",
            "--no-dpop",
            "--dpop",
            "proof",
            "--method",
            "GET",
            "--url",
            "https://api.example/x",
            TestGrants.sign(keys));

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("--dpop contradicts --no-dpop");
    assertThat(result.out()).isEmpty();
  }

  @Test
  void neitherDpopNorNoDpopIsAUsageError() {
    Cli.Result result = verify("--no-revocation-check", TestGrants.sign(keys));

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("expected --dpop PROOF --method M --url URL");
  }

  @Test
  void dpopWithoutMethodAndUrlIsAUsageError() {
    Cli.Result result = verify("--no-revocation-check", "--dpop", "p", TestGrants.sign(keys));

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("--dpop: expected --method and --url");
  }

  @Test
  void missingRequiredOptionIsAUsageError() {
    Cli.Result result =
        Cli.run("grant", "verify", "--issuer", TestGrants.ISSUER, "--no-dpop", "x.y.z");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("--jwks").contains("--audience").startsWith("mydatakit: m");
  }

  @Test
  void unreadableJwksIsAUsageError() {
    Cli.Result result =
        Cli.run(
            "grant",
            "verify",
            "--jwks",
            tmp.resolve("missing.json").toString(),
            "--issuer",
            TestGrants.ISSUER,
            "--audience",
            TestGrants.AUDIENCE,
            "--no-dpop",
            "x.y.z");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("--jwks: expected a readable jwks file");
  }

  @Test
  void privateKeysGivenAsJwksAreAUsageErrorNamingTheKey() throws IOException {
    Path secret = Files.writeString(tmp.resolve("signing.jwks.json"), keys.exportPrivateJwks());

    Cli.Result result =
        Cli.run(
            "grant",
            "verify",
            "--jwks",
            secret.toString(),
            "--issuer",
            TestGrants.ISSUER,
            "--audience",
            TestGrants.AUDIENCE,
            "--no-dpop",
            "x.y.z");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("--jwks").contains(keys.currentKeyId());
    assertThat(result.err()).doesNotContain("\"d\"");
  }

  @Test
  void noTokenOrSubjectEverReachesStderr() {
    String token = TestGrants.sign(keys);
    List<Cli.Result> results = new ArrayList<>();
    results.add(verify("--no-dpop", token));
    results.add(verify("--dpop", "p", token));
    results.add(verify("--no-revocation-check", "--no-dpop", "--item", "bad item", token));
    results.add(Cli.run("grant", "verify", "--no-dpop", token));

    for (Cli.Result result : results) {
      assertThat(result.err()).doesNotContain(token).doesNotContain(TestGrants.SUBJECT);
    }
  }

  @Test
  void dpopWithStdinIsAUsageError() {
    Cli.Result result =
        Cli.runWithStdin(
            TestGrants.sign(keys) + "\n",
            TestGrants.verifyArgs(
                jwks,
                "--no-revocation-check",
                "--dpop",
                "p",
                "--method",
                "GET",
                "--url",
                "https://api.example/x",
                "-"));

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("--dpop with -: expected one TOKEN");
  }

  static Cli.Result verify(String... extra) {
    return Cli.run(TestGrants.verifyArgs(jwks, extra));
  }
}
