package org.mydatakit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MainTest {

  @Test
  void helpListsTheCommandsAndExitCodes() {
    Cli.Result result = Cli.run("--help");

    assertThat(result.exitCode()).isZero();
    assertThat(result.out()).contains("keys").contains("grant").contains("Exit codes");
  }

  @Test
  void theDemoIsNotACommandOfThePublishedCliButHelpSaysWhereItIs() {
    assertThat(Cli.run("--help").out()).contains("./mydatakit demo");
    Cli.Result demo = Cli.run("demo");
    assertThat(demo.exitCode()).isEqualTo(2);
  }

  @Test
  void versionIsDevWhenRunFromClasses() {
    Cli.Result result = Cli.run("--version");

    assertThat(result.exitCode()).isZero();
    assertThat(result.out()).isEqualTo("mydatakit dev\n");
  }

  @Test
  void everyCommandHasHelp() {
    for (String[] command :
        new String[][] {
          {"keys", "--help"},
          {"keys", "generate", "--help"},
          {"grant", "--help"},
          {"grant", "verify", "--help"},
          {"grant", "inspect", "--help"},
          {"dpop", "--help"},
          {"dpop", "generate", "--help"},
          {"dpop", "proof", "--help"},
          {"consents", "overdue-erasure", "--help"},
          {"events", "--help"},
          {"events", "dead-letters", "--help"},
          {"events", "replay", "--help"}
        }) {
      Cli.Result result = Cli.run(command);
      assertThat(result.exitCode()).as(String.join(" ", command)).isZero();
      assertThat(result.out()).as(String.join(" ", command)).startsWith("Usage: mydatakit");
    }
  }

  @Test
  void missingSubcommandIsAUsageError() {
    Cli.Result top = Cli.run();
    Cli.Result grant = Cli.run("grant");

    assertThat(top.exitCode()).isEqualTo(2);
    assertThat(top.err()).startsWith("mydatakit: expected a subcommand");
    assertThat(grant.exitCode()).isEqualTo(2);
    assertThat(grant.err()).contains("try 'mydatakit grant --help'");
  }

  @Test
  void unknownOptionIsAUsageErrorInLowerCase() {
    Cli.Result result = Cli.run("keys", "generate", "--bogus");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).startsWith("mydatakit: ").doesNotStartWith("mydatakit: U");
    assertThat(result.out()).isEmpty();
  }

  @Test
  void unmatchedArgumentsAreCountedNeverQuoted() {
    String secret = "eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJzZWNyZXQifQ.c2ln";

    Cli.Result result = Cli.run("grant", "inspect", secret, secret);

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("1 unexpected argument(s), not shown").doesNotContain(secret);
  }

  @Test
  void unknownOptionsAreNamed() {
    Cli.Result result = Cli.run("keys", "generate", "--alg", "ES256", "--out", "x", "--bogus");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).startsWith("mydatakit: unknown option --bogus: expected an option");
  }
}
