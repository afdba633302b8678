package org.mydatakit.testing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The guard's pattern catches what it must and lets ordinary lines pass. */
class LogLeakGuardTest {

  @Test
  void forbiddenShapesAreCaught() {
    assertThat(LogLeakGuard.FORBIDDEN.matcher("grant eyJhbGciOi...").find()).isTrue();
    assertThat(LogLeakGuard.FORBIDDEN.matcher("ci FAKE-CI-CITIZEN-1").find()).isTrue();
    assertThat(
            LogLeakGuard.FORBIDDEN
                .matcher("sub ASwmfCMAxd847iTe1cbNVdyFoSxiIVFR_zFfkFIG184")
                .find())
        .isTrue();
  }

  @Test
  void ordinaryLinesPass() {
    assertThat(
            LogLeakGuard.FORBIDDEN
                .matcher(
                    "revocation check failed with java.lang.IllegalStateException; failing closed")
                .find())
        .isFalse();
    assertThat(
            LogLeakGuard.FORBIDDEN
                .matcher("status list https://broker.example/status/1 refresh failed: EXPIRED")
                .find())
        .isFalse();
  }

  @Test
  void theGuardWatchesEveryTest() {
    assertThat(LogLeakGuard.watching).isEqualTo("theGuardWatchesEveryTest()");
  }

  @Test
  void theGuardIsInstalled() {
    org.slf4j.LoggerFactory.getLogger("probe").debug("probe line");
    assertThat(CapturingAppender.drain()).anyMatch(line -> line.contains("probe line"));
  }
}
