package org.mydatakit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.mydatakit.keys.SigningAlgorithm;
import org.mydatakit.keys.SigningKeySet;

class GrantInspectCommandTest {
  static final SigningKeySet KEYS = SigningKeySet.generate(SigningAlgorithm.ES256, "k1");

  @Test
  void printsHeaderAndClaimsMarkedUnverified() throws Exception {
    String token = TestGrants.sign(KEYS);

    Cli.Result result = Cli.run("grant", "inspect", token);

    assertThat(result.exitCode()).isZero();
    assertThat(result.out()).contains("UNVERIFIED").contains("\n  \"header\"");
    JsonNode json = new ObjectMapper().readTree(result.out());
    assertThat(json.get("warning").asText()).isEqualTo("UNVERIFIED: signature not checked");
    assertThat(json.at("/header/typ").asText()).isEqualTo("mydata-grant+jwt");
    assertThat(json.at("/header/kid").asText()).isEqualTo("k1");
    assertThat(json.at("/claims/cid").asText()).isEqualTo(TestGrants.CONSENT);
    assertThat(json.at("/claims/cnf/jkt").asText()).isEqualTo(TestGrants.JKT);
  }

  @Test
  void readsTheTokenFromStdinWithDash() {
    Cli.Result result =
        Cli.runWithStdin("\n" + TestGrants.sign(KEYS) + "\n", "grant", "inspect", "-");
    Cli.Result empty = Cli.runWithStdin("", "grant", "inspect", "-");

    assertThat(result.exitCode()).isZero();
    assertThat(result.out()).contains("UNVERIFIED").contains(TestGrants.CONSENT);
    assertThat(empty.exitCode()).isEqualTo(2);
    assertThat(empty.err()).contains("expected a token on standard input");
  }

  @Test
  void inspectsEvenABadlySignedOrPaddedToken() {
    String header = b64("{\"alg\":\"none\"}") + "==";

    Cli.Result result = Cli.run("grant", "inspect", header + "." + b64("{\"sub\":\"x\"}") + ".");

    assertThat(result.exitCode()).isZero();
    assertThat(result.out()).contains("UNVERIFIED").contains("\"alg\" : \"none\"");
  }

  @Test
  void wrongNumberOfPartsIsNamedWithoutEchoingTheToken() {
    String token = b64("{\"alg\":\"ES256\"}") + ".secretpayload";

    Cli.Result result = Cli.run("grant", "inspect", token);

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("malformed token: expected a compact jws of three parts");
    assertThat(result.err()).doesNotContain("secretpayload").doesNotContain(token);
    assertThat(result.out()).isEmpty();
  }

  @Test
  void nonBase64HeaderIsNamed() {
    Cli.Result result = Cli.run("grant", "inspect", "he*der.e30.sig");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("header: expected base64url");
  }

  @Test
  void claimsThatAreNotOneJsonObjectAreNamed() {
    String header = b64("{\"alg\":\"ES256\"}");

    Cli.Result notJson = Cli.run("grant", "inspect", header + "." + b64("secret text") + ".s");
    Cli.Result array = Cli.run("grant", "inspect", header + "." + b64("[1]") + ".s");
    Cli.Result twice = Cli.run("grant", "inspect", header + "." + b64("{\"a\":1,\"a\":2}") + ".s");

    assertThat(notJson.err()).contains("claims: expected one json object");
    assertThat(notJson.err()).doesNotContain("secret");
    assertThat(array.err()).contains("claims: expected a json object");
    assertThat(twice.err()).contains("claims: expected one json object (no duplicate members");
    assertThat(new int[] {notJson.exitCode(), array.exitCode(), twice.exitCode()}).containsOnly(2);
  }

  @Test
  void deeplyNestedOrHugeTokensAreRefused() {
    String header = b64("{\"alg\":\"ES256\"}");
    String deep = b64("{\"a\":".repeat(100) + "1" + "}".repeat(100));

    Cli.Result nested = Cli.run("grant", "inspect", header + "." + deep + ".s");
    Cli.Result huge = Cli.run("grant", "inspect", "a".repeat(70_000));

    assertThat(nested.exitCode()).isEqualTo(2);
    assertThat(nested.err()).contains("depth at most 32");
    assertThat(huge.exitCode()).isEqualTo(2);
    assertThat(huge.err()).contains("at most 64 KiB");
  }

  private static String b64(String text) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }
}
