package org.mydatakit.consent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.time.LocalDate;
import java.time.Period;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Only the broker, and reading a stored consent back, produce a consent in a state other than
 * REQUESTED: no public constructor, method or builder setter of {@link Consent} or {@link
 * ConsentBuilder} can, whatever the state of the consent it starts from.
 */
class ConsentSurfaceTest {
  /**
   * Every public method of {@link ConsentBuilder}. A new one fails this test on purpose: decide
   * whether it sets a request's term (then list it here) or a lifecycle field (then it must not be
   * public).
   */
  private static final Set<String> BUILDER_API =
      Set.of(
          "build()",
          "id(ConsentId)",
          "supersedes(ConsentId)",
          "supersedes(Optional)",
          "subject(ConsentSubject)",
          "consumer(AgencyId)",
          "items(Set)",
          "purpose(Purpose)",
          "delivery(Delivery)",
          "dataRange(DataRange)",
          "dataRange(Optional)",
          "validFrom(Instant)",
          "validUntil(Instant)",
          "retention(Period)",
          "representative(Representative)",
          "representative(Optional)",
          "createdAt(Instant)");

  /** Every public method of {@link Consent}; a new one fails this test on purpose. */
  private static final Set<String> CONSENT_API =
      Set.of(
          "builder()",
          "newBuilder()",
          "providers()",
          "itemsAt(AgencyId)",
          "isWithinValidity(Instant)",
          "tokenStatus()",
          "wasApproved()",
          "id()",
          "version()",
          "supersedes()",
          "subject()",
          "consumer()",
          "items()",
          "purpose()",
          "delivery()",
          "dataRange()",
          "validFrom()",
          "validUntil()",
          "retention()",
          "representative()",
          "evidence()",
          "status()",
          "statusIndex()",
          "createdAt()",
          "statusChangedAt()",
          "statusReason()",
          "revokedBy()",
          "equals(Object)",
          "hashCode()",
          "toString()");

  private static final Set<String> LIFECYCLE_SETTERS =
      Set.of(
          "version",
          "status",
          "statusIndex",
          "evidence",
          "statusChangedAt",
          "statusReason",
          "revokedBy");

  private static final Set<String> TRANSITIONS =
      Set.of("approve", "reject", "expire", "pause", "resume", "revoke", "supersede");

  private static final ConsentId THIRD_ID = ConsentId.parse("019e807a-ec00-7d21-8f3e-0a9b1c2d3e50");

  @Test
  void everyPublicMethodIsListed() {
    assertThat(publicMethods(ConsentBuilder.class))
        .extracting(ConsentSurfaceTest::signature)
        .containsExactlyInAnyOrderElementsOf(BUILDER_API);
    assertThat(publicMethods(Consent.class))
        .extracting(ConsentSurfaceTest::signature)
        .containsExactlyInAnyOrderElementsOf(CONSENT_API);
    for (Class<?> type : List.of(Consent.class, ConsentBuilder.class)) {
      assertThat(Modifier.isFinal(type.getModifiers())).as(type + " is final").isTrue();
      assertThat(type.getConstructors()).as(type + " public constructors").isEmpty();
      assertThat(Arrays.stream(type.getDeclaredFields()).filter(f -> !isPrivateOrPackage(f)))
          .as(type + " visible fields")
          .isEmpty();
    }
  }

  @Test
  void theLifecycleSettersAndTheTransitionsArePackagePrivate() {
    List<Method> setters =
        Arrays.stream(ConsentBuilder.class.getDeclaredMethods())
            .filter(m -> LIFECYCLE_SETTERS.contains(m.getName()))
            .toList();
    assertThat(setters)
        .extracting(Method::getName)
        .containsExactlyInAnyOrderElementsOf(
            LIFECYCLE_SETTERS.stream()
                .flatMap(
                    s ->
                        s.equals("version") || s.equals("status") || s.equals("statusChangedAt")
                            ? Stream.of(s)
                            : Stream.of(s, s)) // the value and the Optional setter
                .toList());
    List<Method> transitions =
        Arrays.stream(Consent.class.getDeclaredMethods())
            .filter(m -> TRANSITIONS.contains(m.getName()))
            .toList();
    assertThat(transitions).extracting(Method::getName).hasSameElementsAs(TRANSITIONS);
    assertThat(transitions).hasSameSizeAs(TRANSITIONS);
    for (Method m : concat(setters, transitions)) {
      assertThat(isPackagePrivate(m.getModifiers())).as(signature(m)).isTrue();
    }
  }

  static Stream<Consent> consentsInEveryState() {
    return Stream.concat(
        Stream.of(ConsentStatus.values()).map(LifecycleModel::inState),
        Stream.of(Fixtures.exampleActive(), Fixtures.everything()));
  }

