package org.mydatakit.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.mydatakit.consent.ConsentId;
import org.mydatakit.events.ConsentEventType;
import org.mydatakit.events.InvalidSecurityEventException;
import org.mydatakit.events.PushAnswer;
import org.mydatakit.grant.InvalidGrantException;
import org.mydatakit.keys.SigningAlgorithm;
import org.mydatakit.keys.SigningKeySet;
import org.mydatakit.status.TokenStatus;
import org.mydatakit.store.tck.TestClock;

/**
 * The gate refuses a consent the moment the broker's event says so, while its status list would
 * still say valid; events apply once each, in the consent's order.
 */
class ConsentEventReceiverTest {
  private final GateFixture f = new GateFixture();
  private final EventSets sets = new EventSets(f);
  private final TestClock clock = TestClock.at(GateFixture.NOW);
  private final AtomicInteger statusChecks = new AtomicInteger();
  private final ConsentEventReceiver events = receiver().build();
  private final ProviderGate gate =
      f.bareBuilder()
          .revocationCheck(
              ref -> {
                statusChecks.incrementAndGet();
                return TokenStatus.VALID; // the status list has not caught up
              })
          .consentEvents(events)
          .build();

  private ConsentEventReceiver.Builder receiver() {
    return ConsentEventReceiver.builder()
        .trustedIssuer(GateFixture.ISSUER, f.brokerKeys.verificationKeys())
        .audience(GateFixture.SELF)
        .clock(clock);
  }

  /** A fresh grant of the fixture's consent that carries a status reference. */
  private String grant() {
    return f.grantWith(
        c -> {
          var list = c.putObject("status").putObject("status_list");
          list.put("idx", 7);
          list.put("uri", "https://broker.example/status/1");
        });
  }

  private ProviderGate.Decision admit() {
    return gate.admit(f.request(grant()));
  }

  private PushAnswer push(String set) {
    return events.receive(EventSets.CONTENT_TYPE, set.getBytes(StandardCharsets.UTF_8));
  }

  private void accepted(String set) {
    PushAnswer answer = push(set);
    assertThat(answer.status()).as(answer.toString()).isEqualTo(202);
  }

  private void assertRefused(InvalidGrantException.Reason reason) {
    ProviderGate.Decision decision = admit();
    assertThat(decision).as("expected a refusal").isInstanceOf(Refusal.class);
    Refusal refusal = (Refusal) decision;
    assertThat(refusal.status()).isEqualTo(403);
    assertThat(refusal.reason()).isEqualTo(Refusal.Reason.INVALID_GRANT);
    assertThat(refusal.grantReason()).contains(reason);
    assertThat(refusal.code()).isEqualTo(reason.name());
  }

  private void assertAdmitted() {
    assertThat(admit()).isInstanceOf(Admission.class);
  }

  @Test
  void aRevokedConsentIsRefusedAtOnceWhileTheStatusListStillSaysValid() {
    assertAdmitted();
    accepted(sets.set(ConsentEventType.CONSENT_REVOKED, 3));
    int checksBefore = statusChecks.get();
    assertRefused(InvalidGrantException.Reason.REVOKED);
    assertThat(statusChecks.get())
        .as("the status list still said valid")
        .isGreaterThan(checksBefore);
    assertThat(events.refusal(f.consentId)).contains(InvalidGrantException.Reason.REVOKED);
  }

  @ParameterizedTest
  @EnumSource(
      value = ConsentEventType.class,
      names = {"CONSENT_REVOKED", "CONSENT_EXPIRED", "CONSENT_SUPERSEDED"})
  void everyEndingIsRefusedAsRevoked(ConsentEventType ending) {
    accepted(sets.set(ending, 5));
    assertRefused(InvalidGrantException.Reason.REVOKED);
  }

