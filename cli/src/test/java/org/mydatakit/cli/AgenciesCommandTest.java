package org.mydatakit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mydatakit.keys.SigningAlgorithm;
import org.mydatakit.keys.SigningKeySet;
import org.mydatakit.store.jdbc.Databases;
import org.mydatakit.store.jdbc.JdbcConsentStore;

/** {@code agencies register, list, suspend, resume} on an H2 file store. */
class AgenciesCommandTest {
  @TempDir Path dir;
  String url;
  Path publicJwks;

  @BeforeEach
  void files() throws Exception {
    url = "jdbc:h2:file:" + dir.resolve("broker").toAbsolutePath();
    publicJwks =
        Files.writeString(
            dir.resolve("kb.jwks.json"),
            SigningKeySet.generate(SigningAlgorithm.ES256).verificationKeys().toJson());
  }

  private Cli.Result registerNhis() {
    return Cli.run(
        "agencies",
        "register",
        "--store",
        url,
        "--id",
        "NHIS",
        "--name",
        "National Health Insurance Service",
        "--role",
        "provider",
        "--jwks-uri",
        "https://api.nhis.example/jwks.json",
        "--item",
        "nhis.qualification",
        "--item",
        "nhis.checkup",
        "--event-endpoint",
        "http://127.0.0.1:9000/events");
  }

  private Cli.Result registerBank() {
    return Cli.run(
        "agencies",
        "register",
        "--store",
        url,
        "--id",
        "KB-BANK",
        "--name",
        "KB Bank",
        "--role",
        "consumer",
        "--role",
        "PROVIDER",
        "--jwks",
        publicJwks.toString(),
        "--purpose",
        "loan-screening");
  }

  @Test
  void registerListSuspendResume() {
    Cli.Result nhis = registerNhis();
    assertThat(nhis.exitCode()).as(nhis.err()).isZero();
    assertThat(nhis.out()).isEqualTo("registered NHIS\n");
    Cli.Result bank = registerBank();
    assertThat(bank.exitCode()).as(bank.err()).isZero();
    assertThat(bank.out()).isEqualTo("registered KB-BANK\n");

    Cli.Result list = Cli.run("agencies", "list", "--store", url);
    assertThat(list.exitCode()).as(list.err()).isZero();
    assertThat(list.outLines())
        .containsExactly(
            "KB-BANK\tACTIVE\tconsumer,provider\tKB Bank",
            "NHIS\tACTIVE\tprovider\tNational Health Insurance Service");

    Cli.Result suspend = Cli.run("agencies", "suspend", "--store", url, "--id", "NHIS");
    assertThat(suspend.exitCode()).as(suspend.err()).isZero();
    assertThat(suspend.out()).isEqualTo("NHIS SUSPENDED\n");
    assertThat(Cli.run("agencies", "list", "--store", url).outLines())
        .contains("NHIS\tSUSPENDED\tprovider\tNational Health Insurance Service");

    Cli.Result resume = Cli.run("agencies", "resume", "--store", url, "--id", "NHIS");
    assertThat(resume.exitCode()).as(resume.err()).isZero();
    assertThat(resume.out()).isEqualTo("NHIS ACTIVE\n");
    assertThat(Cli.run("agencies", "list", "--store", url).outLines())
        .contains("NHIS\tACTIVE\tprovider\tNational Health Insurance Service");
  }

  @Test
  void listAsJsonHasEveryValueButNoKeyMaterial() throws Exception {
    registerNhis();
    registerBank();
    Cli.Result list = Cli.run("agencies", "list", "--store", url, "--json");
    assertThat(list.exitCode()).as(list.err()).isZero();
    assertThat(list.outLines()).hasSize(2);
    assertThat(list.outLines()[0])
        .isEqualTo(
            "{\"id\":\"KB-BANK\",\"status\":\"ACTIVE\",\"roles\":[\"consumer\",\"provider\"],"
                + "\"name\":\"KB Bank\",\"keys\":\"inline\",\"items\":[],"
                + "\"purposes\":[\"loan-screening\"]}");
    assertThat(list.outLines()[1])
        .isEqualTo(
            "{\"id\":\"NHIS\",\"status\":\"ACTIVE\",\"roles\":[\"provider\"],"
                + "\"name\":\"National Health Insurance Service\","
                + "\"jwksUri\":\"https://api.nhis.example/jwks.json\",\"keys\":\"uri\","
                + "\"items\":[\"nhis.checkup\",\"nhis.qualification\"],\"purposes\":[],"
                + "\"eventEndpoint\":\"http://127.0.0.1:9000/events\"}");
    assertThat(list.out()).doesNotContain("\"x\"", "\"kid\"");
  }

