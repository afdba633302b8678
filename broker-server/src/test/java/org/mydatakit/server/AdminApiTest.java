package org.mydatakit.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.mydatakit.broker.AgencyRegistry;
import org.mydatakit.consent.AgencyId;
import org.mydatakit.keys.SigningAlgorithm;
import org.mydatakit.keys.SigningKeySet;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The admin API answers only on its own port and only with the admin token; what it changes is the
 * registry the consumer API consults on every call.
 */
class AdminApiTest extends ServerTestBase {
  @Autowired AdminConnector admin;
  @Autowired AgencyRegistry agencies;

  final SigningKeySet bankKeys = SigningKeySet.generate(SigningAlgorithm.ES256);

  @Test
  void theAdminApiIsNotOnThePublicPortAndThePublicApiIsNotOnTheAdminPort() throws Exception {
    assertThat(admin.localPort()).isPositive().isNotEqualTo(port);
    assertProblem(get("/admin/agencies"), 404, null);
    HttpResponse<String> withToken =
        send(
            HttpRequest.newBuilder(uri("/admin/agencies"))
                .header("Authorization", "Bearer " + ADMIN_TOKEN)
                .build());
    assertProblem(withToken, 404, null);
    // nor by a path that only normalizes to /admin
    for (String sneaky :
        new String[] {
          "/status/../admin/agencies", "/status/%2e%2e/admin/agencies", "/admin;x=1/agencies"
        }) {
      // sent raw: what the container answers to such a path is not the API's to document
      HttpResponse<String> answer =
          java.net.http.HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + sneaky))
                      .header("Authorization", "Bearer " + ADMIN_TOKEN)
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(answer.statusCode()).as(sneaky).isIn(400, 404);
      assertThat(answer.body()).as(sneaky).doesNotContain("\"roles\"");
    }
    // the admin port serves /admin only (the contract describes the public port: not checked here)
    assertProblem(send(adminRequest("/status/1", ADMIN_TOKEN).GET().build()), 404, null);
  }

  @Test
  void withoutTheTokenOrWithAnotherOneTheAdminApiAnswers401() {
    assertProblem(
        adminSend(adminRequest("/admin/agencies", null).GET()), 401, "admin_token_required");
    HttpResponse<String> wrong =
        adminSend(adminRequest("/admin/agencies", ADMIN_TOKEN + "x").GET());
    assertProblem(wrong, 401, "admin_token_required");
    assertThat(wrong.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
  }

  @Test
  void anOperatorRegistersSuspendsAndResumesAConsumerAndTheConsumerApiFollowsAtOnce() {
    AgencyId bank = AgencyId.of("ADMIN-BANK-" + run());
    String body =
        "{\"id\":\""
            + bank.value()
            + "\",\"name\":\"Bank\",\"roles\":[\"CONSUMER\"],\"jwks\":"
            + bankKeys.verificationKeys().toJson()
            + ",\"purposes\":[\"loan-screening\"]}";
    HttpResponse<String> created = adminSend(adminPost("/admin/agencies", body));
    assertThat(created.statusCode()).isEqualTo(201);
    assertThat(created.body()).contains("\"status\":\"ACTIVE\"").doesNotContain("\"kty\"");
    assertThat(agencies.find(bank)).isPresent();
    assertProblem(adminSend(adminPost("/admin/agencies", body)), 409, "agency_exists");

    String assertion = ClientAssertions.sign(ISSUER, bank, bankKeys, c -> {});
    assertThat(consentsOf(assertion).statusCode()).isEqualTo(200);

    HttpResponse<String> suspended =
        adminSend(adminPost("/admin/agencies/" + bank.value() + "/suspend", null));
    assertThat(suspended.statusCode()).isEqualTo(200);
    assertThat(suspended.body()).contains("\"status\":\"SUSPENDED\"");
    assertProblem(
        consentsOf(ClientAssertions.sign(ISSUER, bank, bankKeys, c -> {})),
        403,
        "agency_suspended");

    assertThat(
            adminSend(adminPost("/admin/agencies/" + bank.value() + "/resume", null)).statusCode())
        .isEqualTo(200);
    assertThat(consentsOf(ClientAssertions.sign(ISSUER, bank, bankKeys, c -> {})).statusCode())
        .isEqualTo(200);
    assertThat(adminSend(adminRequest("/admin/agencies", ADMIN_TOKEN).GET()).body())
        .contains(bank.value());
  }

  @Test
  void aMalformedRegistrationIsA400AndAnUnknownAgencyA404() {
    assertProblem(adminSend(adminPost("/admin/agencies", "{\"id\":\"x y\"}")), 400, null);
    assertProblem(
        adminSend(
            adminPost("/admin/agencies", "{\"id\":\"A\",\"name\":\"A\",\"roles\":[\"KING\"]}")),
        400,
        null);
    assertProblem(
        adminSend(adminPost("/admin/agencies/NOBODY-" + run() + "/suspend", null)), 404, null);
    assertThat(agencies.find(AgencyId.of("A"))).isEmpty();
  }

  private HttpResponse<String> consentsOf(String assertion) {
    return send(
        HttpRequest.newBuilder(uri("/consents")).header("Client-Assertion", assertion).build());
  }

  private HttpRequest.Builder adminRequest(String path, String token) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + admin.localPort() + path));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return request;
  }

  private HttpRequest.Builder adminPost(String path, String json) {
    HttpRequest.Builder request = adminRequest(path, ADMIN_TOKEN);
    if (json == null) {
      return request.POST(HttpRequest.BodyPublishers.noBody());
    }
    return request
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json));
  }

  /** Sent to the admin port, and checked against the contract like every other answer. */
  private HttpResponse<String> adminSend(HttpRequest.Builder request) {
    HttpResponse<String> response = send(request.build());
    ApiContract.check(response.request(), response);
    return response;
  }

  private static String run() {
    return UUID.randomUUID().toString().substring(0, 8).toUpperCase(Locale.ROOT);
  }
}