  /**
   * Calls every public method of the consent (and of every builder one returns, each setter alone
   * and all of them together) and checks that no result is, or builds, a consent out of REQUESTED.
   */
  @ParameterizedTest(name = "from {0}")
  @MethodSource("consentsInEveryState")
  void noPublicMethodYieldsAConsentOutOfRequested(Consent consent) throws Exception {
    int builders = 0;
    for (Method m : publicMethods(Consent.class)) {
      Object result = m.invoke(Modifier.isStatic(m.getModifiers()) ? null : consent, arguments(m));
      assertThat(result).as(signature(m)).isNotInstanceOf(Consent.class);
      if (result instanceof ConsentBuilder b) {
        builders++;
        if (m.getName().equals("newBuilder")) {
          assertRequestedDraft(consent.newBuilder().build()); // complete as it comes
        }
        checkEverySetter(b);
      }
    }
    assertThat(builders).as("builder() and newBuilder()").isEqualTo(2);
  }

  @Test
  void aNewBuilderOfAnApprovedConsentIsARequestedDraftWithTheSameTerms() {
    Consent revoked = Fixtures.everything();
    Consent draft = revoked.newBuilder().build();
    assertRequestedDraft(draft);
    assertThat(draft.id()).isEqualTo(revoked.id());
    assertThat(draft.supersedes()).isEqualTo(revoked.supersedes()).isPresent();
    assertThat(draft.subject()).isEqualTo(revoked.subject());
    assertThat(draft.consumer()).isEqualTo(revoked.consumer());
    assertThat(draft.items()).isEqualTo(revoked.items());
    assertThat(draft.purpose()).isEqualTo(revoked.purpose());
    assertThat(draft.delivery()).isEqualTo(revoked.delivery());
    assertThat(draft.dataRange()).isEqualTo(revoked.dataRange()).isPresent();
    assertThat(draft.validFrom()).isEqualTo(revoked.validFrom());
    assertThat(draft.validUntil()).isEqualTo(revoked.validUntil());
    assertThat(draft.retention()).isEqualTo(revoked.retention());
    assertThat(draft.representative()).isEqualTo(revoked.representative()).isPresent();
    assertThat(draft.createdAt()).isEqualTo(revoked.createdAt());
    assertThat(draft).isNotEqualTo(revoked);

    Consent active = Fixtures.exampleActive();
    assertThat(active.newBuilder().build())
        .isEqualTo(
            Fixtures.requestedBuilder()
                .dataRange(new DataRange(LocalDate.of(2025, 1, 1), LocalDate.of(2025, 12, 31)))
                .build());
  }

  /** A stored ACTIVE consent, as {@code ConsentJson.write} wrote it (and a store keeps it). */
  private static final String STORED_ACTIVE =
      """
      {"id":"019b76d1-8040-7c4e-9a2b-5d6f8e1a3c70","version":1,\
      "subject":{"broker":"HY87hFmjso5jaEYELVnLIa1b4VK0nPosBDbYDIKKUGM",\
      "pairwise":{"NHIS":"ASwmfCMAxd847iTe1cbNVdyFoSxiIVFR_zFfkFIG184",\
      "NTS":"GLDl3D_VaYofotc6lQsvFdR_mnwzM6OFFM_bp5G_lA0"}},\
      "consumer":"KB-BANK","items":[{"provider":"NHIS","code":"nhis.qualification"},\
      {"provider":"NTS","code":"nts.income-certificate"}],\
      "purpose":{"code":"loan-screening","text":"대출 심사","legalBasis":{"code":"pipa-35-2",\
      "text":"개인정보 보호법 제35조의2 (개인정보의 전송 요구)"}},\
      "delivery":{"kind":"PERIODIC","every":1,"unit":"MONTHS","fetchBudget":4,\
      "window":{"from":"09:00","to":"18:00","zone":"Asia/Seoul"}},\
      "dataRange":{"from":"2025-01-01","to":"2025-12-31"},\
      "validFrom":"2026-01-01T00:00:00Z","validUntil":"2030-01-01T00:00:00Z","retention":"P1Y",\
      "evidence":{"method":"SIMPLE_AUTHENTICATION","authenticatedAt":"2025-12-31T23:59:30Z",\
      "channel":"mobile-app",\
      "consentTextSha256":"6949af3d65830d0836e97a3dfbf69a4be275c96ab9eb077a0e4f3f87dd094994"},\
      "status":"ACTIVE","statusIndex":42,"createdAt":"2025-12-31T23:50:00Z",\
      "statusChangedAt":"2026-01-01T00:00:00Z"}""";

