package org.mydatakit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mydatakit.keys.SigningAlgorithm;
import org.mydatakit.keys.SigningKeySet;

class StatusListCommandTest {
  static final SigningKeySet KEYS = SigningKeySet.generate(SigningAlgorithm.ES256, "k1");
  static final String ISSUER = "https://broker.example";
  static final String URI_1 = "https://broker.example/status/1";

  @TempDir Path dir;
  Path signing;
  Path jwks;
  Path list;

  @BeforeEach
  void keys() throws Exception {
    signing = Files.writeString(dir.resolve("signing.jwks.json"), KEYS.exportPrivateJwks());
    jwks = Files.writeString(dir.resolve("public.jwks.json"), KEYS.verificationKeys().toJson());
    list = dir.resolve("status-1.jwt");
  }

  private Cli.Result build(String... extra) {
    String[] base = {
      "status-list",
      "build",
      "--keys",
      signing.toString(),
      "--issuer",
      ISSUER,
      "--uri",
      URI_1,
      "--size",
      "1000",
      "--out",
      list.toString()
    };
    String[] args = new String[base.length + extra.length];
    System.arraycopy(base, 0, args, 0, base.length);
    System.arraycopy(extra, 0, args, base.length, extra.length);
    return Cli.run(args);
  }

  private static JsonNode json(Cli.Result result) throws Exception {
    assertThat(result.outLines()).hasSize(1);
    return new ObjectMapper().readTree(result.out());
  }

  @Test
  void buildWritesASignedListAndSummarisesIt() throws Exception {
    Cli.Result result =
        build("--revoke", "42", "--revoke", "7", "--suspend", "43", "--ttl", "PT1M");

    assertThat(result.exitCode()).isZero();
    JsonNode out = json(result);
    assertThat(out.get("sub").asText()).isEqualTo(URI_1);
    assertThat(out.get("ttl").asLong()).isEqualTo(60);
    assertThat(out.at("/counts/INVALID").asLong()).isEqualTo(2);
    assertThat(out.at("/counts/SUSPENDED").asLong()).isEqualTo(1);
    assertThat(Files.readString(list)).endsWith("\n").doesNotContain("\"d\"");
    assertThat(result.out()).doesNotContain(Files.readString(list).strip());
  }

  @Test
  void inspectVerifiesAndShowsTheRequestedEntriesInOrder() throws Exception {
    build("--revoke", "42", "--suspend", "43");

    Cli.Result result =
        Cli.run(
            "status-list",
            "inspect",
            "--jwks",
            jwks.toString(),
            "--issuer",
            ISSUER,
            list.toString(),
            "--idx",
            "43",
            "--idx",
            "0",
            "--idx",
            "42");

    assertThat(result.exitCode()).isZero();
    assertThat(result.out().strip())
        .isEqualTo(
            "{\"verified\":true,\"sub\":\""
                + URI_1
                + "\",\"ttl\":300,\"size\":1000,\"bits\":2,"
                + "\"counts\":{\"VALID\":998,\"INVALID\":1,\"SUSPENDED\":1},"
                + "\"entries\":[{\"idx\":43,\"status\":\"SUSPENDED\"},"
                + "{\"idx\":0,\"status\":\"VALID\"},{\"idx\":42,\"status\":\"INVALID\"}]}");
  }

  @Test
  void inspectWithoutKeysDecodesUnverified() throws Exception {
    build("--revoke", "42");

    JsonNode out = json(Cli.run("status-list", "inspect", list.toString(), "--idx", "42"));

    assertThat(out.get("verified").asBoolean()).isFalse();
    assertThat(out.at("/entries/0/status").asText()).isEqualTo("INVALID");
    assertThat(out.get("size").asLong()).isEqualTo(1000);
  }

