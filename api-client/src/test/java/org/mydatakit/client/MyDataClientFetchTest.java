package org.mydatakit.client;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mydatakit.client.ClientFixture.INCOME;
import static org.mydatakit.client.ClientFixture.NHIS;
import static org.mydatakit.client.ClientFixture.QUALIFICATION;
import static org.mydatakit.client.ClientFixture.itemGet;
import static org.mydatakit.client.ClientFixture.problem;
import static org.mydatakit.client.ClientFixture.records;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.math.BigDecimal;
import java.net.URI;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mydatakit.broker.AccessRecord;
import org.mydatakit.consent.CitizenIdentifier;
import org.mydatakit.consent.ConsentId;
import org.mydatakit.consent.DataItem;
import org.mydatakit.consent.DataRange;
import org.mydatakit.consent.ItemCode;
import org.mydatakit.store.tck.StoreFixtures;

/** One fetch: the request it makes, the answer it accepts, and what it refuses. */
class MyDataClientFetchTest {
  private static final DataRange LAST_YEAR =
      new DataRange(LocalDate.of(2025, 1, 1), LocalDate.of(2025, 12, 31));
  private final ClientFixture f = new ClientFixture();

  @AfterEach
  void stop() {
    f.close();
  }

  @Test
  void fetchDeliversTheRecordsOfTheItem() {
    f.wm.stubFor(itemGet("/nhis", QUALIFICATION).willReturn(records(QUALIFICATION)));
    FetchResult r = f.client().fetch(f.consentId, QUALIFICATION);

    assertThat(r.provider()).isEqualTo(NHIS);
    assertThat(r.item()).isEqualTo(QUALIFICATION);
    assertThat(r.attempts()).isEqualTo(1);
    assertThat(r.issuedAt()).hasToString("2026-03-02T01:00:00Z");
    assertThat(r.data())
        .containsEntry("grade", "지역가입자")
        .containsEntry("dependants", 2L)
        .containsEntry("premium", new BigDecimal("123456.5"))
        .containsEntry("note", null)
        .containsEntry("history", List.of(Map.of("from", "2019-04-01", "active", true)));
    assertThat(r.json()).startsWith("{\"name\":").doesNotContain("subject");
    assertThat(r.toString())
        .contains("NHIS", "nhis.qualification", r.transactionId())
        .doesNotContain(ClientFixture.PAYLOAD_MARKER, ClientFixture.SUBJECT);
    LoggedRequest sent = f.wm.getAllServeEvents().get(0).getRequest();
    assertThat(sent.getHeader("X-Api-Tran-Id")).isEqualTo(r.transactionId());
    assertThat(sent.getUrl()).isEqualTo("/nhis/mydata/v1/items/nhis.qualification");
  }

  @Test
  void aRangeGivenWithoutAConsentRangeBecomesFromAndToAndTheProofOmitsTheQuery() throws Exception {
    f.wm.stubFor(itemGet("/nhis", QUALIFICATION).willReturn(records(QUALIFICATION)));
    f.client()
        .fetch(
            f.consentId,
            QUALIFICATION,
            new DataRange(LocalDate.of(2025, 1, 1), LocalDate.of(2025, 12, 31)));
    LoggedRequest sent = f.wm.getAllServeEvents().get(0).getRequest();
    assertThat(sent.getUrl())
        .isEqualTo("/nhis/mydata/v1/items/nhis.qualification?from=2025-01-01&to=2025-12-31");
    assertThat(Proofs.claims(sent.getHeader("DPoP")).get("htu").textValue())
        .isEqualTo(f.base("/nhis/mydata/v1/items/nhis.qualification"));
  }

  @Test
  void everyFetchGetsItsOwnGrantAndIsRecordedAtTheBroker() {
    f.wm.stubFor(itemGet("/nhis", QUALIFICATION).willReturn(records(QUALIFICATION)));
    MyDataClient client = f.client();
    for (int i = 0; i < 5; i++) {
      client.fetch(f.consentId, QUALIFICATION);
    }
    assertThat(f.grantsIssued).hasValue(5);
    assertThat(sent("Authorization"))
        .hasSize(5)
        .doesNotHaveDuplicates()
        .containsExactlyInAnyOrderElementsOf(f.grantTokens.stream().map(t -> "DPoP " + t).toList());
    try (CitizenIdentifier citizen = StoreFixtures.citizen(1)) {
      List<AccessRecord> history = f.broker.accessHistory(citizen);
      assertThat(history).hasSize(10); // five grants issued, five fetches
    }
  }

  @Test
  void twoFetchesOfAnItemAskForTwoGrantsAndSendTwoIdempotencyKeys() {
    f.wm.stubFor(itemGet("/nhis", QUALIFICATION).willReturn(records(QUALIFICATION)));
    MyDataClient client = f.client();
    client.fetch(f.consentId, QUALIFICATION);
    client.fetch(f.consentId, QUALIFICATION);
    assertThat(f.grantsIssued).hasValue(2);
    assertThat(sent("Authorization")).hasSize(2).doesNotHaveDuplicates();
    assertThat(sent("Idempotency-Key"))
        .hasSize(2)
        .doesNotHaveDuplicates()
        .allMatch(key -> key.matches("[A-Za-z0-9_-]{22}"), "128 bits, base64url, a plain token");
  }

