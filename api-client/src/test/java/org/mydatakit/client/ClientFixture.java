package org.mydatakit.client;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.common.Slf4jNotifier;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.mydatakit.broker.ConsentBroker;
import org.mydatakit.broker.ConsentRequest;
import org.mydatakit.broker.FetchOutcome;
import org.mydatakit.broker.InMemoryConsentStore;
import org.mydatakit.consent.AgencyId;
import org.mydatakit.consent.CitizenIdentifier;
import org.mydatakit.consent.ConsentId;
import org.mydatakit.consent.DataItem;
import org.mydatakit.consent.DataRange;
import org.mydatakit.consent.Delivery;
import org.mydatakit.consent.ItemCode;
import org.mydatakit.consent.LegalBasis;
import org.mydatakit.consent.Purpose;
import org.mydatakit.consent.Schedule;
import org.mydatakit.grant.DpopKey;
import org.mydatakit.grant.Grant;
import org.mydatakit.keys.SigningAlgorithm;
import org.mydatakit.keys.SigningKeySet;
import org.mydatakit.store.tck.StoreFixtures;

/**
 * A real in-process broker with an approved consent of a fictional citizen over three providers, a
 * consumer DPoP key, and one WireMock server standing in for the providers (each under its own
 * path). WireMock does not verify grants: the testkit does that.
 */
final class ClientFixture implements AutoCloseable {
  static final String ISSUER = "https://broker.example";
  static final AgencyId KB_BANK = AgencyId.of("KB-BANK");
  static final AgencyId NHIS = AgencyId.of("NHIS");
  static final AgencyId NTS = AgencyId.of("NTS");
  static final AgencyId SEOUL = AgencyId.of("SEOUL-CITY");
  static final ItemCode QUALIFICATION = ItemCode.of("nhis.qualification");
  static final ItemCode INCOME = ItemCode.of("nts.income-certificate");
  static final ItemCode LOCAL_TAX = ItemCode.of("seoul.local-tax");

  /** Markers that must never appear in a log line, message or toString. */
  static final String SUBJECT = "FAKE-SUBJECT-PSEUDONYM-0001";

  static final String PAYLOAD_MARKER = "FAKE-PAYLOAD-HONG-GILDONG";

  final SigningKeySet keys = SigningKeySet.generate(SigningAlgorithm.ES256);
  final InMemoryConsentStore store = new InMemoryConsentStore();
  final ConsentBroker broker = broker(keys);
  final DpopKey dpopKey = DpopKey.generate();
  final ConsentId consentId;
  final AtomicInteger grantsIssued = new AtomicInteger();

  /** The tokens of the grants issued, in order. */
  final List<String> grantTokens = new CopyOnWriteArrayList<>();

  final WireMockServer wm =
      new WireMockServer(
          options().dynamicPort().globalTemplating(true).notifier(new Slf4jNotifier(false)));

  ClientFixture() {
    wm.start();
    consentId =
        consent(
            null,
            DataItem.of(NHIS, QUALIFICATION),
            DataItem.of(NTS, INCOME),
            DataItem.of(SEOUL, LOCAL_TAX));
  }

  /**
   * Another approved consent of the same citizen over {@code items}, limited to {@code range} if
   * not null; 100 deliveries a month.
   */
  ConsentId consent(DataRange range, DataItem... items) {
    Instant now = Instant.now();
    ConsentRequest.Builder request =
        ConsentRequest.builder()
            .consumer(KB_BANK)
            .purpose(new Purpose("loan-screening", "대출 심사", LegalBasis.PIPA_35_2))
            .delivery(Delivery.periodic(Schedule.every(1, Schedule.Unit.MONTHS), 100))
            .validity(now.minusSeconds(60), now.plus(Duration.ofDays(30)))
            .retention(Period.ofYears(1));
    for (DataItem i : items) {
      request.item(i);
    }
    if (range != null) {
      request.dataRange(range);
    }
    try (CitizenIdentifier citizen = StoreFixtures.citizen(1)) {
      ConsentId requested =
          broker.request(request.build(), citizen, "order-" + UUID.randomUUID()).id();
      return broker.approve(requested, citizen, StoreFixtures.evidence(now)).id();
    }
  }