  @Test
  void anIdAlreadyRegisteredIsRefusedWithExit3AndNothingChanges() {
    registerNhis();
    Cli.Result again =
        Cli.run(
            "agencies",
            "register",
            "--store",
            url,
            "--id",
            "NHIS",
            "--name",
            "Someone else",
            "--role",
            "consumer",
            "--jwks",
            publicJwks.toString());
    assertThat(again.exitCode()).isEqualTo(3);
    assertThat(again.out()).isEmpty();
    assertThat(again.err())
        .isEqualTo(
            "mydatakit: cannot register agency NHIS: expected a new id, it is already"
                + " registered\n");
    assertThat(Cli.run("agencies", "list", "--store", url).outLines())
        .containsExactly("NHIS\tACTIVE\tprovider\tNational Health Insurance Service");
  }

  @Test
  void anUnknownIdCannotBeSuspendedOrResumed() {
    registerNhis();
    for (String command : new String[] {"suspend", "resume"}) {
      Cli.Result r = Cli.run("agencies", command, "--store", url, "--id", "NTS");
      assertThat(r.exitCode()).as(command).isEqualTo(3);
      assertThat(r.err()).contains("agency NTS: no such agency is registered");
      assertThat(r.out()).isEmpty();
    }
  }

  @Test
  void usageErrorsNameWhatWasExpected() throws Exception {
    Path privateJwks =
        Files.writeString(
            dir.resolve("private.jwks.json"),
            SigningKeySet.generate(SigningAlgorithm.ES256).exportPrivateJwks());
    String[] base = {"agencies", "register", "--store", url, "--id", "NHIS", "--name", "NHIS"};
    assertUsage(with(base, "--jwks-uri", "https://nhis.example/jwks"), "--role");
    assertUsage(
        with(base, "--role", "broker", "--jwks-uri", "https://nhis.example/jwks"),
        "--role: expected consumer or provider");
    assertUsage(
        with(base, "--role", "provider"),
        "expected exactly one of --jwks-uri URI or --jwks FILE, got neither");
    assertUsage(
        with(
            base,
            "--role",
            "provider",
            "--jwks-uri",
            "https://nhis.example/jwks",
            "--jwks",
            publicJwks.toString()),
        "expected exactly one of --jwks-uri URI or --jwks FILE, got both");
    assertUsage(
        with(base, "--role", "provider", "--jwks-uri", "http://nhis.example/jwks"),
        "jwks uri: expected an https uri (or http to localhost, 127.0.0.0/8 or ::1)");
    assertUsage(
        with(base, "--role", "provider", "--jwks", privateJwks.toString()),
        "expected a public key, got private key material");
    assertUsage(
        with(base, "--role", "provider", "--jwks", dir.resolve("missing.json").toString()),
        "--jwks: expected a readable JWK Set file");
    assertUsage(
        new String[] {
          "agencies",
          "register",
          "--store",
          url,
          "--id",
          "NHIS",
          "--name",
          "",
          "--role",
          "provider",
          "--jwks-uri",
          "https://nhis.example/jwks"
        },
        "agency name: expected 1 to 100 characters");
    assertUsage(
        new String[] {
          "agencies",
          "register",
          "--store",
          url,
          "--id",
          "not an id",
          "--name",
          "x",
          "--role",
          "provider",
          "--jwks-uri",
          "https://nhis.example/jwks"
        },
        "--id: agency id: expected 1 to 64 characters");
    assertUsage(
        with(base, "--role", "provider", "--jwks-uri", "https://x.example/j", "--item", "a b"),
        "--item: item code: expected");
    assertUsage(new String[] {"agencies", "list"}, "expected --store URL");
    assertUsage(new String[] {"agencies", "suspend", "--store", url}, "--id");
    assertUsage(new String[] {"agencies", "resume", "--id", "NHIS"}, "--store");
    assertUsage(
        new String[] {"agencies"}, "expected a subcommand: register, list, suspend or resume");
    assertUsage(
        new String[] {"agencies", "suspend", "--store", "jdbc:mysql://x/y", "--id", "NHIS"},
        "--store: jdbc url: expected jdbc:h2:... or jdbc:postgresql:...");
    try (Stream<Path> left = Files.list(dir)) {
      assertThat(left.map(p -> p.getFileName().toString()))
          .as("no store was created by a refused command")
          .containsExactlyInAnyOrder("kb.jwks.json", "private.jwks.json");
    }
  }

