package org.mydatakit.status;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import com.nimbusds.jose.jwk.JWKSet;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** No token, list or key material in any toString(), exception message or log line. */
class StatusListRedactionTest {
  private final StatusFixture f = new StatusFixture();
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

  @Test
  void nothingSecretInToStringsMessagesOrLogs() throws Exception {
    String token = f.issuer().sign(StatusFixture.URI_1, StatusFixture.sample());
    String hostile = StatusFixture.token(c -> c.put("iss", "https://evil.example"));
    List<String> secrets = new ArrayList<>(List.of(token, hostile));
    for (String t : List.of(token, hostile)) {
      secrets.addAll(List.of(t.split("\\.")));
    }
    secrets.add(
        JWKSet.parse(StatusFixture.KEYS.exportPrivateJwks())
            .getKeys()
            .get(0)
            .toJSONObject()
            .get("d")
            .toString());

    List<String> texts = new ArrayList<>();
    InMemoryStatusListSource memory = StatusListSource.inMemory().put(StatusFixture.URI_1, token);
    boolean[] down = {false};
    StatusLists lists =
        StatusLists.builder()
            .source(
                uri -> {
                  if (down[0]) {
                    throw new IOException("down");
                  }
                  return memory.fetch(uri);
                })
            .trustedIssuer(StatusFixture.ISSUER, StatusFixture.KEYS.verificationKeys())
            .clock(f.clock)
            .build();
    StatusReference ref = StatusReference.of(StatusFixture.URI_1, 42);
    lists.statusOf(ref);
    memory.put(StatusFixture.URI_1, hostile);
    f.clock.advance(Duration.ofMinutes(6));
    lists.statusOf(ref); // rejected refresh, cached copy served with a warning
    down[0] = true;
    f.clock.advance(Duration.ofMinutes(60));
    try {
      lists.statusOf(ref);
    } catch (StatusUnavailableException e) {
      texts.add(e.toString());
    }
    for (String bad : List.of(hostile, token + "x", token.substring(3), "x".repeat(5000))) {
      try {
        f.verifier().verify(bad, StatusFixture.URI_1);
      } catch (StatusListException e) {
        texts.add(e.toString());
      }
    }
    VerifiedStatusList verified = new StatusFixture().verifier().verify(token, StatusFixture.URI_1);
    texts.addAll(
        List.of(
            verified.toString(),
            verified.list().toString(),
            lists.toString(),
            memory.toString(),
            f.issuer().toString(),
            f.verifier().toString()));
    assertThat(appender.list).extracting(ILoggingEvent::getLevel).contains(Level.WARN);
    for (ILoggingEvent event : appender.list) {
      texts.add(event.getFormattedMessage());
      if (event.getThrowableProxy() != null) {
        texts.add(ThrowableProxyUtil.asString(event.getThrowableProxy()));
      }
    }
    for (String text : texts) {
      for (String secret : secrets) {
        assertThat(text).doesNotContain(secret);
      }
    }
  }
}
