package org.mydatakit.consent;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.Period;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ConsentValidationTest {
  private static final Instant AT = Fixtures.APPROVED;

  private static Arguments bad(String expectedInMessage, ThrowingCallable call) {
    return Arguments.of(expectedInMessage, call);
  }

  static Stream<Arguments> invalidInput() {
    ConsentSubject nhisOnly =
        new ConsentSubject(
            Fixtures.subject().brokerSubject(),
            Map.of(Fixtures.NHIS, Fixtures.subject().at(Fixtures.NHIS).orElseThrow()));
    return Stream.of(
        bad("id: expected a value", () -> Fixtures.requestedBuilder().id(null)),
        bad("id: expected a value", () -> copyWithout("id").build()),
        bad("consumer: expected a value", () -> copyWithout("consumer").build()),
        bad(
            "items: expected at least one item",
            () -> Fixtures.requestedBuilder().items(Set.of()).build()),
        bad("provider NTS", () -> Fixtures.requestedBuilder().subject(nhisOnly).build()),
        bad(
            "provider NTS",
            () ->
                Fixtures.requestedBuilder()
                    .items(Set.of(DataItem.of(Fixtures.NHIS, ItemCode.of("nhis.qualification"))))
                    .build()),
        bad(
            "validUntil: expected after validFrom",
            () -> Fixtures.requestedBuilder().validUntil(Fixtures.VALID_FROM).build()),
        bad(
            "validFrom: expected an instant in the years 0001 to 9999",
            () -> Fixtures.requestedBuilder().validFrom(Instant.MIN).build()),
        bad(
            "retention: expected a positive period",
            () -> Fixtures.requestedBuilder().retention(Period.ZERO).build()),
        bad(
            "retention: expected a positive period",
            () -> Fixtures.requestedBuilder().retention(Period.of(1, -1, 0)).build()),
        bad(
            "version: expected 0 exactly when the status is REQUESTED",
            () -> Fixtures.requestedBuilder().version(1).build()),
        bad(
            "version: expected 0 or more",
            () -> Fixtures.requestedBuilder().version(-1).status(ConsentStatus.EXPIRED).build()),
        bad(
            "evidence: expected present with status ACTIVE",
            () -> Fixtures.requestedBuilder().version(1).status(ConsentStatus.ACTIVE).build()),
        bad(
            "statusIndex: expected present exactly when evidence is present",
            () -> Fixtures.requestedBuilder().evidence(Fixtures.evidence()).build()),
        bad(
            "statusIndex: expected 0 to",
            () -> Fixtures.requested().approve(AT, Fixtures.evidence(), -1)),
        bad(
            "evidence authenticatedAt: expected at or before statusChangedAt",
            () ->
                Fixtures.requested()
                    .approve(Fixtures.AUTHENTICATED.minusSeconds(1), Fixtures.evidence(), 1)),
        bad(
            "revokedBy: expected present exactly when the status is REVOKED",
            () -> Fixtures.requestedBuilder().revokedBy(RevokedBy.CITIZEN).build()),
        bad(
            "statusReason: expected 1 to 500 characters",
            () -> Fixtures.requested().reject(AT, "x".repeat(501))),
        bad(
            "statusReason: expected 1 to 500 characters",
            () -> Fixtures.requested().reject(AT, " ")),
        bad(
            "supersedes: expected another consent's id",
            () -> Fixtures.requestedBuilder().supersedes(Fixtures.ID).build()),
        bad(
            "statusChangedAt: expected at or after createdAt",
            () ->
                Fixtures.requestedBuilder()
                    .statusChangedAt(Fixtures.CREATED.minusSeconds(1))
                    .build()),
        bad("at: expected a value", () -> Fixtures.requested().pause(null)),
        bad("purpose code", () -> new Purpose("loan screening", "대출 심사", LegalBasis.PIPA_35_2)),
        bad(
            "purpose text: expected 1 to 500 characters",
            () -> new Purpose("loan", "", LegalBasis.PIPA_35_2)),
        bad(
            "purpose text: expected 1 to 500 characters",
            () -> new Purpose("loan", "가".repeat(501), LegalBasis.PIPA_35_2)),
        bad("purpose legal basis", () -> new Purpose("loan", "대출", null)),
        bad("legal basis code", () -> new LegalBasis("", "text")),
        bad(
            "delivery fetch budget: expected 1 to 10000, got 0",
            () -> Delivery.periodic(Schedule.every(1, Schedule.Unit.DAYS), 0)),
        bad(
            "delivery fetch budget: expected 1 to 10000, got 10001",
            () -> Delivery.periodic(Schedule.every(1, Schedule.Unit.DAYS), 10_001)),
        bad(
            "schedule every: expected 1 or more, got 0",
            () -> Schedule.every(0, Schedule.Unit.WEEKS)),
        bad(
            "schedule window: expected from before to",
            () ->
                Schedule.every(1, Schedule.Unit.DAYS)
                    .withWindow(LocalTime.of(18, 0), LocalTime.of(9, 0))),
        bad(
            "data range: expected from on or before to",
            () -> new DataRange(LocalDate.of(2026, 1, 2), LocalDate.of(2026, 1, 1))),
        bad(
            "data range to: expected a date in the years 0001 to 9999",
            () -> new DataRange(LocalDate.of(2026, 1, 2), LocalDate.of(10_000, 1, 1))),
        bad(
            "representative evidence reference",
            () -> new Representative(Representative.Kind.DELEGATE, "has space")),
        bad(
            "representative evidence reference",
            () -> new Representative(Representative.Kind.DELEGATE, "r".repeat(201))),
        bad(
            "evidence consentTextSha256: expected 64 lower-case hexadecimal characters",
            () ->
                new AuthenticationEvidence(
                    AuthenticationEvidence.Method.MOBILE_ID, AT, "app", "AB".repeat(32))),
        bad(
            "evidence channel",
            () ->
                new AuthenticationEvidence(
                    AuthenticationEvidence.Method.MOBILE_ID, AT, "mobile app", "ab".repeat(32))),
        bad("bundle items: expected at least one item", () -> new Bundle("loan", Set.of())),
        bad("bundle name: expected 1 to 100 characters", () -> new Bundle(" ", Fixtures.items())),
        bad(
            "subject pairwise: expected at least one provider",
            () -> new ConsentSubject(Fixtures.subject().brokerSubject(), Map.of())),
        bad("citizen identifier: expected 1 to 256 characters", () -> CitizenIdentifier.of(" ")),
        bad(
            "master secret: expected at least 32 bytes, got 31",
            () -> PairwiseSubjects.of(new byte[31])),
        bad(
            "provider key: expected at least 32 bytes, got 16",
            () -> PairwiseSubjects.subjectFor(new byte[16], CitizenIdentifier.of("x"))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidInput")
  void invalidInputIsRejectedNamingTheField(String expected, ThrowingCallable call) {
    assertThatThrownBy(call)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(expected);
  }

  /** A builder with every field of a requested consent except {@code field}. */
  private static ConsentBuilder copyWithout(String field) {
    ConsentBuilder b = Fixtures.requested().newBuilder();
    switch (field) {
      case "id" -> b.id = null;
      case "consumer" -> b.consumer = null;
      default -> throw new IllegalArgumentException(field);
    }
    return b;
  }
}
