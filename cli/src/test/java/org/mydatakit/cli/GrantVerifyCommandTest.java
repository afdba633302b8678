package org.mydatakit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mydatakit.keys.SigningAlgorithm;
import org.mydatakit.keys.SigningKeySet;

class GrantVerifyCommandTest {
  @TempDir static Path tmp;
  static SigningKeySet keys;
  static Path jwks;

  @BeforeAll
  static void keys() throws IOException {
    keys = SigningKeySet.generate(SigningAlgorithm.ES256);
    jwks = Files.writeString(tmp.resolve("public.jwks.json"), keys.verificationKeys().toJson());
  }

  @Test
  void validGrantPrintsOneJsonLineAndExitsZero() {
    String token = TestGrants.sign(keys, claims -> claims.put("scope", "nhis.z nhis.a"));

    Cli.Result result = verify("--no-revocation-check", "--no-dpop", token);

    assertThat(result.exitCode()).isZero();
    long exp = Instant.now().getEpochSecond() + 300;
    assertThat(result.out())
        .matches(
            "\\{\"valid\":true,\"cid\":\""
                + TestGrants.CONSENT
                + "\",\"sub\":\""
                + TestGrants.SUBJECT
                + "\",\"scope\":\\[\"nhis.a\",\"nhis.z\"],\"exp\":\\d{10}}\n");
    assertThat(Long.parseLong(result.out().replaceAll("(?s).*\"exp\":(\\d+).*", "$1")))
        .isBetween(exp - 60, exp);
    assertThat(result.err()).isEmpty();
  }

  @Test
  void expiredGrantIsRejectedWithExpiredReasonAndExitThree() {
    long past = Instant.now().getEpochSecond() - 3600;
    String token =
        TestGrants.sign(keys, c -> c.put("iat", past).put("nbf", past).put("exp", past + 300));

    Cli.Result result = verify("--no-revocation-check", "--no-dpop", token);

    assertThat(result.exitCode()).isEqualTo(3);
    assertThat(result.out()).isEqualTo("{\"valid\":false,\"reason\":\"EXPIRED\"}\n");
    assertThat(result.err()).isEmpty();
  }

  @Test
  void grantForAnotherAgencyIsRejected() {
    String token = TestGrants.sign(keys, c -> c.put("aud", "NTS"));

    Cli.Result result = verify("--no-revocation-check", "--no-dpop", token);

    assertThat(result.exitCode()).isEqualTo(3);
    assertThat(result.out()).contains("\"reason\":\"WRONG_AUDIENCE\"");
  }

  @Test
  void stdinModePrintsOneLinePerTokenInOrderAndExitsThreeIfAnyIsRejected() {
    String valid = TestGrants.sign(keys);
    String wrongIssuer = TestGrants.sign(keys, c -> c.put("iss", "https://evil.example"));
    String input = valid + "\n\n  \n" + "not-a-token\n" + wrongIssuer + "\r\n" + valid;

    Cli.Result result = Cli.runWithStdin(input, args("--no-revocation-check", "--no-dpop", "-"));

    assertThat(result.exitCode()).isEqualTo(3);
    String[] lines = result.outLines();
    assertThat(lines).hasSize(4);
    assertThat(lines[0]).startsWith("{\"valid\":true,");
    assertThat(lines[1]).isEqualTo("{\"valid\":false,\"reason\":\"MALFORMED\"}");
    assertThat(lines[2]).isEqualTo("{\"valid\":false,\"reason\":\"WRONG_ISSUER\"}");
    assertThat(lines[3]).startsWith("{\"valid\":true,");
    assertThat(result.err()).isEmpty();
  }

  @Test
  void stdinModeWithOnlyValidTokensExitsZero() {
    String input = TestGrants.sign(keys) + "\n" + TestGrants.sign(keys) + "\n";

    Cli.Result result = Cli.runWithStdin(input, args("--no-revocation-check", "--no-dpop", "-"));

    assertThat(result.exitCode()).isZero();
    assertThat(result.outLines()).hasSize(2).allMatch(l -> l.startsWith("{\"valid\":true,"));
  }

  @Test
  void overlongStdinLineIsRejectedAsTooLargeWithoutEndingTheRun() {
    String input = "a".repeat(200_000) + "\n" + TestGrants.sign(keys) + "\n";

    Cli.Result result = Cli.runWithStdin(input, args("--no-revocation-check", "--no-dpop", "-"));

    assertThat(result.exitCode()).isEqualTo(3);
    assertThat(result.outLines()[0]).isEqualTo("{\"valid\":false,\"reason\":\"TOO_LARGE\"}");
    assertThat(result.outLines()[1]).startsWith("{\"valid\":true,");
  }

  @Test
  void stdinWithoutTokensIsAUsageError() {
    Cli.Result result = Cli.runWithStdin("\n\n", args("--no-revocation-check", "--no-dpop", "-"));

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("expected at least one token");
  }

  @Test
  void failingStdinIsAnInternalError() {
    InputStream broken =
        new InputStream() {
          @Override
          public int read() throws IOException {
            throw new IOException("disk on fire");
          }
        };

    Cli.Result result = Cli.runWithInput(broken, args("--no-revocation-check", "--no-dpop", "-"));

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.err())
        .isEqualTo("mydatakit: internal error: cannot read standard input: IOException\n");
  }

  @Test
  void withoutRevocationSourceGrantsFailClosed() {
    String withStatus =
        TestGrants.sign(
            keys,
            c ->
                c.putObject("status")
                    .putObject("status_list")
                    .put("idx", 7)
                    .put("uri", "https://broker.example/status/1"));
    String withoutStatus = TestGrants.sign(keys);

    Cli.Result result =
        Cli.runWithStdin(withStatus + "\n" + withoutStatus + "\n", args("--no-dpop", "-"));

    assertThat(result.exitCode()).isEqualTo(3);
    assertThat(result.outLines())
        .containsExactly(
            "{\"valid\":false,\"reason\":\"STATUS_UNAVAILABLE\"}",
            "{\"valid\":false,\"reason\":\"STATUS_MISSING\"}");
  }

  @Test
  void eachItemMustBeInScope() {
    String token = TestGrants.sign(keys);

    Cli.Result covered =
        verify("--no-revocation-check", "--no-dpop", "--item", TestGrants.ITEM, token);
    Cli.Result uncovered =
        verify(
            "--no-revocation-check",
            "--no-dpop",
            "--item",
            TestGrants.ITEM,
            "--item",
            "nts.income",
            token);

    assertThat(covered.exitCode()).isZero();
    assertThat(uncovered.exitCode()).isEqualTo(3);
    assertThat(uncovered.out()).contains("INSUFFICIENT_SCOPE");
  }

  static Cli.Result verify(String... extra) {
    return Cli.run(args(extra));
  }

  static String[] args(String... extra) {
    return TestGrants.verifyArgs(jwks, extra);
  }
}