  @Test
  void inspectRejectsAWrongIssuerOrKeyWithExit3() throws Exception {
    build();
    Path otherJwks =
        Files.writeString(
            dir.resolve("other.jwks.json"),
            SigningKeySet.generate(SigningAlgorithm.ES256, "k1").verificationKeys().toJson());

    Cli.Result issuer =
        Cli.run(
            "status-list",
            "inspect",
            "--jwks",
            jwks.toString(),
            "--issuer",
            "https://other.example",
            list.toString());
    Cli.Result key =
        Cli.run(
            "status-list",
            "inspect",
            "--jwks",
            otherJwks.toString(),
            "--issuer",
            ISSUER,
            list.toString());

    assertThat(issuer.exitCode()).isEqualTo(3);
    assertThat(issuer.out().strip()).isEqualTo("{\"verified\":false,\"reason\":\"WRONG_ISSUER\"}");
    assertThat(key.exitCode()).isEqualTo(3);
    assertThat(key.out().strip()).isEqualTo("{\"verified\":false,\"reason\":\"BAD_SIGNATURE\"}");
  }

  @Test
  void inspectRejectsAWrongTypeWithExit3() throws Exception {
    build();
    String[] parts = Files.readString(list).strip().split("\\.");
    String header =
        Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString("{\"typ\":\"JWT\",\"alg\":\"ES256\",\"kid\":\"k1\"}".getBytes());
    Files.writeString(list, header + "." + parts[1] + "." + parts[2]);

    Cli.Result result =
        Cli.run(
            "status-list",
            "inspect",
            "--jwks",
            jwks.toString(),
            "--issuer",
            ISSUER,
            list.toString());

    assertThat(result.exitCode()).isEqualTo(3);
    assertThat(result.out().strip()).isEqualTo("{\"verified\":false,\"reason\":\"WRONG_TYPE\"}");
  }

  @Test
  void inspectRejectsABombWithTooLarge() throws Exception {
    ByteArrayOutputStream zlib = new ByteArrayOutputStream();
    try (DeflaterOutputStream out =
        new DeflaterOutputStream(zlib, new Deflater(Deflater.BEST_COMPRESSION))) {
      byte[] zeros = new byte[1 << 20];
      for (int i = 0; i < 32; i++) {
        out.write(zeros);
      }
    }
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    String payload =
        "{\"sub\":\""
            + URI_1
            + "\",\"ttl\":300,\"status_list\":{\"bits\":2,\"lst\":\""
            + b64.encodeToString(zlib.toByteArray())
            + "\"}}";
    Files.writeString(
        list,
        b64.encodeToString("{\"alg\":\"none\"}".getBytes())
            + "."
            + b64.encodeToString(payload.getBytes())
            + ".c2ln");

    Cli.Result result = Cli.run("status-list", "inspect", list.toString());

    assertThat(result.exitCode()).isEqualTo(3);
    assertThat(result.out().strip()).isEqualTo("{\"verified\":false,\"reason\":\"TOO_LARGE\"}");
  }

  @Test
  void usageErrorsExit2() throws Exception {
    build();

    Cli.Result onlyJwks =
        Cli.run("status-list", "inspect", "--jwks", jwks.toString(), list.toString());
    Cli.Result missing = Cli.run("status-list", "inspect", dir.resolve("nope.jwt").toString());
    Cli.Result outOfRange = Cli.run("status-list", "inspect", list.toString(), "--idx", "1000");
    Cli.Result buildOutOfRange = build("--revoke", "1000");
    Cli.Result both = build("--revoke", "5", "--suspend", "5");
    Cli.Result noSub = Cli.run("status-list");

    assertThat(onlyJwks.exitCode()).isEqualTo(2);
    assertThat(onlyJwks.err()).contains("--jwks and --issuer");
    assertThat(missing.exitCode()).isEqualTo(2);
    assertThat(outOfRange.exitCode()).isEqualTo(2);
    assertThat(outOfRange.err()).contains("--idx: expected 0 to 999");
    assertThat(buildOutOfRange.exitCode()).isEqualTo(2);
    assertThat(both.exitCode()).isEqualTo(2);
    assertThat(noSub.exitCode()).isEqualTo(2);
    assertThat(noSub.err()).contains("build or inspect");
  }

  @Test
  void helpListsTheSubcommands() {
    Cli.Result help = Cli.run("status-list", "--help");
    Cli.Result main = Cli.run("--help");

    assertThat(help.exitCode()).isZero();
    assertThat(help.out()).contains("build").contains("inspect");
    assertThat(main.out()).contains("status-list");
  }
}