  ConsentBroker broker(SigningKeySet signing) {
    return broker(signing, URI.create(ISSUER + "/status/1"));
  }

  /** Another broker node over the same store (several nodes behave as one). */
  ConsentBroker broker(SigningKeySet signing, URI statusListUri) {
    return ConsentBroker.builder()
        .store(store)
        .signingKeys(signing)
        .issuer(ISSUER)
        .pairwiseSubjects(StoreFixtures.SUBJECTS)
        .statusListUri(statusListUri)
        .build();
  }

  /** The broker as a grant source that counts the grants it issues. */
  GrantSource grantSource() {
    GrantSource real = GrantSource.of(broker);
    return new GrantSource() {
      @Override
      public Grant grant(ConsentId consentId, AgencyId provider, String dpopJkt) {
        grantsIssued.incrementAndGet();
        Grant grant = real.grant(consentId, provider, dpopJkt);
        grantTokens.add(grant.token());
        return grant;
      }

      @Override
      public Set<DataItem> items(ConsentId consentId) {
        return real.items(consentId);
      }

      @Override
      public Optional<DataRange> dataRange(ConsentId consentId) {
        return real.dataRange(consentId);
      }

      @Override
      public void recorded(
          String grantId,
          AgencyId provider,
          Set<ItemCode> items,
          String transactionId,
          FetchOutcome outcome) {
        real.recorded(grantId, provider, items, transactionId, outcome);
      }
    };
  }

  String base(String path) {
    return "http://localhost:" + wm.port() + path;
  }

  /** NHIS and NTS on WireMock under /nhis and /nts; SEOUL-CITY on a closed port. */
  ProviderDirectory directory() {
    return ProviderDirectory.of(
        Map.of(
            NHIS, URI.create(base("/nhis")),
            NTS, URI.create(base("/nts")),
            SEOUL, URI.create("http://localhost:" + closedPort() + "/seoul")));
  }

  MyDataClient client(UnaryOperator<MyDataClientBuilder> tweak) {
    return tweak
        .apply(
            MyDataClient.builder()
                .consumer(KB_BANK)
                .directory(directory())
                .dpopKey(dpopKey)
                .grantSource(grantSource()))
        .build();
  }

  MyDataClient client() {
    return client(b -> b);
  }

  /** A GET of {@code item} at {@code prefix} that carries the three headers. */
  static MappingBuilder itemGet(String prefix, ItemCode item) {
    return get(urlPathEqualTo(prefix + "/mydata/v1/items/" + item))
        .withHeader("Authorization", matching("DPoP eyJ.+"))
        .withHeader("DPoP", matching("eyJ.+"))
        .withHeader("X-Api-Tran-Id", matching("KBBANK[0-9]{20}"));
  }

  /** A 200 with the records of {@code item}, echoing the transaction id. */
  static ResponseDefinitionBuilder records(ItemCode item) {
    return aResponse()
        .withStatus(200)
        .withHeader("Content-Type", "application/json")
        .withHeader("X-Api-Tran-Id", "{{request.headers.X-Api-Tran-Id}}")
        .withBody(recordsJson(item));
  }

  static String recordsJson(ItemCode item) {
    return "{\"item\":\""
        + item
        + "\",\"subject\":\""
        + SUBJECT
        + "\",\"issuedAt\":\"2026-03-02T01:00:00Z\",\"data\":{\"name\":\""
        + PAYLOAD_MARKER
        + "\",\"grade\":\"지역가입자\",\"dependants\":2,\"premium\":123456.5,"
        + "\"history\":[{\"from\":\"2019-04-01\",\"active\":true}],\"note\":null}}";
  }

  static ResponseDefinitionBuilder problem(int status, String reason) {
    return aResponse()
        .withStatus(status)
        .withHeader("Content-Type", "application/problem+json")
        .withBody(
            "{\"type\":\"about:blank\",\"title\":\"refused\",\"status\":"
                + status
                + (reason == null ? "" : ",\"reason\":\"" + reason + "\"")
                + "}");
  }

  static int closedPort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    wm.stop();
  }
}
