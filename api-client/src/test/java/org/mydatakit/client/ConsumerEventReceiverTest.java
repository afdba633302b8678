package org.mydatakit.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.mydatakit.events.ConsentEvent;
import org.mydatakit.events.ConsentEventType;
import org.mydatakit.events.InvalidSecurityEventException;
import org.mydatakit.events.PushAnswer;
import org.mydatakit.keys.SigningAlgorithm;
import org.mydatakit.keys.SigningKeySet;

/** The consumer's receiver: each event to its callback once; a failed callback is sent again. */
class ConsumerEventReceiverTest {
  final BrokerEvents broker = new BrokerEvents();
  final List<String> calls = new CopyOnWriteArrayList<>();
  final ConsumerEventReceiver events = receiver(new Recording());

  /** Records each call as "method type". */
  class Recording implements ConsumerEventListener {
    void record(String method, ConsentEvent event) {
      calls.add(method + " " + event.type());
    }

    @Override
    public void onRevoked(ConsentEvent event) {
      record("onRevoked", event);
    }

    @Override
    public void onRetentionEnded(ConsentEvent event) {
      record("onRetentionEnded", event);
    }

    @Override
    public void onApproved(ConsentEvent event) {
      record("onApproved", event);
    }

    @Override
    public void onPaused(ConsentEvent event) {
      record("onPaused", event);
    }

    @Override
    public void onResumed(ConsentEvent event) {
      record("onResumed", event);
    }

    @Override
    public void onExpired(ConsentEvent event) {
      record("onExpired", event);
    }

    @Override
    public void onSuperseded(ConsentEvent event) {
      record("onSuperseded", event);
    }

    @Override
    public void onDeliveryConfirmed(ConsentEvent event) {
      record("onDeliveryConfirmed", event);
    }
  }

  ConsumerEventReceiver receiver(ConsumerEventListener listener) {
    return ConsumerEventReceiver.builder()
        .trustedIssuer(BrokerEvents.ISSUER, broker.keys.verificationKeys())
        .audience(BrokerEvents.BANK)
        .listener(listener)
        .build();
  }

