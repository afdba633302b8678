package org.mydatakit.consent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.mydatakit.status.TokenStatus;

class ConsentLifecycleTest {
  /** Late enough that expiring an ACTIVE consent is allowed. */
  private static final Instant AT = Fixtures.VALID_UNTIL;

  static Stream<Arguments> everyStateAndOperation() {
    return Stream.of(ConsentStatus.values())
        .flatMap(s -> Stream.of(LifecycleModel.values()).map(op -> Arguments.of(s, op)));
  }

  @ParameterizedTest(name = "{1} from {0}")
  @MethodSource("everyStateAndOperation")
  void everyOperationFollowsTheTableOfDesignSection3(ConsentStatus from, LifecycleModel op) {
    Consent before = LifecycleModel.inState(from);
    Optional<ConsentStatus> expected = op.next(from, AT, before.validUntil());
    if (expected.isPresent()) {
      Consent after = op.apply(before, AT);
      assertThat(after.status()).isEqualTo(expected.get());
      assertThat(after.version()).isEqualTo(before.version() + 1);
      assertThat(after.statusChangedAt()).isEqualTo(AT);
      assertThat(after.id()).isEqualTo(before.id());
      assertThat(before.status()).as("the original is unchanged").isEqualTo(from);
    } else {
      assertThatThrownBy(() -> op.apply(before, AT))
          .isInstanceOfSatisfying(
              ConsentStateException.class,
              e -> {
                assertThat(e.from()).isEqualTo(from);
                assertThat(e.to()).isEqualTo(op.target);
                assertThat(e.consentId()).contains(before.id());
                assertThat(e.getMessage())
                    .startsWith("cannot " + e.operation() + " consent " + before.id() + ": ")
                    .contains(from.name());
                if (from.isFinal()) {
                  assertThat(e.why()).isEqualTo("state " + from + " is final");
                }
              });
    }
  }

  @Test
  void revokingARejectedConsentSaysTheStateIsFinal() {
    Consent rejected = LifecycleModel.inState(ConsentStatus.REJECTED);
    assertThatThrownBy(() -> rejected.revoke(AT, RevokedBy.CITIZEN, "x"))
        .isInstanceOf(ConsentStateException.class)
        .hasMessage("cannot revoke consent " + rejected.id() + ": state REJECTED is final");
  }

  @Test
  void pausingAPausedConsentNamesTheExpectedState() {
    Consent paused = LifecycleModel.inState(ConsentStatus.PAUSED);
    assertThatThrownBy(() -> paused.pause(AT))
        .hasMessage("cannot pause consent " + paused.id() + ": state PAUSED, expected ACTIVE");
  }

  @Test
  void activeConsentCannotExpireBeforeValidUntil() {
    Consent active = LifecycleModel.inState(ConsentStatus.ACTIVE);
    Instant justBefore = active.validUntil().minusNanos(1);
    assertThatThrownBy(() -> active.expire(justBefore))
        .isInstanceOfSatisfying(
            ConsentStateException.class,
            e -> {
              assertThat(e.from()).isEqualTo(ConsentStatus.ACTIVE);
              assertThat(e.to()).isEqualTo(ConsentStatus.EXPIRED);
              assertThat(e.getMessage()).contains("not yet past validUntil");
            });
    assertThat(active.expire(active.validUntil()).status()).isEqualTo(ConsentStatus.EXPIRED);
  }

  @ParameterizedTest
  @EnumSource(LifecycleModel.class)
  void anInstantBeforeTheLastStatusChangeIsRejected(LifecycleModel op) {
    Consent c = LifecycleModel.inState(ConsentStatus.PAUSED);
    Instant before = c.statusChangedAt().minusNanos(1);
    if (op.next(c.status(), before, c.validUntil()).isPresent()) {
      assertThatThrownBy(() -> op.apply(c, before))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("at: expected at or after statusChangedAt");
    }
  }

  @Test
  void approvalRecordsEvidenceAndStatusIndex() {
    Consent active = Fixtures.requested().approve(Fixtures.APPROVED, Fixtures.evidence(), 42);
    assertThat(active.evidence()).contains(Fixtures.evidence());
    assertThat(active.statusIndex()).hasValue(42);
    assertThat(active.wasApproved()).isTrue();
    assertThat(active.tokenStatus()).isEqualTo(TokenStatus.VALID);
    assertThat(active.pause(AT).tokenStatus()).isEqualTo(TokenStatus.SUSPENDED);
    assertThat(Fixtures.requested().tokenStatus()).isEqualTo(TokenStatus.INVALID);
  }

  @Test
  void revocationRecordsWhoAndWhyAndResumeClearsNothingElse() {
    Consent revoked =
        LifecycleModel.inState(ConsentStatus.PAUSED).revoke(AT, RevokedBy.PROVIDER, "fraud");
    assertThat(revoked.revokedBy()).contains(RevokedBy.PROVIDER);
    assertThat(revoked.statusReason()).contains("fraud");
    assertThat(revoked.version()).isEqualTo(3);
    assertThat(revoked.evidence()).isPresent();
  }

  @Test
  void expiredRequestWasNeverApproved() {
    Consent expired = Fixtures.requested().expire(Fixtures.APPROVED);
    assertThat(expired.wasApproved()).isFalse();
    assertThat(expired.statusIndex()).isEmpty();
  }

  @Test
  void validUntilIsExclusive() {
    Consent c = Fixtures.requested();
    assertThat(c.isWithinValidity(c.validFrom())).isTrue();
    assertThat(c.isWithinValidity(c.validFrom().minusNanos(1))).isFalse();
    assertThat(c.isWithinValidity(c.validUntil().minusNanos(1))).isTrue();
    assertThat(c.isWithinValidity(c.validUntil())).isFalse();
  }

  @Test
  void anAmendmentIsANewRequestThatSupersedesTheOld() {
    Consent active = LifecycleModel.inState(ConsentStatus.ACTIVE);
    Instant now = AT.minusSeconds(10);
    Consent amendment =
        active.newBuilder().id(Fixtures.OTHER_ID).supersedes(active.id()).createdAt(now).build();
    assertThat(amendment.status()).isEqualTo(ConsentStatus.REQUESTED);
    Consent approved = amendment.approve(now, Fixtures.evidence(), 43);
    Consent old = active.supersede(now);
    assertThat(approved.supersedes()).contains(old.id());
    assertThat(old.status()).isEqualTo(ConsentStatus.SUPERSEDED);
  }

  @Test
  void derivedViews() {
    Consent c = Fixtures.requested();
    assertThat(c.providers()).containsExactly(Fixtures.NHIS, Fixtures.NTS);
    assertThat(c.itemsAt(Fixtures.NTS)).containsExactly(ItemCode.of("nts.income-certificate"));
    assertThat(c.itemsAt(AgencyId.of("MOIS"))).isEmpty();
    assertThat(c.items())
        .first()
        .isEqualTo(DataItem.of(Fixtures.NHIS, ItemCode.of("nhis.qualification")));
  }
}
