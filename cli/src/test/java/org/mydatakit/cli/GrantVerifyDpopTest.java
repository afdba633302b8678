package org.mydatakit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mydatakit.grant.DpopKey;
import org.mydatakit.keys.SigningAlgorithm;
import org.mydatakit.keys.SigningKeySet;

class GrantVerifyDpopTest {
  static final URI URL = URI.create("https://api.nhis.example/mydata/v1/items/nhis.qualification");

  @TempDir static Path tmp;
  static SigningKeySet keys;
  static Path jwks;

  @BeforeAll
  static void keys() throws IOException {
    keys = SigningKeySet.generate(SigningAlgorithm.ES256);
    jwks = Files.writeString(tmp.resolve("public.jwks.json"), keys.verificationKeys().toJson());
  }

  @Test
  void proofByTheBoundKeyForThisRequestVerifies() {
    DpopKey consumer = DpopKey.generate();
    String token = grantBoundTo(consumer);

    Cli.Result result = verify(consumer.proof("GET", URL, token), "GET", URL.toString(), token);

    assertThat(result.exitCode()).isZero();
    assertThat(result.out()).startsWith("{\"valid\":true,");
  }

  @Test
  void proofForAnotherMethodIsRejected() {
    DpopKey consumer = DpopKey.generate();
    String token = grantBoundTo(consumer);

    Cli.Result result = verify(consumer.proof("POST", URL, token), "GET", URL.toString(), token);

    assertThat(result.exitCode()).isEqualTo(3);
    assertThat(result.out()).isEqualTo("{\"valid\":false,\"reason\":\"DPOP_METHOD_MISMATCH\"}\n");
  }

  @Test
  void proofByAnotherKeyIsRejected() {
    String token = grantBoundTo(DpopKey.generate());
    String stolen = DpopKey.generate().proof("GET", URL, token);

    Cli.Result result = verify(stolen, "GET", URL.toString(), token);

    assertThat(result.exitCode()).isEqualTo(3);
    assertThat(result.out()).contains("DPOP_KEY_MISMATCH");
  }

  @Test
  void lowerCaseMethodIsAUsageError() {
    DpopKey consumer = DpopKey.generate();
    String token = grantBoundTo(consumer);

    Cli.Result result = verify(consumer.proof("GET", URL, token), "get", URL.toString(), token);

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("--method: expected an upper-case http method");
  }

  private static String grantBoundTo(DpopKey consumer) {
    return TestGrants.signClaims(keys, TestGrants.claims(consumer.thumbprint()).toString());
  }

  private static Cli.Result verify(String proof, String method, String url, String token) {
    return Cli.run(
        "grant",
        "verify",
        "--jwks",
        jwks.toString(),
        "--issuer",
        TestGrants.ISSUER,
        "--audience",
        TestGrants.AUDIENCE,
        "--no-revocation-check",
        "--dpop",
        proof,
        "--method",
        method,
        "--url",
        url,
        token);
  }
}
