package org.mydatakit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mydatakit.keys.SigningAlgorithm;
import org.mydatakit.keys.SigningKeySet;

/** {@code grant verify --status-list FILE}: revocation checked against the broker's signed list. */
class GrantVerifyStatusListTest {
  static final SigningKeySet KEYS = SigningKeySet.generate(SigningAlgorithm.ES256, "k1");

  @TempDir Path dir;
  Path signing;
  Path jwks;
  Path list;
  String grant;

  @BeforeEach
  void setUp() throws Exception {
    signing = Files.writeString(dir.resolve("signing.jwks.json"), KEYS.exportPrivateJwks());
    jwks = Files.writeString(dir.resolve("public.jwks.json"), KEYS.verificationKeys().toJson());
    list = dir.resolve("status.jwt");
    grant =
        TestGrants.sign(
            KEYS,
            c -> {
              var ref = c.putObject("status").putObject("status_list");
              ref.put("idx", 7);
              ref.put("uri", "https://broker.example/status/1");
            });
  }

  private void buildList(String uri, String... flags) {
    String[] base = {
      "status-list",
      "build",
      "--keys",
      signing.toString(),
      "--issuer",
      TestGrants.ISSUER,
      "--uri",
      uri,
      "--size",
      "16",
      "--out",
      list.toString()
    };
    String[] args = new String[base.length + flags.length];
    System.arraycopy(base, 0, args, 0, base.length);
    System.arraycopy(flags, 0, args, base.length, flags.length);
    assertThat(Cli.run(args).exitCode()).isZero();
  }

  private Cli.Result verify(String... extra) {
    return Cli.run(TestGrants.verifyArgs(jwks, concat(extra, "--no-dpop", grant)));
  }

  private static String[] concat(String[] a, String... b) {
    String[] all = new String[a.length + b.length];
    System.arraycopy(a, 0, all, 0, a.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }

  @Test
  void validEntryVerifies() {
    buildList("https://broker.example/status/1");
    Cli.Result r = verify("--status-list", list.toString());
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).contains("\"valid\":true");
  }

  @Test
  void revokedAndSuspendedEntriesAreRejected() {
    buildList("https://broker.example/status/1", "--revoke", "7");
    assertThat(verify("--status-list", list.toString()).out()).contains("\"reason\":\"REVOKED\"");
    buildList("https://broker.example/status/1", "--suspend", "7");
    Cli.Result r = verify("--status-list", list.toString());
    assertThat(r.exitCode()).isEqualTo(3);
    assertThat(r.out()).contains("\"reason\":\"SUSPENDED\"");
  }

  @Test
  void aListForAnotherUriFailsClosed() {
    buildList("https://broker.example/status/2");
    assertThat(verify("--status-list", list.toString()).out())
        .contains("\"reason\":\"STATUS_UNAVAILABLE\"");
  }

  @Test
  void statusListContradictsNoRevocationCheck() {
    buildList("https://broker.example/status/1");
    Cli.Result r = verify("--status-list", list.toString(), "--no-revocation-check");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("contradicts");
  }
}
