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
import org.mydatakit.consent.DataRange;
import org.mydatakit.consent.ItemCode;
import org.mydatakit.store.tck.StoreFixtures;

/** One fetch: the request it makes, the answer it accepts, and what it refuses. */
class MyDataClientFetchTest {
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
  void aRangeBecomesFromAndToAndTheProofOmitsTheQuery() throws Exception {
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
  void theGrantIsReusedWhileValidAndEveryFetchIsRecordedAtTheBroker() {
    f.wm.stubFor(itemGet("/nhis", QUALIFICATION).willReturn(records(QUALIFICATION)));
    MyDataClient client = f.client();
    for (int i = 0; i < 5; i++) {
      client.fetch(f.consentId, QUALIFICATION);
    }
    assertThat(f.grantsIssued).hasValue(1);
    assertThat(
            f.wm.getAllServeEvents().stream()
                .map(e -> e.getRequest().getHeader("Authorization"))
                .distinct())
        .hasSize(1);
    try (CitizenIdentifier citizen = StoreFixtures.citizen(1)) {
      List<AccessRecord> history = f.broker.accessHistory(citizen);
      assertThat(history).hasSize(6); // one grant issued, five fetches
    }
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
  void aRefusedGrantIsDroppedAndTheNextFetchGetsANewOne() {
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
