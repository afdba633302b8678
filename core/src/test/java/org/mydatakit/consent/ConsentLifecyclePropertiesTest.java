package org.mydatakit.consent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class ConsentLifecyclePropertiesTest {

  record Step(LifecycleModel op, Duration delay) {}

  @Provide
  Arbitrary<List<Step>> steps() {
    Arbitrary<Step> step =
        Combinators.combine(
                Arbitraries.of(LifecycleModel.class),
                Arbitraries.longs()
                    .between(0, Duration.ofDays(400).toSeconds())
                    .map(Duration::ofSeconds))
            .as(Step::new);
    return step.list().ofMaxSize(30);
  }

  @Property(tries = 500)
  void randomOperationsFollowTheReferenceTable(@ForAll("steps") List<Step> steps) {
    Consent c = Fixtures.requested();
    Instant at = Fixtures.CREATED;
    ConsentStatus modelStatus = ConsentStatus.REQUESTED;
    boolean modelApproved = false;
    int transitions = 0;
    for (Step step : steps) {
      at = at.plus(step.delay());
      Optional<ConsentStatus> next = step.op().next(modelStatus, at, c.validUntil());
      if (next.isPresent()) {
        c = step.op().apply(c, at);
        modelApproved |= step.op() == LifecycleModel.APPROVE;
        modelStatus = next.get();
        transitions++;
      } else {
        Consent before = c;
        Instant when = at;
        ConsentStateException e =
            catchThrowableOfType(ConsentStateException.class, () -> step.op().apply(before, when));
        assertThat(e).isNotNull();
        assertThat(e.from()).isEqualTo(modelStatus);
        assertThat(e.to()).isEqualTo(step.op().target);
      }
      assertThat(c.status()).isEqualTo(modelStatus);
      assertThat(c.version()).isEqualTo(transitions);
      assertThat(c.evidence().isPresent()).isEqualTo(modelApproved);
      assertThat(c.statusIndex().isPresent()).isEqualTo(modelApproved);
      assertThat(c.revokedBy().isPresent()).isEqualTo(modelStatus == ConsentStatus.REVOKED);
      assertThat(c.tokenStatus()).isEqualTo(modelStatus.tokenStatus());
      assertThat(ConsentJson.read(ConsentJson.write(c))).isEqualTo(c);
    }
  }

  @Property(tries = 50)
  void finalStatesAbsorbEveryOperation(@ForAll("steps") List<Step> steps) {
    for (ConsentStatus s : ConsentStatus.values()) {
      if (!s.isFinal()) {
        continue;
      }
      Consent c = LifecycleModel.inState(s);
      Instant at = c.validUntil();
      for (Step step : steps) {
        Instant when = at.plus(step.delay());
        Consent before = c;
        assertThat(
                catchThrowableOfType(
                    ConsentStateException.class, () -> step.op().apply(before, when)))
            .isNotNull();
      }
    }
  }
}
