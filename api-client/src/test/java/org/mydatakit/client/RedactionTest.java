package org.mydatakit.client;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mydatakit.client.ClientFixture.INCOME;
import static org.mydatakit.client.ClientFixture.QUALIFICATION;
import static org.mydatakit.client.ClientFixture.itemGet;
import static org.mydatakit.client.ClientFixture.problem;
import static org.mydatakit.client.ClientFixture.records;

import com.github.tomakehurst.wiremock.http.Fault;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import okhttp3.OkHttpClient;
import okhttp3.logging.HttpLoggingInterceptor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mydatakit.events.ConsentEvent;
import org.mydatakit.events.ConsentEventType;
import org.mydatakit.events.ErasureAttestations;
import org.mydatakit.events.PushAnswer;
import org.mydatakit.testing.CapturingAppender;
import org.slf4j.LoggerFactory;

/**
 * No grant, proof, subject or payload in any log line (ours, or OkHttp's logging interceptor set up
 * as documented), exception message or toString.
 */
class RedactionTest {
  private final ClientFixture f = new ClientFixture();

  @AfterEach
  void stop() {
    f.close();
  }

  @Test
  void theCoreLogLeakGuardWatchesThisModule() throws Exception {
    Properties p = new Properties();
    try (InputStream in =
        getClass().getClassLoader().getResourceAsStream("junit-platform.properties")) {
      p.load(in);
    }
    assertThat(p.getProperty("junit.jupiter.extensions.autodetection.enabled")).isEqualTo("true");
    try (InputStream in =
        getClass()
            .getClassLoader()
            .getResourceAsStream("META-INF/services/org.junit.jupiter.api.extension.Extension")) {
      assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8))
          .contains("org.mydatakit.testing.LogLeakGuard");
    }
    LoggerFactory.getLogger(MyDataClient.class).debug("probe line");
    assertThat(CapturingAppender.drain()).anyMatch(l -> l.contains("probe line"));
  }

  @Test
  void logsMessagesAndToStringsCarryNoSecret() {
    List<String> okhttpLines = new ArrayList<>();
    HttpLoggingInterceptor.Logger yourLogger = okhttpLines::add;
    // as documented in MyDataClient and the README
    // region readme-logging
    HttpLoggingInterceptor logging = new HttpLoggingInterceptor(yourLogger);
    logging.redactHeader("Authorization"); // the grant
    logging.redactHeader("DPoP"); // the proof
    logging.redactHeader("MyData-Receipt"); // the provider's delivery receipt
    logging.setLevel(HttpLoggingInterceptor.Level.HEADERS); // never BODY: it would log records
    OkHttpClient shared = new OkHttpClient.Builder().addInterceptor(logging).build();
    // endregion readme-logging
    MyDataClient client = f.client(b -> b.okHttpClient(shared));

    f.wm.stubFor(itemGet("/nhis", QUALIFICATION).willReturn(records(QUALIFICATION)));
    f.wm.stubFor(itemGet("/nts", INCOME).willReturn(problem(403, "REVOKED")));
    List<String> texts = new ArrayList<>();
    FetchResult ok = client.fetch(f.consentId, QUALIFICATION);
    texts.add(ok.toString());
    texts.add(f.dpopKey.toString());
    client.fetchAll(f.consentId).forEach(r -> texts.add(r.toString()));
    f.wm.stubFor(
        itemGet("/nhis", QUALIFICATION)
            .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
    f.wm.stubFor(
        itemGet("/nts", INCOME)
            .willReturn(records(QUALIFICATION).withHeader("X-Api-Tran-Id", "x")));
    for (var r : client.fetchAll(f.consentId)) {
      r.failure().ifPresent(e -> texts.add(e.getMessage()));
      texts.add(r.toString());
    }
    List<String> logs = CapturingAppender.drain();

    assertThat(logs).anyMatch(l -> l.contains("fetch NHIS nhis.qualification status 200 tran"));
    assertThat(okhttpLines).contains("Authorization: ██", "DPoP: ██");
    String proofSample = f.wm.getAllServeEvents().get(0).getRequest().getHeader("DPoP");
    String grantSample = f.wm.getAllServeEvents().get(0).getRequest().getHeader("Authorization");
    List<String> all = new ArrayList<>(logs);
    all.addAll(okhttpLines);
    all.addAll(texts);
    assertThat(all)
        .isNotEmpty()
        .noneMatch(l -> l.contains("eyJ"))
        .noneMatch(l -> l.contains(proofSample.substring(proofSample.length() - 20)))
        .noneMatch(l -> l.contains(grantSample.substring(grantSample.length() - 20)))
        .noneMatch(l -> l.contains(ClientFixture.SUBJECT))
        .noneMatch(l -> l.contains(ClientFixture.PAYLOAD_MARKER))
        .noneMatch(l -> l.contains(f.dpopKey.thumbprint()))
        .noneMatch(l -> l.contains("FAKE-CI"));
  }

  @Test
  void consentEventsAndErasureReportsCarryNoTokenNorId() {
    BrokerEvents broker = new BrokerEvents();
    ConsumerEventReceiver events =
        ConsumerEventReceiver.builder()
            .trustedIssuer(BrokerEvents.ISSUER, broker.keys.verificationKeys())
            .audience(BrokerEvents.BANK)
            .listener(
                new ConsumerEventListener() {
                  @Override
                  public void onRevoked(ConsentEvent event) {}

                  @Override
                  public void onRetentionEnded(ConsentEvent event) {
                    throw new IllegalStateException("vault down");
                  }
                })
            .build();
    String good = broker.set(ConsentEventType.CONSENT_REVOKED, 2, "jti-secret-1");
    List<String> pushed =
        List.of(
            good,
            good,
            broker.set(ConsentEventType.CONSENT_PAUSED, 3, "jti-secret-1"),
            broker.set(ConsentEventType.RETENTION_ENDED, 4),
            broker.set(ConsentEventType.CONSENT_PAUSED, 3, c -> c.put("aud", "NH-BANK")),
            good.substring(0, good.length() - 4) + "AAAA");
    CapturingAppender.drain();
    List<String> texts = new ArrayList<>();
    for (String set : pushed) {
      PushAnswer answer =
          events.receive(BrokerEvents.CONTENT_TYPE, set.getBytes(StandardCharsets.UTF_8));
      texts.add(answer.toString());
      texts.add(answer.body());
    }
    texts.add(events.toString());
    texts.add(ConsumerEventServlet.of(events).toString());
    texts.add(ConsumerEventHandler.of(events).toString());

    String attestation =
        ErasureAttestations.signer(broker.keys, BrokerEvents.BANK, BrokerEvents.ISSUER)
            .sign(broker.consentId, List.of("T-0001"), java.time.Instant.now());
    f.wm.stubFor(
        com.github.tomakehurst.wiremock.client.WireMock.post("/events/erasure")
            .willReturn(aResponse().withStatus(400).withBody("{\"err\":\"invalid_key\"}")));
    ErasureReporter reporter =
        ErasureReporter.builder(new OkHttpClient(), java.net.URI.create(f.wm.baseUrl())).build();
    try {
      reporter.report(attestation);
    } catch (ErasureRejectedException e) {
      texts.add(e.getMessage());
    }
    texts.add(reporter.toString());
    List<String> logs = CapturingAppender.drain();
    assertThat(logs).anyMatch(l -> l.contains("CONSENT_REVOKED for KB-BANK: accepted"));
    assertThat(logs)
        .anyMatch(l -> l.contains("handler failed with java.lang.IllegalStateException"));
    texts.addAll(logs);
    assertThat(texts)
        .hasSizeGreaterThan(12)
        .noneMatch(t -> t.contains("eyJ"))
        .noneMatch(t -> t.contains(good.substring(good.length() - 20)))
        .noneMatch(t -> t.contains(attestation.substring(attestation.length() - 20)))
        .noneMatch(t -> t.contains(broker.consentId.toString()))
        .noneMatch(t -> t.contains("jti-secret-1"))
        .noneMatch(t -> t.contains("T-0001"));
  }
}
