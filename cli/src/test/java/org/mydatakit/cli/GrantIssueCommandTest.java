package org.mydatakit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mydatakit.grant.DpopKey;

class GrantIssueCommandTest {
  static final String NHIS_SUBJECT = "ASwmfCMAxd847iTe1cbNVdyFoSxiIVFR_zFfkFIG184";
  static final String CONSENT_ID = "019b76d1-8040-7c4e-9a2b-5d6f8e1a3c70";

  @TempDir static Path tmp;
  static Path keys;
  static Path consent;
  static final DpopKey CONSUMER = DpopKey.generate();

  @BeforeAll
  static void keysAndConsent() throws IOException {
    assertThat(Cli.run("keys", "generate", "--alg", "ES256", "--out", str(tmp)).exitCode())
        .isZero();
    keys = tmp.resolve("signing.jwks.json");
    consent = tmp.resolve("consent-active.json");
    Files.writeString(consent, exampleConsent());
  }

  @Test
  void issuedGrantPassesVerifyWithTheClaimsOfTheConsent() {
    Cli.Result issued = issue();

    assertThat(issued.exitCode()).isZero();
    assertThat(issued.err()).isEmpty();
    assertThat(issued.out()).matches("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\n");
    Cli.Result verified = verify(issued.out().strip(), "--no-revocation-check", "--no-dpop");
    assertThat(verified.exitCode()).isZero();
    assertThat(verified.out())
        .startsWith(
            "{\"valid\":true,\"cid\":\""
                + CONSENT_ID
                + "\",\"sub\":\""
                + NHIS_SUBJECT
                + "\",\"scope\":[\"nhis.qualification\"],\"exp\":");
  }

  @Test
  void issuedGrantIsBoundToTheConsumersDpopKey() {
    String token = issue().out().strip();
    String url = "https://api.nhis.example/mydata/v1/items/nhis.qualification";
    String proof = CONSUMER.proof("GET", URI.create(url), token);
    String stolen = DpopKey.generate().proof("GET", URI.create(url), token);

    Cli.Result ok =
        verify(
            token,
            "--no-revocation-check",
            "--dpop",
            proof,
            "--method",
            "GET",
            "--url",
            url,
            "--item",
            "nhis.qualification");
    Cli.Result theft =
        verify(token, "--no-revocation-check", "--dpop", stolen, "--method", "GET", "--url", url);

    assertThat(ok.exitCode()).isZero();
    assertThat(theft.exitCode()).isEqualTo(3);
    assertThat(theft.out()).contains("DPOP_KEY_MISMATCH");
  }

  @Test
  void lifetimeSetsExpiry() throws IOException {
    String token = issue("--lifetime", "PT2M").out().strip();

    JsonNode claims = inspect(token).get("claims");

    assertThat(claims.get("exp").asLong() - claims.get("iat").asLong()).isEqualTo(120);
    long now = Instant.now().getEpochSecond();
    assertThat(claims.get("exp").asLong()).isBetween(now + 60, now + 120);
  }

  @Test
  void statusReferenceIsCarriedAndCheckedFailClosed() throws IOException {
    String token =
        issue("--status-uri", "https://broker.example/status/1", "--status-idx", "42")
            .out()
            .strip();

    JsonNode status = inspect(token).at("/claims/status/status_list");
    Cli.Result verified = verify(token, "--no-dpop");

    assertThat(status.get("uri").asText()).isEqualTo("https://broker.example/status/1");
    assertThat(status.get("idx").asLong()).isEqualTo(42);
    assertThat(verified.exitCode()).isEqualTo(3);
    assertThat(verified.out()).isEqualTo("{\"valid\":false,\"reason\":\"STATUS_UNAVAILABLE\"}\n");
  }

  @Test
  void statusUriWithoutIndexIsAUsageError() {
    Cli.Result uriOnly = issue("--status-uri", "https://broker.example/status/1");
    Cli.Result idxOnly = issue("--status-idx", "1");

    assertThat(uriOnly.exitCode()).isEqualTo(2);
    assertThat(uriOnly.err()).contains("--status-uri and --status-idx go together");
    assertThat(idxOnly.exitCode()).isEqualTo(2);
    assertThat(uriOnly.out()).isEmpty();
  }

