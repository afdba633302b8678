package org.mydatakit.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo end to end through its command line, as {@code ./mydatakit demo --home DIR} runs it,
 * twice on one home: every step's outcome, and history across runs.
 */
class DemoTest {
  @TempDir Path home;

  private record Run(int exit, String out, String err) {}

  private static Run run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit;
    try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      exit = DemoMain.run(o, e, args);
    }
    return new Run(
        exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private String demo() {
    Run run = run("--home", home.toString());
    assertThat(run.exit()).as(run.out() + run.err()).isZero();
    assertThat(run.err()).isEmpty();
    return run.out();
  }

  @Test
  void theWholeFlowRunsAndASecondRunSeesTheFirstRunsHistory() {
    String first = demo();
    assertThat(first)
        .startsWith("mydatakit demo — store jdbc:h2:file:" + home.toAbsolutePath())
        .contains("1. KB-BANK asks")
        .contains("REQUESTED")
        .contains("2. the citizen approves: ACTIVE")
        .contains("verifies")
        .contains("3. grants issued over HTTP")
        .contains("NHIS")
        .contains("NTS")
        .contains(
            "4. remaining NHIS deliveries this month (a grant delivers each item once): 3 of 4")
        .contains("6. a new fetch gets no grant: the broker issues none for a revoked consent")
        .contains("7. the grant held from before the revoke is refused by NHIS: 403 REVOKED")
        .contains("8. 홍길동's access history (제공 이력), all runs: 6 entries")
        .contains("(confirmed by NHIS's signed receipt)")
        .contains("9. NHIS's witness cosigns the log's checkpoint: ")
        .contains(
            "10. shown a forked log (same size, another root), the witness refuses: LOG_FORKED")
        .contains("11. audit log (chain, Merkle tree, signed checkpoints) intact")
        .contains("demo: every step ended as expected")
        .doesNotContain("PRIVATE+KEY")
        .doesNotContain("eyJ")
        .doesNotContain("FAKE-CI");
    String second = demo();
    assertThat(second)
        .contains("all runs: 12 entries")
        .containsPattern("consistent with the \\d+ it cosigned before")
        .contains("11. audit log (chain, Merkle tree, signed checkpoints) intact")
        .contains("demo: every step ended as expected");
    assertEveryInstantInOneFormat(first + second);
  }

  /** Every instant printed is UTC to the second, like 2026-12-27T12:00:53Z. */
  private static void assertEveryInstantInOneFormat(String text) {
    Matcher anyInstant = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T[0-9:.,+-]*Z?").matcher(text);
    List<String> instants = new ArrayList<>();
    while (anyInstant.find()) {
      instants.add(anyInstant.group());
    }
    // the budget's reset, and both runs' access histories (5 and 10 entries)
    assertThat(instants).hasSizeGreaterThanOrEqualTo(2 + 5 + 10);
    assertThat(instants)
        .allMatch(
            i -> i.matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z"), "yyyy-MM-ddTHH:mm:ssZ");
  }

  @Test
  void helpNamesTheDocumentedOptions() {
    Run help = run("--help");
    assertThat(help.exit()).isZero();
    assertThat(help.out())
        .contains("mydatakit demo")
        .contains("--home=DIR")
        .contains("--store=URL")
        .contains("--keep-running");
  }

  @Test
  void anUnknownArgumentIsAUsageErrorThatQuotesNothing() {
    Run run = run("--home", home.toString(), "eyJsecret");
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).contains("try 'mydatakit demo --help'").doesNotContain("eyJ");
    assertThat(run.out()).isEmpty();
  }
}
