package org.mydatakit.consent.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.time.Instant;
import java.time.Period;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.mydatakit.consent.AgencyId;
import org.mydatakit.consent.AuthenticationEvidence;
import org.mydatakit.consent.CitizenIdentifier;
import org.mydatakit.consent.Consent;
import org.mydatakit.consent.ConsentId;
import org.mydatakit.consent.ConsentStateException;
import org.mydatakit.consent.ConsentStatus;
import org.mydatakit.consent.DataItem;
import org.mydatakit.consent.Delivery;
import org.mydatakit.consent.ItemCode;
import org.mydatakit.consent.LegalBasis;
import org.mydatakit.consent.PairwiseSubjects;
import org.mydatakit.consent.Purpose;
import org.mydatakit.consent.RevokedBy;

/**
 * {@link ConsentLifecycle} reaches exactly {@code Consent}'s package-private transitions and passes
 * on what they throw, unchanged.
 */
class ConsentLifecycleAccessTest {
  private static final Instant CREATED = Instant.parse("2026-01-01T00:00:00Z");
  private static final Instant LATER = CREATED.plusSeconds(60);
  private static final AgencyId NHIS = AgencyId.of("NHIS");

  private static Consent requested() {
    try (CitizenIdentifier ci = CitizenIdentifier.of("FAKE-CI-HONG-GILDONG-0001")) {
      return Consent.builder()
          .id(ConsentId.generate(CREATED))
          .subject(
              PairwiseSubjects.of(
                      "FAKE-MASTER-SECRET-for-examples-and-tests-only"
                          .getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                  .derive(ci, Set.of(NHIS)))
          .consumer(AgencyId.of("KB-BANK"))
          .items(Set.of(DataItem.of(NHIS, ItemCode.of("nhis.qualification"))))
          .purpose(new Purpose("loan-screening", "대출 심사", LegalBasis.PIPA_35_2))
          .delivery(Delivery.oneTime())
          .validFrom(CREATED)
          .validUntil(CREATED.plusSeconds(3600))
          .retention(Period.ofYears(1))
          .createdAt(CREATED)
          .build();
    }
  }

  private static AuthenticationEvidence evidence() {
    return new AuthenticationEvidence(
        AuthenticationEvidence.Method.MOBILE_ID,
        CREATED,
        "mobile-app",
        AuthenticationEvidence.sha256Hex("가상 시민의 동의문"));
  }

  @Test
  void everyTransitionIsReachedWithTheConsentFirst() throws Exception {
    List<String> names = new ArrayList<>();
    for (Method m : ConsentLifecycle.class.getDeclaredMethods()) {
      if (!Modifier.isPublic(m.getModifiers())) {
        continue;
      }
      names.add(m.getName());
      assertThat(Modifier.isStatic(m.getModifiers())).as(m.getName()).isTrue();
      assertThat(m.getReturnType()).isEqualTo(Consent.class);
      Class<?>[] parameters = m.getParameterTypes();
      assertThat(parameters[0]).isEqualTo(Consent.class);
      Method target =
          Consent.class.getDeclaredMethod(
              m.getName(), Arrays.copyOfRange(parameters, 1, parameters.length));
      assertThat(Modifier.isPublic(target.getModifiers())).as(target.getName()).isFalse();
      assertThat(target.getReturnType()).isEqualTo(Consent.class);
    }
    assertThat(names)
        .containsExactlyInAnyOrder(
            "approve", "reject", "expire", "pause", "resume", "revoke", "supersede");
    assertThat(Modifier.isFinal(ConsentLifecycle.class.getModifiers())).isTrue();
    assertThat(ConsentLifecycle.class.getConstructors()).isEmpty();
  }

  @Test
  void eachStepDoesWhatTheTransitionDoes() {
    Consent requested = requested();
    Consent active = ConsentLifecycle.approve(requested, CREATED, evidence(), 42);
    assertThat(active.status()).isEqualTo(ConsentStatus.ACTIVE);
    assertThat(active.version()).isEqualTo(1);
    assertThat(active.statusIndex()).hasValue(42);
    assertThat(active.evidence()).contains(evidence());

    Consent paused = ConsentLifecycle.pause(active, LATER);
    assertThat(paused.status()).isEqualTo(ConsentStatus.PAUSED);
    assertThat(paused.statusChangedAt()).isEqualTo(LATER);
    Consent resumed = ConsentLifecycle.resume(paused, LATER);
    assertThat(resumed.status()).isEqualTo(ConsentStatus.ACTIVE);
    assertThat(resumed.version()).isEqualTo(3);

    Consent revoked = ConsentLifecycle.revoke(resumed, LATER, RevokedBy.PROVIDER, "disputed");
    assertThat(revoked.status()).isEqualTo(ConsentStatus.REVOKED);
    assertThat(revoked.revokedBy()).contains(RevokedBy.PROVIDER);
    assertThat(revoked.statusReason()).contains("disputed");

    assertThat(ConsentLifecycle.supersede(active, LATER).status())
        .isEqualTo(ConsentStatus.SUPERSEDED);
    assertThat(ConsentLifecycle.expire(active, active.validUntil()).status())
        .isEqualTo(ConsentStatus.EXPIRED);
    assertThat(ConsentLifecycle.expire(requested, LATER).status()).isEqualTo(ConsentStatus.EXPIRED);
    Consent rejected = ConsentLifecycle.reject(requested, LATER, "not now");
    assertThat(rejected.status()).isEqualTo(ConsentStatus.REJECTED);
    assertThat(rejected.statusReason()).contains("not now");
    assertThat(requested.status())
        .as("the original is unchanged")
        .isEqualTo(ConsentStatus.REQUESTED);
  }

  @Test
  void whatTheTransitionThrowsIsPassedOnUnchanged() {
    Consent requested = requested();
    assertThatThrownBy(() -> ConsentLifecycle.pause(requested, LATER))
        .isExactlyInstanceOf(ConsentStateException.class)
        .hasMessage(
            "cannot pause consent " + requested.id() + ": state REQUESTED, expected ACTIVE");
    Consent rejected = ConsentLifecycle.reject(requested, LATER, "no");
    assertThatThrownBy(() -> ConsentLifecycle.revoke(rejected, LATER, RevokedBy.CITIZEN, "x"))
        .isExactlyInstanceOf(ConsentStateException.class)
        .hasMessageEndingWith("state REJECTED is final");
    assertThatThrownBy(() -> ConsentLifecycle.expire(requested, CREATED.minusSeconds(1)))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("at: expected at or after statusChangedAt");
    assertThatThrownBy(() -> ConsentLifecycle.reject(requested, LATER, " "))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("statusReason");
    assertThatThrownBy(() -> ConsentLifecycle.approve(requested, LATER, null, 1))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("evidence");
    assertThatThrownBy(() -> ConsentLifecycle.resume(null, LATER))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("consent: expected a value");
  }
}
