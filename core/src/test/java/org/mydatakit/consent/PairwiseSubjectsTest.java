package org.mydatakit.consent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PairwiseSubjectsTest {
  private final PairwiseSubjects broker = PairwiseSubjects.of(Fixtures.FAKE_MASTER_SECRET);

  @Test
  void derivationIsDeterministic() {
    try (CitizenIdentifier ci = CitizenIdentifier.of(Fixtures.FAKE_CI);
        CitizenIdentifier again = CitizenIdentifier.of(Fixtures.FAKE_CI)) {
      assertThat(broker.derive(ci, Set.of(Fixtures.NHIS, Fixtures.NTS)))
          .isEqualTo(
              PairwiseSubjects.of(Fixtures.FAKE_MASTER_SECRET)
                  .derive(again, Set.of(Fixtures.NHIS, Fixtures.NTS)));
      assertThat(broker.at(ci, Fixtures.NHIS)).isEqualTo(broker.at(again, Fixtures.NHIS));
    }
  }

  @Test
  void derivationIsPinned() {
    // Changing the derivation would orphan every subject providers already hold.
    try (CitizenIdentifier ci = CitizenIdentifier.of(Fixtures.FAKE_CI)) {
      ConsentSubject s = broker.derive(ci, Set.of(Fixtures.NHIS));
      assertThat(s.at(Fixtures.NHIS).orElseThrow().value()).isEqualTo(PINNED_NHIS);
      assertThat(s.brokerSubject().value()).isEqualTo(PINNED_BROKER);
    }
  }

  /** Checked against an independent implementation (Python hmac/hashlib) of the same derivation. */
  static final String PINNED_NHIS = "ASwmfCMAxd847iTe1cbNVdyFoSxiIVFR_zFfkFIG184";

  static final String PINNED_BROKER = "HY87hFmjso5jaEYELVnLIa1b4VK0nPosBDbYDIKKUGM";

  @Test
  void everyProviderAndTheBrokerSeeADifferentSubject() {
    try (CitizenIdentifier ci = CitizenIdentifier.of(Fixtures.FAKE_CI)) {
      ConsentSubject s = broker.derive(ci, Set.of(Fixtures.NHIS, Fixtures.NTS));
      assertThat(
              Set.of(
                  s.brokerSubject(),
                  s.at(Fixtures.NHIS).orElseThrow(),
                  s.at(Fixtures.NTS).orElseThrow()))
          .hasSize(3);
      assertThat(s.at(Fixtures.NHIS).orElseThrow().value()).hasSize(43);
    }
  }

  @Test
  void differentCitizensAndSecretsGiveDifferentSubjects() {
    byte[] otherSecret = Fixtures.FAKE_MASTER_SECRET.clone();
    otherSecret[0] ^= 1;
    try (CitizenIdentifier ci = CitizenIdentifier.of(Fixtures.FAKE_CI);
        CitizenIdentifier other = CitizenIdentifier.of("FAKE-CI-HONG-GILDONG-0002")) {
      assertThat(broker.at(ci, Fixtures.NHIS)).isNotEqualTo(broker.at(other, Fixtures.NHIS));
      assertThat(PairwiseSubjects.of(otherSecret).at(ci, Fixtures.NHIS))
          .isNotEqualTo(broker.at(ci, Fixtures.NHIS));
    }
  }

  @Test
  void providerComputesTheSameSubjectWithItsOnboardingKey() {
    byte[] nhisKey = broker.providerKey(Fixtures.NHIS);
    assertThat(nhisKey).hasSize(32);
    try (CitizenIdentifier ci = CitizenIdentifier.of(Fixtures.FAKE_CI)) {
      assertThat(PairwiseSubjects.subjectFor(nhisKey, ci)).isEqualTo(broker.at(ci, Fixtures.NHIS));
      assertThat(PairwiseSubjects.subjectFor(broker.providerKey(Fixtures.NTS), ci))
          .isNotEqualTo(broker.at(ci, Fixtures.NHIS));
    }
  }

  @Test
  void secretsAreCopiedDefensively() {
    byte[] secret = Fixtures.FAKE_MASTER_SECRET.clone();
    PairwiseSubjects subjects = PairwiseSubjects.of(secret);
    byte[] keyBefore = subjects.providerKey(Fixtures.NHIS);
    Arrays.fill(secret, (byte) 0);
    subjects.providerKey(Fixtures.NHIS)[0] ^= 1;
    assertThat(subjects.providerKey(Fixtures.NHIS)).isEqualTo(keyBefore);
    assertThat(subjects).hasToString("PairwiseSubjects[redacted]");
  }

  @Test
  void aClosedIdentifierCannotBeUsed() {
    CitizenIdentifier ci = CitizenIdentifier.of(Fixtures.FAKE_CI);
    ci.close();
    assertThat(ci.isDestroyed()).isTrue();
    assertThatThrownBy(() -> broker.at(ci, Fixtures.NHIS))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("citizen identifier: expected a live value, got a closed one");
  }
}