  @Test
  void aPausedConsentIsSuspendedAndAdmittedAgainOnceResumed() {
    accepted(sets.set(ConsentEventType.CONSENT_PAUSED, 2));
    assertRefused(InvalidGrantException.Reason.SUSPENDED);
    accepted(sets.set(ConsentEventType.CONSENT_RESUMED, 3));
    assertAdmitted();
    accepted(sets.set(ConsentEventType.CONSENT_PAUSED, 4));
    assertRefused(InvalidGrantException.Reason.SUSPENDED);
  }

  @Test
  void anOlderEventAfterANewerOneHasNoEffect() {
    accepted(sets.set(ConsentEventType.CONSENT_RESUMED, 4));
    accepted(sets.set(ConsentEventType.CONSENT_PAUSED, 3)); // late: acknowledged, ignored
    assertAdmitted();
    accepted(sets.set(ConsentEventType.CONSENT_PAUSED, 6));
    accepted(sets.set(ConsentEventType.CONSENT_RESUMED, 5));
    accepted(sets.set(ConsentEventType.CONSENT_RESUMED, 6)); // the same version: not newer
    assertRefused(InvalidGrantException.Reason.SUSPENDED);
  }

  @Test
  void anEndedConsentStaysRefusedWhateverFollows() {
    accepted(sets.set(ConsentEventType.CONSENT_REVOKED, 2));
    accepted(sets.set(ConsentEventType.CONSENT_RESUMED, 3));
    accepted(sets.set(ConsentEventType.CONSENT_PAUSED, 4));
    assertRefused(InvalidGrantException.Reason.REVOKED);
  }

  @Test
  void anEndingRefusesWhateverItsVersionSoArrivalOrderDoesNotMatter() {
    accepted(sets.set(ConsentEventType.CONSENT_RESUMED, 5));
    accepted(sets.set(ConsentEventType.CONSENT_EXPIRED, 3)); // refusing more is always safe
    assertRefused(InvalidGrantException.Reason.REVOKED);
  }

  @Test
  void theSameSetAgainIsAcknowledgedWithExactlyOneEffect() {
    String pause = sets.set(ConsentEventType.CONSENT_PAUSED, 2);
    accepted(pause);
    accepted(pause);
    accepted(sets.set(ConsentEventType.CONSENT_RESUMED, 3));
    accepted(pause); // had it applied again (were it not older), the consent would be paused
    assertAdmitted();
  }

  @Test
  void aReplayedJtiWithOtherContentIsRefusedAndChangesNothing() {
    accepted(sets.set(f.consentId, ConsentEventType.CONSENT_PAUSED, 2, "jti-1"));
    PushAnswer replay = push(sets.set(f.consentId, ConsentEventType.CONSENT_REVOKED, 3, "jti-1"));
    assertThat(replay.status()).isEqualTo(400);
    assertThat(replay.error()).contains(InvalidSecurityEventException.Code.INVALID_REQUEST);
    assertRefused(InvalidGrantException.Reason.SUSPENDED);
    accepted(sets.set(ConsentEventType.CONSENT_RESUMED, 3));
    assertAdmitted();
  }

  @Test
  void anotherConsentsEventsLeaveThisOneAlone() {
    ConsentId other = ConsentId.generate(GateFixture.NOW);
    accepted(sets.set(other, ConsentEventType.CONSENT_REVOKED, 2, "jti-other"));
    assertAdmitted();
    assertThat(events.refusal(other)).contains(InvalidGrantException.Reason.REVOKED);
  }

  @ParameterizedTest
  @EnumSource(
      value = ConsentEventType.class,
      names = {"CONSENT_APPROVED", "RETENTION_ENDED", "DELIVERY_CONFIRMED"})
  void eventsThatDoNotConcernTheGateAreAcknowledgedWithoutEffect(ConsentEventType type) {
    accepted(sets.set(type, 9));
    assertAdmitted();
    accepted(sets.set(ConsentEventType.CONSENT_PAUSED, 2)); // and they hold no version
    assertRefused(InvalidGrantException.Reason.SUSPENDED);
  }

