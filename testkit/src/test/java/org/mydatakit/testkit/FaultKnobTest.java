package org.mydatakit.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The answering fault knobs (503, 429, broken bodies, redirect) do what they say; reset disarms.
 */
class FaultKnobTest extends NhisAgencyTest {
  @Test
  void serviceUnavailableAnswers503WithRetryAfterForTheNextRequestsOnly() throws IOException {
    nhis.serviceUnavailable(2);
    for (int i = 0; i < 2; i++) {
      String tranId = Http.tranId();
      HttpResponse<String> response =
          Http.send(Http.request(url, grant.token(), key.proof("GET", url, grant.token()), tranId));
      assertThat(response.statusCode()).isEqualTo(503);
      assertThat(response.headers().firstValue("Retry-After")).contains("1");
      assertThat(response.headers().firstValue("Content-Type"))
          .contains("application/problem+json");
      assertThat(response.headers().firstValue("X-Api-Tran-Id")).contains(tranId);
    }
    assertThat(fetch().statusCode()).isEqualTo(200);
    assertThat(nhis.requests())
        .extracting(ReceivedRequest::outcome)
        .containsExactly(
            ReceivedRequest.Outcome.FAULT,
            ReceivedRequest.Outcome.FAULT,
            ReceivedRequest.Outcome.SERVED);
  }

  @Test
  void aStormLastsUntilReset() throws IOException {
    nhis.serviceUnavailableStorm();
    for (int i = 0; i < 5; i++) {
      assertThat(fetch().statusCode()).isEqualTo(503);
    }
    nhis.reset();
    assertThat(fetch().statusCode()).isEqualTo(200);
  }

  @Test
  void rateLimitedAnswers429WithTheGivenRetryAfter() throws IOException {
    nhis.rateLimited(1, Duration.ofMillis(2500));
    HttpResponse<String> limited = fetch();
    assertThat(limited.statusCode()).isEqualTo(429);
    assertThat(limited.headers().firstValue("Retry-After")).contains("3");
    assertThat(fetch().statusCode()).isEqualTo(200);
  }

  @Test
  void malformedJsonIsA200ThatDoesNotParse() throws IOException {
    nhis.malformedJson();
    HttpResponse<String> response = fetch();
    assertThat(response.statusCode()).isEqualTo(200);
    assertThatThrownBy(() -> new ObjectMapper().readTree(response.body()))
        .isInstanceOf(IOException.class);
  }

  @Test
  void duplicateKeyJsonIsRejectedByAStrictParser() throws IOException {
    nhis.duplicateKeyJson();
    HttpResponse<String> response = fetch();
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(new ObjectMapper().readTree(response.body()))
        .as("lenient parsers take it")
        .isNotNull();
    assertThatThrownBy(() -> Http.json(response.body())).hasMessageContaining("Duplicate field");
  }

  @Test
  void oversizeBodyIsWellFormedJsonOfExactlyTheGivenSize() throws IOException {
    nhis.oversizeBody(2_000_000);
    HttpResponse<String> response = fetch();
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body().getBytes(StandardCharsets.UTF_8)).hasSize(2_000_000);
    assertThat(Http.json(response.body()).get("data").get("padding").asText())
        .hasSizeGreaterThan(1_000_000);
  }

  @Test
  void redirectToAnswers302ToTheOtherHost() throws IOException {
    nhis.redirectTo(URI.create("https://evil.example/steal"));
    HttpResponse<String> response = fetch();
    assertThat(response.statusCode()).isEqualTo(302);
    assertThat(response.headers().firstValue("Location")).contains("https://evil.example/steal");
  }

  @Test
  void resetDisarmsEveryKnobAndForgetsTheRequests() throws IOException {
    nhis.latency(Duration.ofMillis(1))
        .dribbleBody(Duration.ofMillis(1))
        .malformedJson()
        .oversizeBody(10)
        .connectionReset()
        .redirectTo(URI.create("https://x.example"))
        .rateLimited(3, Duration.ZERO)
        .serviceUnavailable(3);
    nhis.reset();
    assertThat(nhis.requests()).isEmpty();
    HttpResponse<String> response = fetch();
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(Http.json(response.body()).get("item").asText()).isEqualTo("nhis.qualification");
  }
}
