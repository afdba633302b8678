package org.mydatakit.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mydatakit.testkit.ProblemAssert.assertProblem;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** Malformed requests are refused before any grant is looked at, and every refusal is journaled. */
class RequestRejectionTest extends NhisAgencyTest {
  @Test
  void aMissingTransactionIdIsABadRequestWithNothingToEcho() throws IOException {
    HttpResponse<String> response = Http.send(Http.request(url, grant.token(), proof(), null));
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(Http.json(response.body()).get("reason").asText()).isEqualTo("BAD_TRANSACTION_ID");
    assertThat(response.headers().firstValue("X-Api-Tran-Id")).isEmpty();
  }

  @Test
  void aMalformedTransactionIdIsABadRequest() throws IOException {
    for (String bad : new String[] {"KBBANK_2026", "x".repeat(65), "KB BANK"}) {
      HttpResponse<String> response = Http.send(Http.request(url, grant.token(), proof(), bad));
      assertThat(response.statusCode()).as(bad).isEqualTo(400);
      assertThat(response.headers().firstValue("X-Api-Tran-Id")).as(bad).isEmpty();
    }
  }

  @Test
  void aMalformedQueryIsABadRequest() throws IOException {
    for (String query :
        new String[] {
          "?from=2025-13-01",
          "?from=20250101",
          "?from=2025-02-01&to=2025-01-01",
          "?from=2025-01-01&from=2025-01-02"
        }) {
      URI bad = URI.create(url + query);
      assertProblem(
          Http.send(
              Http.request(
                  bad, grant.token(), key.proof("GET", bad, grant.token()), Http.tranId())),
          400,
          "BAD_QUERY");
    }
  }

  @Test
  void anotherMethodIsNotAllowed() throws IOException {
    HttpRequest.Builder request =
        Http.request(url, grant.token(), key.proof("POST", url, grant.token()), Http.tranId());
    HttpResponse<String> response = Http.send(request.POST(HttpRequest.BodyPublishers.noBody()));
    assertProblem(response, 405, "METHOD_NOT_ALLOWED");
    assertThat(response.headers().firstValue("Allow")).contains("GET");
  }

  @Test
  void aPathOutsideTheProfileIsNotFound() throws IOException {
    URI other = nhis.baseUrl().resolve("/mydata/v2/items/nhis.qualification");
    assertProblem(
        Http.send(Http.request(other, grant.token(), proof(), Http.tranId())), 404, "NOT_FOUND");
  }

  @Test
  void everyRejectionIsJournaledWithItsReasonAndNeverTheGrant() throws IOException {
    nhis.reset();
    Http.send(Http.request(url, grant.token(), null, "KBBANK2026112799999999"));
    ReceivedRequest received = nhis.requests().get(0);
    assertThat(received.outcome()).isEqualTo(ReceivedRequest.Outcome.REJECTED);
    assertThat(received.status()).isEqualTo(401);
    assertThat(received.reason()).contains("DPOP_MISSING");
    assertThat(received.transactionId()).contains("KBBANK2026112799999999");
    assertThat(received.dpopJti()).isEmpty();
    assertThat(received.toString()).doesNotContain(grant.token());
  }
}