  @Test
  void theConsentsDataRangeIsSentByDefault() {
    ConsentId ranged = f.consent(LAST_YEAR, DataItem.of(NHIS, QUALIFICATION));
    f.wm.stubFor(itemGet("/nhis", QUALIFICATION).willReturn(records(QUALIFICATION)));
    MyDataClient client = f.client();
    client.fetch(ranged, QUALIFICATION);
    client.fetchAll(ranged);
    assertThat(f.wm.getAllServeEvents())
        .hasSize(2)
        .allSatisfy(
            e ->
                assertThat(e.getRequest().getUrl())
                    .isEqualTo(
                        "/nhis/mydata/v1/items/nhis.qualification?from=2025-01-01&to=2025-12-31"));
  }

  @Test
  void aNarrowerRangeIsSentWhenAsked() {
    ConsentId ranged = f.consent(LAST_YEAR, DataItem.of(NHIS, QUALIFICATION));
    f.wm.stubFor(itemGet("/nhis", QUALIFICATION).willReturn(records(QUALIFICATION)));
    f.client()
        .fetch(
            ranged,
            QUALIFICATION,
            new DataRange(LocalDate.of(2025, 12, 1), LocalDate.of(2025, 12, 31)));
    assertThat(f.wm.getAllServeEvents().get(0).getRequest().getUrl())
        .isEqualTo("/nhis/mydata/v1/items/nhis.qualification?from=2025-12-01&to=2025-12-31");
  }

  @Test
  void aRangeReachingOutsideTheConsentsIsRefusedBeforeAGrantIsAsked() {
    ConsentId ranged = f.consent(LAST_YEAR, DataItem.of(NHIS, QUALIFICATION));
    f.wm.stubFor(itemGet("/nhis", QUALIFICATION).willReturn(records(QUALIFICATION)));
    MyDataClient client = f.client();
    for (DataRange outside :
        List.of(
            new DataRange(LocalDate.of(2024, 12, 31), LocalDate.of(2025, 6, 30)),
            new DataRange(LocalDate.of(2025, 6, 1), LocalDate.of(2026, 1, 1)),
            new DataRange(LocalDate.of(2020, 1, 1), LocalDate.of(2030, 1, 1)))) {
      assertThatThrownBy(() -> client.fetch(ranged, QUALIFICATION, outside))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("expected dates within the consent's data range");
    }
    assertThat(f.grantsIssued).hasValue(0);
    assertThat(f.wm.getAllServeEvents()).isEmpty();
  }

  @Test
  void withoutAConsentRangeNoDatesAreSentByDefault() {
    f.wm.stubFor(itemGet("/nhis", QUALIFICATION).willReturn(records(QUALIFICATION)));
    f.client().fetch(f.consentId, QUALIFICATION);
    assertThat(f.wm.getAllServeEvents().get(0).getRequest().getUrl())
        .isEqualTo("/nhis/mydata/v1/items/nhis.qualification");
  }

  @Test
  void aReceiptIsPassedOnButNeverShown() {
    String receipt = "eyJhbGciOiJFUzI1NiJ9.eyJyY3QiOiJGQUtFLVJFQ0VJUFQifQ.c2lnbmF0dXJl";
    f.wm.stubFor(
        itemGet("/nhis", QUALIFICATION)
            .willReturn(records(QUALIFICATION).withHeader("MyData-Receipt", receipt)));
    f.wm.stubFor(
        itemGet("/nts", INCOME)
            .willReturn(records(INCOME).withHeader("MyData-Receipt", "not a jws")));
    MyDataClient client = f.client();
    FetchResult r = client.fetch(f.consentId, QUALIFICATION);
    assertThat(r.receipt()).contains(receipt);
    assertThat(r.toString()).doesNotContain("eyJ", "c2lnbmF0dXJl");
    assertThat(client.fetch(f.consentId, INCOME).receipt())
        .as("malformed: not passed on")
        .isEmpty();
    List<ItemResult> all = client.fetchAll(f.consentId);
    assertThat(all.get(0).result().flatMap(FetchResult::receipt)).contains(receipt);
    assertThat(all.toString()).doesNotContain("eyJ", "c2lnbmF0dXJl");
  }

  @Test
  void withoutAReceiptThereIsNone() {
    f.wm.stubFor(itemGet("/nhis", QUALIFICATION).willReturn(records(QUALIFICATION)));
    assertThat(f.client().fetch(f.consentId, QUALIFICATION).receipt()).isEmpty();
  }

  private List<String> sent(String header) {
    return f.wm.getAllServeEvents().stream().map(e -> e.getRequest().getHeader(header)).toList();
  }

