package org.mydatakit.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The server as {@code ./mydatakit broker serve} starts it, with no identity provider configured (a
 * context of its own): it serves the public and consumer endpoints, and every citizen path answers
 * 401, a browser too (there is nowhere to send it to sign in).
 */
@SpringBootTest(
    classes = BrokerServerApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class WithoutSignInTest {
  @LocalServerPort int port;

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) throws IOException {
    String home = Files.createTempDirectory("mydatakit-broker-no-sign-in").toString();
    registry.add("mydatakit.broker.issuer", () -> "http://127.0.0.1");
    registry.add("mydatakit.broker.home", () -> home);
  }

  @Test
  void everyCitizenPathIs401AndThePublicEndpointsServe() throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    for (String accept : new String[] {"application/json", "text/html"}) {
      HttpResponse<String> answer =
          http.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/citizen/consents"))
                  .header("Accept", accept)
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      ApiContract.check(answer.request(), answer);
      assertThat(answer.statusCode()).as(accept).isEqualTo(401);
      assertThat(answer.body()).contains("sign_in_required");
    }
    HttpResponse<String> status =
        http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/status/1")).build(),
            HttpResponse.BodyHandlers.ofString());
    ApiContract.check(status.request(), status);
    assertThat(status.statusCode()).isEqualTo(200);
  }
}
