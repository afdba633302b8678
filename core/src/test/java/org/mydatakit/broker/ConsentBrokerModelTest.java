package org.mydatakit.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mydatakit.store.tck.StoreFixtures.NHIS;
import static org.mydatakit.store.tck.StoreFixtures.NTS;
import static org.mydatakit.store.tck.StoreFixtures.citizen;
import static org.mydatakit.store.tck.StoreFixtures.evidence;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.mydatakit.consent.AgencyId;
import org.mydatakit.consent.Consent;
import org.mydatakit.consent.ConsentId;
import org.mydatakit.consent.ConsentStateException;
import org.mydatakit.consent.ConsentStatus;
import org.mydatakit.consent.Delivery;
import org.mydatakit.consent.RevokedBy;
import org.mydatakit.store.tck.ConsentStoreContract;

/**
 * Random operation sequences against the broker and a simple reference model: statuses, grants and
 * errors always agree, and the audit chain stays unbroken.
 */
class ConsentBrokerModelTest {

  enum Kind {
    REQUEST,
    APPROVE,
    REJECT,
    PAUSE,
    RESUME,
    REVOKE,
    GRANT_NHIS,
    GRANT_NTS,
    WAIT_AND_EXPIRE
  }

  record Op(Kind kind, int target) {}

  @Provide
  Arbitrary<List<Op>> operations() {
    Arbitrary<Op> op =
        Combinators.combine(Arbitraries.of(Kind.class), Arbitraries.integers().between(0, 5))
            .as(Op::new);
    return op.list().ofMinSize(1).ofMaxSize(40);
  }

  /** The reference: a consent's status and which providers got their one-time grant. */
  static final class Model {
    ConsentStatus status = ConsentStatus.REQUESTED;
    final List<AgencyId> served = new ArrayList<>();
    java.time.Instant createdAt;
    java.time.Instant validUntil;
  }

  @Property(tries = 300)
  void brokerAgreesWithTheReferenceModel(@ForAll("operations") List<Op> ops) {
    BrokerFixture f = new BrokerFixture();
    List<ConsentId> ids = new ArrayList<>();
    Map<ConsentId, Model> model = new HashMap<>();
    int citizenNo = 0;
    for (Op op : ops) {
      if (op.kind() == Kind.REQUEST || ids.isEmpty()) {
        Consent c = f.requested(citizenNo++, Delivery.oneTime());
        Model m = new Model();
        m.createdAt = c.createdAt();
        m.validUntil = c.validUntil();
        ids.add(c.id());
        model.put(c.id(), m);
        f.clock.advance(Duration.ofMillis(1));
        continue;
      }
      ConsentId id = ids.get(op.target() % ids.size());
      Model m = model.get(id);
      int owner = ids.indexOf(id);
      switch (op.kind()) {
        case APPROVE ->
            expect(
                m,
                ConsentStatus.REQUESTED,
                ConsentStatus.ACTIVE,
                () -> f.broker.approve(id, citizen(owner), evidence(f.clock.instant())));
        case REJECT ->
            expect(
                m,
                ConsentStatus.REQUESTED,
                ConsentStatus.REJECTED,
                () -> f.broker.reject(id, "no"));
        case PAUSE ->
            expect(m, ConsentStatus.ACTIVE, ConsentStatus.PAUSED, () -> f.broker.pause(id));
        case RESUME ->
            expect(m, ConsentStatus.PAUSED, ConsentStatus.ACTIVE, () -> f.broker.resume(id));
        case REVOKE -> {
          if (m.status == ConsentStatus.ACTIVE || m.status == ConsentStatus.PAUSED) {
            f.broker.revoke(id, RevokedBy.CITIZEN, "done");
            m.status = ConsentStatus.REVOKED;
          } else {
            assertThatThrownBy(() -> f.broker.revoke(id, RevokedBy.CITIZEN, "done"))
                .isInstanceOf(ConsentStateException.class);
          }
        }
        case GRANT_NHIS, GRANT_NTS -> {
          AgencyId provider = op.kind() == Kind.GRANT_NHIS ? NHIS : NTS;
          if (m.status != ConsentStatus.ACTIVE) {
            assertThatThrownBy(() -> f.broker.issueGrant(id, provider, BrokerFixture.JKT))
                .isInstanceOf(ConsentStateException.class);
          } else if (m.served.contains(provider)) {
            assertThatThrownBy(() -> f.broker.issueGrant(id, provider, BrokerFixture.JKT))
                .isInstanceOf(FetchLimitException.class);
          } else {
            f.broker.issueGrant(id, provider, BrokerFixture.JKT);
            m.served.add(provider);
          }
        }
        case WAIT_AND_EXPIRE -> {
          f.clock.advance(Duration.ofMinutes(45));
          f.broker.expireDue(f.clock.instant());
          for (Model each : model.values()) {
            if (each.status == ConsentStatus.REQUESTED
                && !each.createdAt.plus(Duration.ofHours(1)).isAfter(f.clock.instant())) {
              each.status = ConsentStatus.EXPIRED;
            }
            if (each.status == ConsentStatus.ACTIVE
                && !each.validUntil.isAfter(f.clock.instant())) {
              each.status = ConsentStatus.EXPIRED;
            }
          }
        }
        default -> throw new AssertionError(op);
      }
      for (ConsentId each : ids) {
        assertThat(f.broker.find(each).orElseThrow().status()).isEqualTo(model.get(each).status);
        assertThat(f.store.grants(each)).hasSize(model.get(each).served.size());
      }
    }
    ConsentStoreContract.assertUnbroken(f.store.audit(0, Integer.MAX_VALUE));
  }

  private static void expect(Model m, ConsentStatus from, ConsentStatus to, Runnable op) {
    if (m.status == from) {
      op.run();
      m.status = to;
    } else {
      assertThatThrownBy(op::run).isInstanceOf(ConsentStateException.class);
    }
  }
}