  /**
   * A thumbprint is base64url and may begin with {@code -}, even {@code -h}: it is still the
   * option's value, not an option (one DPoP key in 64 has such a thumbprint).
   */
  @Test
  void aThumbprintBeginningWithADashIsAValue() throws IOException {
    for (String jkt :
        List.of(
            "-hjZHbdYbFxUMSuqgY7VzPvKm7MAukWp_ie1pvQsjOs",
            "--jZHbdYbFxUMSuqgY7VzPvKm7MAukWp_ie1pvQsjOs")) {
      Cli.Result issued = run(keys, consent, "NHIS", jkt);
      assertThat(issued.exitCode()).as(issued.err()).isZero();
      String token = issued.out().strip();
      assertThat(inspect(token).get("claims").get("cnf").get("jkt").asText()).isEqualTo(jkt);
    }
  }

  @Test
  void badInputsAreUsageErrorsNamingWhatWasExpected() throws IOException {
    Path garbled = Files.writeString(tmp.resolve("bad.json"), "{\"id\": 1}");
    Path publicKeys = tmp.resolve("public.jwks.json");
    List<Cli.Result> results = new ArrayList<>();
    results.add(run(keys, consent, "NPS", jkt(), "--lifetime", "PT11M"));
    results.add(run(keys, consent, "NPS", jkt()));
    results.add(run(keys, consent, "NHIS", "short"));
    results.add(run(keys, garbled, "NHIS", jkt()));
    results.add(run(publicKeys, consent, "NHIS", jkt()));
    results.add(run(tmp.resolve("none.json"), consent, "NHIS", jkt()));

    assertThat(results).allMatch(r -> r.exitCode() == 2 && r.out().isEmpty());
    assertThat(results.get(0).err()).contains("grant lifetime: expected PT1S to PT10M");
    assertThat(results.get(1).err()).contains("provider: expected a provider of the consent");
    assertThat(results.get(2).err()).contains("consumer jkt: expected");
    assertThat(results.get(3).err()).startsWith("mydatakit: --consent: ");
    assertThat(results.get(4).err()).startsWith("mydatakit: --keys: ");
    assertThat(results.get(5).err()).contains("--keys: expected a readable private jwks file");
    assertThat(results).allMatch(r -> !r.err().contains(NHIS_SUBJECT));
  }

  @Test
  void consentOutsideItsValidityIsRefused() throws IOException {
    Path future =
        Files.writeString(
            tmp.resolve("future.json"),
            exampleConsent()
                .replace(
                    "\"validUntil\": \"2030-01-01T00:00:00Z\"",
                    "\"validUntil\": \"2026-01-02T00:00:00Z\""));

    Cli.Result result = run(keys, future, "NHIS", jkt());

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("--consent: cannot issue a grant for consent");
    assertThat(result.err()).contains("outside its validity period");
    assertThat(result.err()).doesNotContain(NHIS_SUBJECT);
  }

  static Cli.Result issue(String... extra) {
    return run(keys, consent, "NHIS", jkt(), extra);
  }

  static Cli.Result run(
      Path keyFile, Path consentFile, String provider, String jkt, String... extra) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "grant",
                "issue",
                "--keys",
                str(keyFile),
                "--issuer",
                TestGrants.ISSUER,
                "--consent",
                str(consentFile),
                "--provider",
                provider,
                "--dpop-jkt",
                jkt));
    args.addAll(List.of(extra));
    return Cli.run(args.toArray(String[]::new));
  }

  static Cli.Result verify(String token, String... extra) {
    List<String> args = new ArrayList<>(List.of(extra));
    args.add(token);
    return Cli.run(
        TestGrants.verifyArgs(tmp.resolve("public.jwks.json"), args.toArray(String[]::new)));
  }

  static JsonNode inspect(String token) throws IOException {
    return new ObjectMapper().readTree(Cli.run("grant", "inspect", token).out());
  }

  static String jkt() {
    return CONSUMER.thumbprint();
  }

  static String exampleConsent() throws IOException {
    try (InputStream in =
        GrantIssueCommandTest.class.getResourceAsStream("/examples/consent-active.json")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static String str(Path path) {
    return path.toString();
  }
}
