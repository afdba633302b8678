package org.mydatakit.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;

/** Asserts that a response is the profile's problem answer. */
final class ProblemAssert {
  private ProblemAssert() {}

  /** Status, content type, RFC 9457 members, the reason, and the echoed transaction id. */
  static void assertProblem(HttpResponse<String> response, int status, String reason) {
    assertThat(response.statusCode()).isEqualTo(status);
    assertThat(response.headers().firstValue("Content-Type")).contains("application/problem+json");
    JsonNode problem = Http.json(response.body());
    assertThat(problem.get("type").asText()).startsWith("https://mydatakit.org/problems/");
    assertThat(problem.get("title").asText()).isNotBlank();
    assertThat(problem.get("status").asInt()).isEqualTo(status);
    assertThat(problem.get("reason").asText()).isEqualTo(reason);
    response
        .request()
        .headers()
        .firstValue("X-Api-Tran-Id")
        .filter(id -> id.matches("[A-Za-z0-9-]{1,64}"))
        .ifPresent(id -> assertThat(response.headers().firstValue("X-Api-Tran-Id")).contains(id));
  }
}
