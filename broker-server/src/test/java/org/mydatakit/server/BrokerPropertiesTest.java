package org.mydatakit.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mydatakit.log.NoteCosigner;
import org.mydatakit.log.NoteSigner;

/** The configuration's validation: what it rejects, and what it derives from the issuer. */
class BrokerPropertiesTest {
  private static BrokerProperties of(String issuer) {
    return new BrokerProperties(
        issuer, Path.of("home"), null, Duration.ofMinutes(5), 1000, List.of(), false);
  }

  @Test
  void theIssuerIsHttpsOrHttpOnLoopback() {
    assertThat(of("https://broker.example.go.kr").statusListUri())
        .hasToString("https://broker.example.go.kr/status/1");
    assertThat(of("http://127.0.0.1:8085").logOrigin()).isEqualTo("127.0.0.1:8085/log");
    assertThat(of("http://localhost").issuer()).isEqualTo("http://localhost");
    assertThat(of("http://[::1]:8080").issuer()).isEqualTo("http://[::1]:8080");
    for (String bad :
        new String[] {
          null,
          "",
          "broker.example.go.kr",
          "http://broker.example.go.kr",
          "https://broker.example.go.kr/",
          "https://broker.example.go.kr?x=1",
          "https://user@broker.example.go.kr",
          "ftp://broker.example.go.kr"
        }) {
      assertThatIllegalArgumentException().as(bad).isThrownBy(() -> of(bad));
    }
  }

  @Test
  void theStoreDefaultsToAnH2FileUnderHome() {
    assertThat(of("https://b.example").effectiveStoreUrl())
        .startsWith("jdbc:h2:file:")
        .endsWith("home/broker");
  }

  @Test
  void outOfRangeValuesAreRejectedNotClamped() {
    String issuer = "https://b.example";
    Path home = Path.of("home");
    assertThatIllegalArgumentException()
        .isThrownBy(
            () ->
                new BrokerProperties(
                    issuer, home, null, Duration.ofMillis(1500), 1000, List.of(), false));
    assertThatIllegalArgumentException()
        .isThrownBy(
            () ->
                new BrokerProperties(
                    issuer, home, null, Duration.ofDays(2), 1000, List.of(), false));
    assertThatIllegalArgumentException()
        .isThrownBy(
            () ->
                new BrokerProperties(
                    issuer, home, null, Duration.ofMinutes(5), -1, List.of(), false));
    assertThatIllegalArgumentException()
        .isThrownBy(
            () ->
                new BrokerProperties(
                    issuer, home, "jdbc:mysql://x", Duration.ofMinutes(5), 1000, List.of(), false));
    // a log key is not a witness's cosignature key
    String notAWitness = NoteSigner.generate("other.example/log").verifierKey().toString();
    assertThatIllegalArgumentException()
        .isThrownBy(
            () ->
                new BrokerProperties(
                    issuer, home, null, Duration.ofMinutes(5), 1000, List.of(notAWitness), false));
    String witness = NoteCosigner.generate("witness.example").verifierKey().toString();
    assertThat(
            new BrokerProperties(
                    issuer, home, null, Duration.ofMinutes(5), 1000, List.of(witness), false)
                .witnessKeys())
        .hasSize(1);
  }

  @Test
  void rateLimitsAndTheCitizensSignInAreValidatedWithTheNameOfTheProperty() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new RateLimitProperties(true, 0, 10))
        .withMessageStartingWith("mydatakit.broker.rate-limit.per-second");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new RateLimitProperties(true, 20, 10))
        .withMessageStartingWith("mydatakit.broker.rate-limit.burst");
    assertThat(new RateLimitProperties(true, 20, 40).burst()).isEqualTo(40);

    var simple = org.mydatakit.consent.AuthenticationEvidence.Method.SIMPLE_AUTHENTICATION;
    Duration idle = Duration.ofMinutes(15);
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new CitizenSignInProperties("citizen", "c i", simple, "web", idle))
        .withMessageStartingWith("mydatakit.broker.citizen.ci-claim");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new CitizenSignInProperties("", "ci", simple, "web", idle))
        .withMessageStartingWith("mydatakit.broker.citizen.registration-id");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new CitizenSignInProperties("citizen", "ci", null, "web", idle))
        .withMessageStartingWith("mydatakit.broker.citizen.method");
    assertThatIllegalArgumentException()
        .isThrownBy(
            () -> new CitizenSignInProperties("citizen", "ci", simple, "web", Duration.ofHours(2)))
        .withMessageStartingWith("mydatakit.broker.citizen.idle-timeout");
  }
}