  @Test
  void refusedSetsChangeNothing() {
    SigningKeySet stranger = SigningKeySet.generate(SigningAlgorithm.ES256);
    List<String> refused =
        List.of(
            EventSets.signWith(
                stranger,
                sets.claims(f.consentId, ConsentEventType.CONSENT_REVOKED, 2, "jti-stranger")),
            sets.set(ConsentEventType.CONSENT_REVOKED, 2, c -> c.put("aud", "NHIS")),
            sets.set(
                ConsentEventType.CONSENT_REVOKED, 2, c -> c.put("iss", "https://evil.example")),
            sets.set(ConsentEventType.CONSENT_REVOKED, 2, c -> c.put("txn", "2")));
    for (String set : refused) {
      assertThat(push(set).status()).isEqualTo(400);
    }
    String good = sets.set(ConsentEventType.CONSENT_REVOKED, 2);
    assertThat(events.receive("application/json", good.getBytes(StandardCharsets.UTF_8)).status())
        .isEqualTo(400);
    assertThat(events.receive(EventSets.CONTENT_TYPE, new byte[20_000]).status()).isEqualTo(400);
    assertAdmitted();
  }

  @Test
  void aRefusalIsHeldForHoldForThenLeftToTheStatusList() {
    accepted(sets.set(ConsentEventType.CONSENT_PAUSED, 2));
    clock.advance(Duration.ofMinutes(59));
    assertRefused(InvalidGrantException.Reason.SUSPENDED);
    clock.advance(Duration.ofMinutes(2));
    assertAdmitted();
  }

  @Test
  void atCapacityANewConsentIsAnswered503UntilRoomFreesUp() {
    ConsentEventReceiver small = receiver().capacity(1).build();
    ConsentId other = ConsentId.generate(GateFixture.NOW);
    String first = sets.set(ConsentEventType.CONSENT_PAUSED, 2);
    String second = sets.set(other, ConsentEventType.CONSENT_REVOKED, 2, "jti-2");
    assertThat(small.receive(EventSets.CONTENT_TYPE, bytes(first)).status()).isEqualTo(202);
    PushAnswer full = small.receive(EventSets.CONTENT_TYPE, bytes(second));
    assertThat(full.status()).isEqualTo(503);
    assertThat(full.acknowledged()).isFalse();
    // a consent already held still takes its changes
    assertThat(
            small
                .receive(
                    EventSets.CONTENT_TYPE, bytes(sets.set(ConsentEventType.CONSENT_RESUMED, 3)))
                .status())
        .isEqualTo(202);
    clock.advance(Duration.ofMinutes(61));
    assertThat(small.receive(EventSets.CONTENT_TYPE, bytes(second)).status()).isEqualTo(202);
    assertThat(small.refusal(other)).contains(InvalidGrantException.Reason.REVOKED);
  }

  @Test
  void aViewThatFailsRefusesTheGrantAsStatusUnavailable() {
    ProviderGate failing =
        f.gateBuilder()
            .consentEvents(
                id -> {
                  throw new IllegalStateException("redis down");
                })
            .build();
    Refusal refusal = (Refusal) failing.admit(f.request(f.grant()));
    assertThat(refusal.status()).isEqualTo(503);
    assertThat(refusal.grantReason()).contains(InvalidGrantException.Reason.STATUS_UNAVAILABLE);
  }

  @Test
  void theBuilderRefusesAShortHoldNoRoomAndAMissingAudience() {
    assertThatThrownBy(() -> receiver().holdFor(Duration.ofMinutes(5)).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("holdFor");
    assertThatThrownBy(() -> receiver().capacity(0).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("capacity");
    assertThatThrownBy(
            () ->
                ConsentEventReceiver.builder()
                    .trustedIssuer(GateFixture.ISSUER, f.brokerKeys.verificationKeys())
                    .build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("audience");
  }

  private static byte[] bytes(String set) {
    return set.getBytes(StandardCharsets.UTF_8);
  }
}