  PushAnswer push(ConsumerEventReceiver to, String set) {
    return to.receive(BrokerEvents.CONTENT_TYPE, set.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void eachEventTypeReachesItsOwnCallback() {
    for (ConsentEventType type : ConsentEventType.values()) {
      assertThat(push(events, broker.set(type, 1)).status()).as(type.name()).isEqualTo(202);
    }
    assertThat(calls)
        .containsExactly(
            "onApproved CONSENT_APPROVED",
            "onPaused CONSENT_PAUSED",
            "onResumed CONSENT_RESUMED",
            "onRevoked CONSENT_REVOKED",
            "onExpired CONSENT_EXPIRED",
            "onSuperseded CONSENT_SUPERSEDED",
            "onRetentionEnded RETENTION_ENDED",
            "onDeliveryConfirmed DELIVERY_CONFIRMED");
  }

  @Test
  void optionalCallbacksDefaultToNothingAndTheEventIsAcknowledged() {
    ConsumerEventReceiver minimal =
        receiver(
            new ConsumerEventListener() {
              @Override
              public void onRevoked(ConsentEvent event) {
                calls.add("revoked " + event.consentId());
              }

              @Override
              public void onRetentionEnded(ConsentEvent event) {
                calls.add("erase " + event.items().size());
              }
            });
    assertThat(push(minimal, broker.set(ConsentEventType.CONSENT_PAUSED, 2)).status())
        .isEqualTo(202);
    assertThat(push(minimal, broker.set(ConsentEventType.RETENTION_ENDED, 3)).status())
        .isEqualTo(202);
    assertThat(calls).containsExactly("erase 2");
  }

  @Test
  void theSameSetAgainIsAcknowledgedAndCalledBackOnce() {
    String set = broker.set(ConsentEventType.CONSENT_REVOKED, 4);
    for (int i = 0; i < 3; i++) {
      assertThat(push(events, set).status()).isEqualTo(202);
    }
    assertThat(calls).containsExactly("onRevoked CONSENT_REVOKED");
  }

  @Test
  void aCallbackThatThrowsIsNotAcknowledgedAndTheRetryCallsItAgain() {
    AtomicInteger attempts = new AtomicInteger();
    ConsumerEventReceiver flaky =
        receiver(
            new Recording() {
              @Override
              public void onRetentionEnded(ConsentEvent event) {
                if (attempts.incrementAndGet() == 1) {
                  throw new IllegalStateException("vault busy");
                }
                super.onRetentionEnded(event);
              }
            });
    String set = broker.set(ConsentEventType.RETENTION_ENDED, 5);
    PushAnswer failed = push(flaky, set);
    assertThat(failed.status()).isEqualTo(503);
    assertThat(failed.acknowledged()).isFalse();
    assertThat(failed.body()).isEmpty();
    assertThat(push(flaky, set).status()).isEqualTo(202);
    assertThat(push(flaky, set).status()).isEqualTo(202);
    assertThat(attempts).hasValue(2);
    assertThat(calls).containsExactly("onRetentionEnded RETENTION_ENDED");
  }

  @Test
  void anotherTokenUnderAHandledJtiIsRefusedAndNotCalledBack() {
    assertThat(push(events, broker.set(ConsentEventType.CONSENT_PAUSED, 2, "jti-1")).status())
        .isEqualTo(202);
    PushAnswer replay = push(events, broker.set(ConsentEventType.CONSENT_REVOKED, 3, "jti-1"));
    assertThat(replay.status()).isEqualTo(400);
    assertThat(replay.error()).contains(InvalidSecurityEventException.Code.INVALID_REQUEST);
    assertThat(calls).containsExactly("onPaused CONSENT_PAUSED");
  }

  @Test
  void refusedSetsAreAnsweredWithTheirCodeAndNeverCalledBack() {
    SigningKeySet stranger = SigningKeySet.generate(SigningAlgorithm.ES256);
    String good = broker.set(ConsentEventType.CONSENT_REVOKED, 2);
    assertThat(
            push(
                    events,
                    BrokerEvents.signWith(
                        stranger, broker.claims(ConsentEventType.CONSENT_REVOKED, 2, "j")))
                .error())
        .contains(InvalidSecurityEventException.Code.INVALID_KEY);
    assertThat(push(events, good.substring(0, good.length() - 4) + "AAAA").error())
        .contains(InvalidSecurityEventException.Code.INVALID_KEY);
    assertThat(
            push(events, broker.set(ConsentEventType.CONSENT_REVOKED, 2, c -> c.put("aud", "NHIS")))
                .error())
        .contains(InvalidSecurityEventException.Code.INVALID_AUDIENCE);
    assertThat(
            push(
                    events,
                    broker.set(
                        ConsentEventType.CONSENT_REVOKED,
                        2,
                        c -> c.put("iss", "https://x.example")))
                .error())
        .contains(InvalidSecurityEventException.Code.INVALID_ISSUER);
    assertThat(
            push(
                    events,
                    broker.set(
                        ConsentEventType.CONSENT_REVOKED,
                        2,
                        c -> {
                          ObjectNode e = (ObjectNode) c.get("events");
                          e.set(
                              ConsentEventType.NAMESPACE + "consent-sold",
                              e.remove(ConsentEventType.CONSENT_REVOKED.uri()));
                        }))
                .error())
        .contains(InvalidSecurityEventException.Code.INVALID_REQUEST);
    assertThat(
            push(events, broker.set(ConsentEventType.CONSENT_REVOKED, 2, c -> c.remove("events")))
                .error())
        .contains(InvalidSecurityEventException.Code.INVALID_REQUEST);
    assertThat(events.receive("application/json", good.getBytes(StandardCharsets.UTF_8)).error())
        .contains(InvalidSecurityEventException.Code.INVALID_REQUEST);
    assertThat(events.receive(BrokerEvents.CONTENT_TYPE, new byte[17_000]).status()).isEqualTo(400);
    assertThat(calls).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(
      value = ConsentEventType.class,
      names = {"CONSENT_REVOKED", "RETENTION_ENDED"})
  void theEventGivesTheConsentItsItemsAndNoSubject(ConsentEventType type) {
    List<ConsentEvent> got = new CopyOnWriteArrayList<>();
    ConsumerEventReceiver collecting =
        receiver(
            new ConsumerEventListener() {
              @Override
              public void onRevoked(ConsentEvent event) {
                got.add(event);
              }

              @Override
              public void onRetentionEnded(ConsentEvent event) {
                got.add(event);
              }
            });
    assertThat(push(collecting, broker.set(type, 7)).status()).isEqualTo(202);
    assertThat(got).hasSize(1);
    ConsentEvent event = got.get(0);
    assertThat(event.consentId()).isEqualTo(broker.consentId);
    assertThat(event.receiver()).isEqualTo(BrokerEvents.BANK);
    assertThat(event.items()).hasSize(2);
    assertThat(event.subject()).isEmpty();
    assertThat(event.txn()).isEqualTo(broker.consentId + ".7");
  }

  @Test
  void theBuilderRequiresAListenerAndAnAudience() {
    assertThatThrownBy(
            () ->
                ConsumerEventReceiver.builder()
                    .trustedIssuer(BrokerEvents.ISSUER, broker.keys.verificationKeys())
                    .audience(BrokerEvents.BANK)
                    .build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("listener");
    assertThatThrownBy(
            () ->
                ConsumerEventReceiver.builder()
                    .trustedIssuer(BrokerEvents.ISSUER, broker.keys.verificationKeys())
                    .listener(new Recording())
                    .build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("audience");
    assertThat(events.toString()).isEqualTo("ConsumerEventReceiver[KB-BANK]");
  }
}
