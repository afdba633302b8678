package org.mydatakit.examples.agency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mydatakit.examples.agency.AgencyFixture.NHIS;
import static org.mydatakit.examples.agency.AgencyFixture.QUALIFICATION;
import static org.mydatakit.examples.agency.AgencyFixture.assertProblem;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mydatakit.consent.DataItem;
import org.mydatakit.consent.ItemCode;
import org.mydatakit.grant.DpopKey;
import org.mydatakit.grant.Grant;

/** The sample agency refuses with the profile's status and reason, and releases nothing. */
class ProviderAgencyRejectionTest {
  private AgencyFixture agency;

  @BeforeEach
  void start() throws Exception {
    agency = new AgencyFixture();
  }

  @AfterEach
  void stop() {
    agency.close();
  }

  @Test
  void tamperedGrantIsRefusedWith401AndAChallenge() throws Exception {
    String token = agency.grant(QUALIFICATION).token();
    int i = token.length() - 20;
    String tampered =
        token.substring(0, i) + (token.charAt(i) == 'A' ? 'B' : 'A') + token.substring(i + 1);
    HttpResponse<String> refused =
        agency.send("nhis.qualification", tampered, agency.bankKey, "T1");
    assertProblem(refused, 401, "BAD_SIGNATURE");
    assertThat(refused.headers().firstValue("WWW-Authenticate"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("DPoP error=\"invalid_token\""));
  }

  @Test
  void replayedProofIsRefusedWith401() throws Exception {
    Grant grant = agency.grant(QUALIFICATION);
    URI url = agency.url("nhis.qualification");
    String proof = agency.bankKey.proof("GET", url, grant.token());
    HttpRequest first = AgencyFixture.request(url, grant.token(), proof, "T1");
    assertThat(agency.send(first).statusCode()).isEqualTo(200);
    HttpRequest again = AgencyFixture.request(url, grant.token(), proof, "T2");
    assertProblem(agency.send(again), 401, "DPOP_REPLAY");
  }

  @Test
  void grantWithAThiefsProofIsRefusedWith401() throws Exception {
    String token = agency.grant(QUALIFICATION).token();
    assertProblem(
        agency.send("nhis.qualification", token, DpopKey.generate(), "T1"),
        401,
        "DPOP_KEY_MISMATCH");
  }

  @Test
  void missingTransactionIdIs400WithoutAnEcho() throws Exception {
    HttpResponse<String> refused =
        agency.get("nhis.qualification", agency.grant(QUALIFICATION), null);
    assertProblem(refused, 400, "BAD_TRANSACTION_ID");
    assertThat(refused.headers().firstValue("X-Api-Tran-Id")).isEmpty();
  }

  @Test
  void impossibleDateIs400() throws Exception {
    Grant grant = agency.grant(QUALIFICATION);
    assertProblem(agency.get("nhis.qualification?from=2025-02-30", grant, "T1"), 400, "BAD_QUERY");
  }

  @Test
  void itemTheAgencyDoesNotServeIs404() throws Exception {
    DataItem unknown = DataItem.of(NHIS, ItemCode.of("nhis.dental-records"));
    assertProblem(
        agency.get("nhis.dental-records", agency.grant(unknown), "T1"), 404, "UNKNOWN_ITEM");
    assertProblem(agency.get("../admin", agency.grant(QUALIFICATION), "T2"), 404, "NOT_FOUND");
  }

  @Test
  void itemOutsideTheGrantsScopeIs403() throws Exception {
    DataItem other = DataItem.of(NHIS, ItemCode.of("nhis.checkup"));
    assertProblem(
        agency.get("nhis.qualification", agency.grant(other), "T1"), 403, "INSUFFICIENT_SCOPE");
  }

  @Test
  void otherMethodsAre405WithAllowGet() throws Exception {
    HttpResponse<String> refused =
        agency.send(
            HttpRequest.newBuilder(agency.url("nhis.qualification"))
                .header("X-Api-Tran-Id", "T1")
                .DELETE()
                .build());
    assertProblem(refused, 405, "METHOD_NOT_ALLOWED");
    assertThat(refused.headers().firstValue("Allow")).hasValue("GET");
  }
}
