package org.mydatakit.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/**
 * What operators and strangers see: health UP (store and keys), no other actuator endpoint, and a
 * problem body for any unknown path or method.
 */
class OperationsTest extends ServerTestBase {

  @Test
  void healthIsUpAndShowsNoDetails() throws Exception {
    HttpResponse<String> health = get("/actuator/health");
    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(health.body()).path("status").asText()).isEqualTo("UP");
    assertThat(health.body()).doesNotContain("components").doesNotContain("details");
    assertThat(get("/actuator/health/liveness").statusCode()).isEqualTo(200);
    assertThat(get("/actuator/health/readiness").statusCode()).isEqualTo(200);
  }

  @Test
  void noOtherActuatorEndpointIsExposed() {
    for (String path :
        new String[] {"/actuator/env", "/actuator/beans", "/actuator/configprops", "/actuator"}) {
      assertThat(get(path).statusCode()).as(path).isEqualTo(404);
    }
  }

  @Test
  void anUnknownPathOrMethodIsABareProblem() {
    assertProblem(get("/"), 404, null);
    assertProblem(get("/status/2"), 404, null);
    assertProblem(get("/status/1/"), 404, null);
    // the caller's path is not logged (LeakScanningAppender would see eyJ)
    assertProblem(get("/eyJhbGciOiJub25lIn0"), 404, null);
    assertProblem(post("/status/1", "text/plain", "x"), 405, null);
    assertProblem(post("/.well-known/jwks.json", "text/plain", "x"), 405, null);
  }
}
