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
}
