package org.mydatakit.grant;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import com.nimbusds.jose.jwk.JWKSet;
import java.net.URI;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mydatakit.consent.Consent;
import org.mydatakit.consent.ItemCode;
import org.mydatakit.keys.SigningAlgorithm;
import org.mydatakit.keys.SigningKeySet;
import org.mydatakit.status.StatusReference;
import org.slf4j.LoggerFactory;

/**
 * No subject, token, proof or key material in any toString(), exception message or log line —
 * checked with a capturing appender at TRACE while the verifier is fed hostile input.
 */
class GrantRedactionTest {
  private final Clock clock = Clock.fixed(GrantIssuerTest.NOW, ZoneOffset.UTC);
  private final SigningKeySet keys = SigningKeySet.generate(SigningAlgorithm.ES256);
  private final DpopKey consumer = DpopKey.generate().withClock(clock);
  private final Consent consent = SampleConsents.active();
  private final URI url = URI.create("https://api.nhis.example/mydata/v1/items/nhis.premium");
  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
  private Logger root;
  private Level previous;

  @BeforeEach
  void capture() {
    root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    previous = root.getLevel();
    root.setLevel(Level.TRACE);
    appender.start();
    root.addAppender(appender);
  }

  @AfterEach
  void release() {
    root.detachAppender(appender);
    root.setLevel(previous);
  }

  private List<String> secrets(Grant grant, String proof) throws Exception {
    List<String> secrets = new ArrayList<>();
    secrets.add(grant.token());
    for (String part : grant.token().split("\\.")) {
      secrets.add(part);
    }
    secrets.add(proof);
    secrets.add(proof.split("\\.")[2]);
    secrets.add(consent.subject().brokerSubject().value());
    consent.subject().pairwise().values().forEach(s -> secrets.add(s.value()));
    secrets.add(SampleConsents.FAKE_CI);
    secrets.add(
        JWKSet.parse(keys.exportPrivateJwks()).getKeys().get(0).toJSONObject().get("d").toString());
    secrets.add(
        JWKSet.parse("{\"keys\":[" + consumer.exportPrivateJwk() + "]}")
            .getKeys()
            .get(0)
            .toJSONObject()
            .get("d")
            .toString());
    return secrets;
  }

  @Test
  void nothingSecretInToStringsMessagesOrLogs() throws Exception {
    StatusReference status = StatusReference.of(URI.create("https://broker.example/status/1"), 42);
    Grant grant =
        GrantIssuer.builder(keys, GrantFixture.ISSUER)
            .clock(clock)
            .build()
            .issue(consent, SampleConsents.NHIS, consumer.thumbprint(), status);
    String proof = consumer.proof("GET", url, grant.token());
    List<String> texts = new ArrayList<>();

    GrantVerifier failingStatus =
        GrantVerifier.builder()
            .trustedIssuer(GrantFixture.ISSUER, keys.verificationKeys())
            .audience(SampleConsents.NHIS)
            .revocationCheck(
                ref -> {
                  throw new IllegalStateException("status source broke");
                })
            .clock(clock)
            .build();
    GrantVerifier verifier =
        GrantVerifier.builder()
            .trustedIssuer(GrantFixture.ISSUER, keys.verificationKeys())
            .audience(SampleConsents.NHIS)
            .withoutRevocationCheck()
            .clock(clock)
            .build();

    GrantRequest good = request(grant.token(), proof);
    VerifiedGrant verified = verifier.verify(good);
    texts.add(verified.toString());
    texts.add(grant.toString());
    texts.add(consent.toString());
    texts.add(good.toString());
    texts.add(keys.toString());
    texts.add(consumer.toString());
    texts.add(verifier.toString());

    String token = grant.token();
    List<GrantRequest> hostile =
        List.of(
            request(token, proof), // replay
            request(token.substring(0, token.length() - 3), proof),
            request(token + "x", proof),
            request(token, proof + "x"),
            request(token, null),
            request(token.replace('.', '!'), proof),
            request("x".repeat(10_000) + token, proof));
    for (GrantRequest request : hostile) {
      try {
        verifier.verify(request);
      } catch (InvalidGrantException e) {
        texts.add(e.getMessage());
        texts.add(e.toString());
      }
    }
    try {
      failingStatus.verify(request(token, consumer.proof("GET", url, token)));
    } catch (InvalidGrantException e) {
      texts.add(e.getMessage());
    }
    for (ILoggingEvent event : appender.list) {
      texts.add(event.getFormattedMessage());
      if (event.getThrowableProxy() != null) {
        texts.add(ThrowableProxyUtil.asString(event.getThrowableProxy()));
      }
    }
    assertThat(appender.list).as("the failing status source is logged").isNotEmpty();

    for (String secret : secrets(grant, proof)) {
      for (String text : texts) {
        assertThat(text).doesNotContain(secret);
      }
    }
  }

  private GrantRequest request(String grant, String proof) {
    return GrantRequest.builder()
        .grant(grant)
        .dpopProof(proof)
        .method("GET")
        .url(url)
        .item(ItemCode.of("nhis.premium"))
        .build();
  }
}
