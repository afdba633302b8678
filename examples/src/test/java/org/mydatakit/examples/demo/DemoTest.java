package org.mydatakit.examples.demo;

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

/** The demo end to end, twice on one home: every step's outcome, and history across runs. */
class DemoTest {
  @TempDir Path home;

  private String run() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    int exit;
    try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
      exit = Demo.run(home, null, false, out);
    }
    String text = bytes.toString(StandardCharsets.UTF_8);
    assertThat(exit).as(text).isZero();
    return text;
  }

  @Test
  void theWholeFlowRunsAndASecondRunSeesTheFirstRunsHistory() throws Exception {
    String first = run();
    assertThat(first)
        .contains("mydatakit demo — store jdbc:h2:file:")
        .contains("1. KB-BANK asks")
        .contains("REQUESTED")
        .contains("2. the citizen approves: ACTIVE")
        .contains("verifies")
        .contains("3. grants issued over HTTP")
        .contains("NHIS")
        .contains("NTS")
        .contains("4. remaining NHIS budget this month: 3 of 4")
        .contains("6. the next fetch is refused by NHIS: 403 REVOKED")
        .contains("7. 홍길동's access history (제공 이력), all runs: 5 entries")
        .contains("8. audit chain intact")
        .contains("demo: every step ended as expected")
        .doesNotContain("eyJ")
        .doesNotContain("FAKE-CI");
    String second = run();
    assertThat(second)
        .contains("all runs: 10 entries")
        .contains("8. audit chain intact")
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
}
