package org.mydatakit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The README's first command walks the flow and exits 0 only if every step ends as expected. */
class QuickstartCommandTest {

  @Test
  void quickstartWalksTheFlowAndRefusesEveryAttack() {
    Cli.Result result = Cli.run("quickstart");
    assertThat(result.exitCode()).as(result.out() + result.err()).isZero();
    assertThat(result.out())
        .contains("4. NHIS: verified grant + fresh DPoP proof: VALID")
        .contains("the same proof again: rejected, DPOP_REPLAY")
        .contains("the grant with the thief's own proof: rejected, DPOP_KEY_MISMATCH")
        .contains("a tampered signature: rejected, BAD_SIGNATURE")
        .contains("the NHIS grant presented to NTS: rejected, WRONG_AUDIENCE")
        .contains("the next fetch: rejected, REVOKED")
        .contains("quickstart: every step ended as expected")
        .doesNotContain("ACCEPTED")
        .doesNotContain("eyJ"); // no token is printed
  }

  @Test
  void quickstartHasHelp() {
    Cli.Result result = Cli.run("quickstart", "--help");
    assertThat(result.exitCode()).isZero();
    assertThat(result.out()).contains("Usage: mydatakit quickstart");
  }
}
