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
 * twice on one home: the sample OpenID provider and the broker server as processes of their own
 * (their jars built by the reactor before this module's tests: see the pom), every step's outcome,
 * and history across runs.
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
        .startsWith(
            "mydatakit demo — store jdbc:h2:file:" + home.toAbsolutePath().resolve("broker"))
        .contains("broker server      http://127.0.0.1:")
        .contains("identity provider  http://127.0.0.1:")
        .contains("1. KB-BANK asks 홍길동 (fictional)")
        .contains("(POST /consents)")
        .contains("REQUESTED")
        .contains("2. she signs in at the identity provider as hong.gildong")
        .contains("POST identity provider /login")
        .contains("→ 302 to broker /login/oauth2/code/citizen (with an authorization code)")
        .contains("200: session established")
        .contains("3. she approves it with the SHA-256 of that text")
        .contains("ACTIVE, status-list slot")
        .contains("4. grants issued over HTTP")
        .contains("2 of 2 items delivered")
        .contains("5. she revokes it on her API")
        .contains("REVOKED; waiting 2 s")
        .contains("6. a new fetch gets no grant: the broker issues none for a revoked consent")
        .contains("7. the grant held from before the revoke is refused by NHIS: 403 REVOKED")
        .contains("8. 홍길동's access history (제공 이력, GET /citizen/history), all runs: 6 entries")
        .contains("fetched  NHIS [nhis.qualification]")
        .contains("9. NHIS's witness cosigns the log's checkpoint")
        .contains(
            "10. shown a forked log (same size, another root), the witness refuses: LOG_FORKED")
        .containsPattern("11\\. her proof files .*: (\\d+) of \\1 verify offline")
        .contains("demo: every step ended as expected")
        .doesNotContain("PRIVATE+KEY")
        .doesNotContain("eyJ")
        .doesNotContain("FAKE-CI")
        .doesNotContain("code=")
        .doesNotContain("state=");
    assertThat(home.resolve("logs/broker-server.log")).exists();
    assertThat(home.resolve("logs/sample-idp.log")).exists();
    String second = demo();
    assertThat(second)
        .contains("all runs: 12 entries")
        .containsPattern("consistent with the \\d+ it cosigned before")
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
    // both runs' access histories (6 and 12 entries)
    assertThat(instants).hasSizeGreaterThanOrEqualTo(6 + 12);
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