  @Test
  void aPrivateKeyFileIsRefusedWithoutEchoingIt() throws Exception {
    String secret = SigningKeySet.generate(SigningAlgorithm.ES256).exportPrivateJwks();
    Path file = Files.writeString(dir.resolve("private.jwks.json"), secret);
    Cli.Result r =
        Cli.run(
            "agencies",
            "register",
            "--store",
            url,
            "--id",
            "NHIS",
            "--name",
            "NHIS",
            "--role",
            "provider",
            "--jwks",
            file.toString());
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("expected a public key, got private key material");
    String d = secret.replaceAll("(?s).*\"d\"\\s*:\\s*\"([^\"]+)\".*", "$1");
    assertThat(r.err()).doesNotContain(d);
  }

  @Test
  void suspendingOnAStoreThatDoesNotExistCreatesNothing() throws Exception {
    String missing = "jdbc:h2:file:" + dir.resolve("none").resolve("broker").toAbsolutePath();
    Cli.Result r = Cli.run("agencies", "suspend", "--store", missing, "--id", "NHIS");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("found no store there");
    assertThat(dir.resolve("none")).doesNotExist();
  }

  @Test
  void aStoreMigratedBeforeTheRegistryListsNoAgencies() throws Exception {
    JdbcConsentStore.builder(Databases.fromUrl(url)).build().migrate();
    try (Connection c = Databases.fromUrl(url).getConnection();
        Statement s = c.createStatement()) {
      // as a broker of the release before the registry left it: no registry (V8), and none of
      // what came after it (V9, consent events; V10, the citizens' inbox)
      s.execute("DROP TABLE mydatakit_event");
      s.execute("DROP TABLE mydatakit_erasure");
      s.execute("DROP TABLE mydatakit_inbox");
      s.execute("DROP TABLE mydatakit_agency");
      s.execute("DELETE FROM \"mydatakit_schema_history\" WHERE \"version\" IN ('8', '9', '10')");
    }
    Cli.Result r = Cli.run("agencies", "list", "--store", url);
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).contains("no agency is registered in this store");
    Cli.Result register = registerNhis();
    assertThat(register.exitCode()).as(register.err()).isZero(); // it migrates: the table is back
    assertThat(Cli.run("agencies", "list", "--store", url).outLines()).hasSize(1);
  }

  @Test
  void helpListsTheCommandsAndOptions() {
    Cli.Result top = Cli.run("--help");
    assertThat(top.out()).contains("agencies").contains("agency change was refused");
    Cli.Result group = Cli.run("agencies", "--help");
    assertThat(group.exitCode()).isZero();
    assertThat(group.out()).contains("register", "list", "suspend", "resume");
    Cli.Result register = Cli.run("agencies", "register", "--help");
    assertThat(register.exitCode()).isZero();
    assertThat(register.out())
        .contains("--jwks-uri=URI", "--jwks=FILE", "--role=ROLE", "--event-endpoint=URI")
        .contains("exit 3");
  }

  private void assertUsage(String[] args, String expected) {
    Cli.Result r = Cli.run(args);
    assertThat(r.exitCode()).as(String.join(" ", args) + "\n" + r.err()).isEqualTo(2);
    assertThat(r.err()).as(String.join(" ", args)).contains(expected);
    assertThat(r.out()).isEmpty();
  }

  private static String[] with(String[] base, String... more) {
    return Stream.concat(Stream.of(base), Stream.of(more)).toArray(String[]::new);
  }
}