  @Test
  void transactionIdsAreUniqueAndInTheDocumentedForm() {
    f.wm.stubFor(itemGet("/nhis", QUALIFICATION).willReturn(records(QUALIFICATION)));
    MyDataClient client = f.client();
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < 50; i++) {
      ids.add(client.fetch(f.consentId, QUALIFICATION).transactionId());
    }
    String today = DateTimeFormatter.BASIC_ISO_DATE.format(LocalDate.now(ZoneId.of("Asia/Seoul")));
    assertThat(ids).hasSize(50).allMatch(id -> id.matches("KBBANK" + today + "[0-9]{12}"));
  }

  @Test
  void aWrongOrMissingTransactionIdEchoIsRefused() {
    f.wm.stubFor(
        itemGet("/nhis", QUALIFICATION)
            .willReturn(
                records(QUALIFICATION).withHeader("X-Api-Tran-Id", "KBBANK20260101000000000000")));
    f.wm.stubFor(
        itemGet("/nts", INCOME)
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "application/json")
                    .withBody(ClientFixture.recordsJson(INCOME))));
    MyDataClient client = f.client();
    assertThatThrownBy(() -> client.fetch(f.consentId, QUALIFICATION))
        .isInstanceOfSatisfying(
            ProviderResponseException.class,
            e -> {
              assertThat(e.status()).isEqualTo(200);
              assertThat(e.attempts()).isEqualTo(1);
              assertThat(e.getMessage()).contains("transaction id", "NHIS", e.transactionId());
            });
    assertThatThrownBy(() -> client.fetch(f.consentId, INCOME))
        .isInstanceOf(ProviderResponseException.class)
        .hasMessageContaining("transaction id echoed, got none");
  }

  @Test
  void recordsOfAnotherItemAreRefused() {
    f.wm.stubFor(itemGet("/nhis", QUALIFICATION).willReturn(records(INCOME)));
    assertThatThrownBy(() -> f.client().fetch(f.consentId, QUALIFICATION))
        .isInstanceOf(ProviderResponseException.class)
        .hasMessageContaining("another item");
  }

  @Test
  void aRefusedGrantIsRejectedAndTheNextFetchGetsANewOne() {
    f.wm.stubFor(itemGet("/nhis", QUALIFICATION).willReturn(problem(401, "EXPIRED")));
    MyDataClient client = f.client();
    assertThatThrownBy(() -> client.fetch(f.consentId, QUALIFICATION))
        .isInstanceOfSatisfying(
            GrantRejectedException.class,
            e -> {
              assertThat(e.status()).isEqualTo(401);
              assertThat(e.reason()).contains("EXPIRED");
              assertThat(e.attempts()).isEqualTo(1);
            });
    f.wm.stubFor(itemGet("/nhis", QUALIFICATION).willReturn(problem(403, "not a <code>")));
    assertThatThrownBy(() -> client.fetch(f.consentId, QUALIFICATION))
        .isInstanceOfSatisfying(
            GrantRejectedException.class, e -> assertThat(e.reason()).isEmpty());
    assertThat(f.grantsIssued).hasValue(2);
    f.wm.verify(2, getRequestedFor(urlPathEqualTo("/nhis/mydata/v1/items/nhis.qualification")));
  }

  @Test
  void otherStatusesAreResponseErrorsAndNotRetried() {
    f.wm.stubFor(itemGet("/nhis", QUALIFICATION).willReturn(problem(404, null)));
    assertThatThrownBy(() -> f.client().fetch(f.consentId, QUALIFICATION))
        .isInstanceOfSatisfying(
            ProviderResponseException.class,
            e -> {
              assertThat(e.status()).isEqualTo(404);
              assertThat(e.attempts()).isEqualTo(1);
            });
  }

  @Test
  void aProviderThatMovesInTheDirectoryIsFetchedAtItsNewUrl() {
    f.wm.stubFor(itemGet("/nhis", QUALIFICATION).willReturn(records(QUALIFICATION)));
    f.wm.stubFor(itemGet("/nhis-v2", QUALIFICATION).willReturn(records(QUALIFICATION)));
    AtomicReference<URI> nhis = new AtomicReference<>(URI.create(f.base("/nhis")));
    ProviderDirectory registry =
        agency -> agency.equals(NHIS) ? Optional.of(nhis.get()) : Optional.empty();
    MyDataClient client = f.client(b -> b.directory(registry));
    client.fetch(f.consentId, QUALIFICATION);
    nhis.set(URI.create(f.base("/nhis-v2")));
    client.fetch(f.consentId, QUALIFICATION);
    f.wm.verify(1, getRequestedFor(urlPathEqualTo("/nhis/mydata/v1/items/nhis.qualification")));
    f.wm.verify(1, getRequestedFor(urlPathEqualTo("/nhis-v2/mydata/v1/items/nhis.qualification")));
    String newest = f.wm.getAllServeEvents().get(0).getRequest().getHeader("DPoP");
    assertThat(Proofs.claims(newest).get("htu").textValue())
        .isEqualTo(f.base("/nhis-v2/mydata/v1/items/nhis.qualification"));
  }

  @Test
  void anItemOutsideTheConsentIsABadArgument() {
    assertThatThrownBy(() -> f.client().fetch(f.consentId, ItemCode.of("nts.other")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not covered by consent");
  }
}
