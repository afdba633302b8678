package org.mydatakit.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mydatakit.testkit.Fixtures.CONSUMER;
import static org.mydatakit.testkit.Fixtures.NHIS;
import static org.mydatakit.testkit.Fixtures.NHIS_QUALIFICATION;
import static org.mydatakit.testkit.Fixtures.QUALIFICATION;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mydatakit.consent.Consent;
import org.mydatakit.grant.DpopKey;
import org.mydatakit.grant.Grant;
import org.mydatakit.testing.CapturingAppender;

/**
 * Nothing secret leaves the fake agency: no grant, proof, subject, CI or record in any log line, on
 * the console, or in a {@code toString()}. (Core's LogLeakGuard also watches every test.)
 */
class RedactionTest {

  @Test
  void noGrantProofSubjectOrRecordIsLoggedOrPrinted() throws Exception {
    List<String> secrets = new ArrayList<>();
    List<String> printed = new ArrayList<>();
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream console = new ByteArrayOutputStream();
    FakeBroker broker = FakeBroker.create();
    List<Object> shown = new ArrayList<>(List.of(broker, SampleCitizen.HONG_GILDONG));
    org.slf4j.LoggerFactory.getLogger(RedactionTest.class).info("probe: the appender is installed");
    assertThat(CapturingAppender.drain()).anyMatch(line -> line.contains("probe: the appender"));
    try (PrintStream capture = new PrintStream(console, true, StandardCharsets.UTF_8)) {
      System.setOut(capture);
      System.setErr(capture);
      try (FakeProviderAgency nhis = FakeProviderAgency.start(NHIS, broker)) {
        shown.add(nhis);
        DpopKey key = DpopKey.generate();
        Consent consent =
            broker.approvedConsent(SampleCitizen.HONG_GILDONG, CONSUMER, NHIS_QUALIFICATION);
        Grant grant = broker.issueGrant(consent.id(), NHIS, key);
        URI url = nhis.itemUrl(QUALIFICATION);
        String proof = key.proof("GET", url, grant.token());
        secrets.add(grant.token());
        secrets.add(proof);

        HttpResponse<String> served = Http.send(Http.request(url, grant.token(), proof, "T-1"));
        secrets.add(Http.json(served.body()).get("subject").asText());
        secrets.add(Http.json(served.body()).get("data").get("workplaceName").asText());
        Http.send(Http.request(url, grant.token(), proof, "T-2")); // replay: rejected
        Http.send(Http.request(url, "eyJhbGciOiJub25lIn0.e30.", null, "T-3")); // garbage
        broker.revoke(consent.id());
        Http.fetch(url, grant, key); // revoked
        nhis.malformedJson();
        Http.fetch(url, grant, key);
        shown.addAll(nhis.requests());
        printed.add(console.toString(StandardCharsets.UTF_8));
      }
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
    List<String> logged = CapturingAppender.drain();
    secrets.add("FAKE-CI");
    secrets.add("FAKE-MASTER-SECRET");

    for (String secret : secrets) {
      assertThat(logged).noneMatch(line -> line.contains(secret));
      assertThat(printed).noneMatch(text -> text.contains(secret));
      assertThat(shown).noneMatch(o -> o.toString().contains(secret));
    }
    assertThat(printed).noneMatch(text -> text.contains("eyJ"));
  }
}
