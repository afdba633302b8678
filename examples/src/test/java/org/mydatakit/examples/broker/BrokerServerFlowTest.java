package org.mydatakit.examples.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mydatakit.examples.broker.BrokerFixture.CI;
import static org.mydatakit.examples.broker.BrokerFixture.NHIS;
import static org.mydatakit.examples.broker.BrokerFixture.read;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mydatakit.broker.FetchLimitException;
import org.mydatakit.broker.FetchOutcome;
import org.mydatakit.client.RemoteGrantSource;
import org.mydatakit.consent.ConsentId;
import org.mydatakit.consent.ConsentStateException;
import org.mydatakit.consent.DataItem;
import org.mydatakit.consent.ItemCode;
import org.mydatakit.grant.Grant;
import org.mydatakit.grant.GrantRequest;
import org.mydatakit.grant.GrantVerifier;
import org.mydatakit.grant.VerifiedGrant;
import org.mydatakit.keys.VerificationKeySet;
import org.mydatakit.status.StatusListVerifier;
import org.mydatakit.status.TokenStatus;
import org.mydatakit.status.VerifiedStatusList;

class BrokerServerFlowTest {
  private final BrokerFixture f = new BrokerFixture();

  @AfterEach
  void stop() {
    f.close();
  }

  @Test
  void wholeFlowOverHttpFromRequestToRevocation() throws Exception {
    ConsentId id = ConsentId.parse(f.activeConsent());
    RemoteGrantSource source = f.source();
    ItemCode item = ItemCode.of("nhis.qualification");
    assertThat(source.items(id)).containsExactly(DataItem.of(NHIS, item));

    Grant grant = source.grant(id, NHIS, f.dpopKey.thumbprint());
    VerificationKeySet jwks = VerificationKeySet.parse(f.get(BrokerServer.JWKS_PATH).body());
    GrantVerifier nhis =
        GrantVerifier.builder()
            .trustedIssuer(f.server.baseUrl(), jwks)
            .audience(NHIS)
            .withoutRevocationCheck()
            .build();
    URI url = URI.create("https://nhis.example/mydata/v1/items/nhis.qualification");
    VerifiedGrant verified =
        nhis.verify(
            GrantRequest.builder()
                .grant(grant.token())
                .dpopProof(f.dpopKey.proof("GET", url, grant.token()))
                .method("GET")
                .url(url)
                .item(item)
                .build());
    assertThat(verified.consentId()).isEqualTo(id);
    assertThat(verified.consumer()).isEqualTo(BrokerFixture.BANK);

    source.recorded(
        grant.grantId(), NHIS, Set.of(item), "KBBANK2026112700000001", FetchOutcome.DELIVERED);
    HttpResponse<String> history = f.get("/citizen/history", Endpoint.CITIZEN_HEADER, CI);
    assertThat(history.statusCode()).isEqualTo(200);
    JsonNode records = read(history);
    assertThat(records).hasSize(2);
    assertThat(records.get(0).path("kind").asText()).isEqualTo("GRANT");
    assertThat(records.get(1).path("transactionId").asText()).isEqualTo("KBBANK2026112700000001");
    assertThat(history.body()).doesNotContain("eyJ").doesNotContain(CI);

    JsonNode consents = read(f.get("/citizen/consents", Endpoint.CITIZEN_HEADER, CI));
    assertThat(consents).hasSize(1);
    long index = consents.get(0).path("statusIndex").asLong();
    JsonNode receipts = read(f.get("/consents/" + id + "/receipts", Endpoint.CITIZEN_HEADER, CI));
    assertThat(receipts.get(0).path("token").asText()).startsWith("eyJ");

    HttpResponse<String> revoked =
        f.post(
            "/consents/" + id + "/revoke",
            "{\"by\":\"CITIZEN\",\"reason\":\"loan declined\"}",
            Endpoint.CITIZEN_HEADER,
            CI);
    assertThat(read(revoked).path("status").asText()).isEqualTo("REVOKED");

    HttpResponse<String> status = f.get(BrokerServer.STATUS_PATH);
    assertThat(status.headers().firstValue("Content-Type")).hasValue("application/statuslist+jwt");
    URI statusUri = URI.create(f.url(BrokerServer.STATUS_PATH));
    VerifiedStatusList list =
        StatusListVerifier.builder()
            .trustedIssuer(f.server.baseUrl(), jwks)
            .build()
            .verify(status.body(), statusUri);
    assertThat(list.list().get(index)).isEqualTo(TokenStatus.INVALID);

    assertThatThrownBy(() -> source.grant(id, NHIS, f.dpopKey.thumbprint()))
        .isInstanceOf(ConsentStateException.class)
        .hasMessageContaining("REVOKED");
  }

  @Test
  void oneTimeConsentRefusesASecondGrantWithFetchLimit() {
    ConsentId id = ConsentId.parse(f.activeConsent());
    RemoteGrantSource source = f.source();
    source.grant(id, NHIS, f.dpopKey.thumbprint());
    assertThatThrownBy(() -> source.grant(id, NHIS, f.dpopKey.thumbprint()))
        .isInstanceOfSatisfying(
            FetchLimitException.class,
            e -> assertThat(e.limit()).isEqualTo(FetchLimitException.Limit.ONE_TIME_USED));
  }

  @Test
  void grantForAnotherKeyThanTheSourcesIsRefusedBeforeAnyCall() {
    assertThatThrownBy(
            () ->
                f.source()
                    .grant(
                        ConsentId.parse(f.activeConsent()),
                        NHIS,
                        org.mydatakit.grant.DpopKey.generate().thumbprint()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void idempotentRequestReturnsTheSameConsent() {
    var body = f.consentRequest(f.assertion());
    String first = read(f.post("/consents", body.toString())).path("id").asText();
    body.put("client_assertion", f.assertion());
    String second = read(f.post("/consents", body.toString())).path("id").asText();
    assertThat(second).isEqualTo(first);
  }
}