  @Test
  void readingAStoredActiveConsentBackStillRoundTrips() {
    Consent read = ConsentJson.read(STORED_ACTIVE);
    assertThat(read.status()).isEqualTo(ConsentStatus.ACTIVE);
    assertThat(read.version()).isEqualTo(1);
    assertThat(read.statusIndex()).hasValue(42);
    assertThat(read.evidence()).contains(Fixtures.evidence());
    assertThat(read).isEqualTo(Fixtures.exampleActive());
    assertThat(ConsentJson.write(read)).isEqualTo(STORED_ACTIVE);
    assertThat(ConsentJson.read(ConsentJson.write(read))).isEqualTo(read);
  }

  /** Builds {@code b} as it is, after each public setter alone, and after all of them. */
  private static void checkEverySetter(ConsentBuilder b) throws Exception {
    buildIfComplete(b).ifPresent(ConsentSurfaceTest::assertRequestedDraft);
    List<Method> setters =
        publicMethods(ConsentBuilder.class).stream()
            .filter(m -> m.getParameterCount() == 1)
            .toList();
    for (Method setter : setters) {
      Object returned = setter.invoke(b, sample(setter));
      assertThat(returned).as(signature(setter) + " returns its builder").isSameAs(b);
      buildIfComplete(b).ifPresent(ConsentSurfaceTest::assertRequestedDraft);
    }
    assertRequestedDraft(b.build()); // every setter applied: complete, and still REQUESTED
  }

  private static Optional<Consent> buildIfComplete(ConsentBuilder b) {
    try {
      return Optional.of(b.build());
    } catch (IllegalArgumentException incomplete) {
      return Optional.empty(); // Consent.builder() before the required terms are set
    }
  }

  private static void assertRequestedDraft(Consent c) {
    assertThat(c.status()).isEqualTo(ConsentStatus.REQUESTED);
    assertThat(c.version()).isZero();
    assertThat(c.evidence()).isEmpty();
    assertThat(c.statusIndex()).isEmpty();
    assertThat(c.statusReason()).isEmpty();
    assertThat(c.revokedBy()).isEmpty();
    assertThat(c.statusChangedAt()).isEqualTo(c.createdAt());
    assertThat(c.wasApproved()).isFalse();
  }

  /** Arguments for a public method of {@link Consent}. */
  private static Object[] arguments(Method m) {
    return switch (signature(m)) {
      case "itemsAt(AgencyId)" -> new Object[] {Fixtures.NHIS};
      case "isWithinValidity(Instant)" -> new Object[] {Fixtures.APPROVED};
      case "equals(Object)" -> new Object[] {"not a consent"};
      default -> {
        if (m.getParameterCount() != 0) {
          fail("no arguments for " + signature(m));
        }
        yield new Object[0];
      }
    };
  }

  /** A valid value for a builder setter, consistent with every other sample and the fixtures. */
  private static Object sample(Method setter) {
    Object value =
        switch (setter.getName()) {
          case "id" -> THIRD_ID;
          case "supersedes" -> Fixtures.OTHER_ID;
          case "subject" -> Fixtures.subject();
          case "consumer" -> AgencyId.of("OTHER-BANK");
          case "items" -> Fixtures.items();
          case "purpose" -> new Purpose("insurance", "보험 심사", LegalBasis.PIPA_35_2);
          case "delivery" -> Delivery.oneTime();
          case "dataRange" -> new DataRange(LocalDate.of(2024, 1, 1), LocalDate.of(2024, 12, 31));
          case "validFrom" -> Fixtures.VALID_FROM.plusSeconds(1);
          case "validUntil" -> Fixtures.VALID_UNTIL.plus(Duration.ofDays(1));
          case "retention" -> Period.ofYears(2);
          case "representative" ->
              new Representative(Representative.Kind.GUARDIAN, "family-cert:7f3a9c");
          case "createdAt" -> Fixtures.CREATED.plusSeconds(1);
          default -> fail("no sample for " + signature(setter));
        };
    return setter.getParameterTypes()[0] == Optional.class ? Optional.of(value) : value;
  }

  private static List<Method> publicMethods(Class<?> type) {
    return Arrays.stream(type.getDeclaredMethods())
        .filter(m -> Modifier.isPublic(m.getModifiers()) && !m.isSynthetic() && !m.isBridge())
        .toList();
  }

  private static String signature(Method m) {
    return m.getName()
        + Arrays.stream(m.getParameterTypes())
            .map(Class::getSimpleName)
            .collect(Collectors.joining(",", "(", ")"));
  }

  private static boolean isPackagePrivate(int modifiers) {
    return !Modifier.isPublic(modifiers)
        && !Modifier.isProtected(modifiers)
        && !Modifier.isPrivate(modifiers);
  }

  private static boolean isPrivateOrPackage(Field f) {
    return !Modifier.isPublic(f.getModifiers()) && !Modifier.isProtected(f.getModifiers());
  }

  private static List<Method> concat(List<Method> a, List<Method> b) {
    List<Method> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }
}
