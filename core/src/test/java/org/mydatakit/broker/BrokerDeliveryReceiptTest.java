package org.mydatakit.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.mydatakit.store.tck.StoreFixtures.INCOME;
import static org.mydatakit.store.tck.StoreFixtures.NHIS;
import static org.mydatakit.store.tck.StoreFixtures.NTS;
import static org.mydatakit.store.tck.StoreFixtures.QUALIFICATION;
import static org.mydatakit.store.tck.StoreFixtures.citizen;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.mydatakit.audit.AuditEntry;
import org.mydatakit.audit.AuditEventType;
import org.mydatakit.consent.Consent;
import org.mydatakit.consent.Delivery;
import org.mydatakit.grant.DeliveryReceipt;
import org.mydatakit.grant.DpopKey;
import org.mydatakit.grant.Grant;
import org.mydatakit.grant.GrantRequest;
import org.mydatakit.grant.GrantVerifier;
import org.mydatakit.grant.InvalidGrantException;
import org.mydatakit.grant.VerifiedGrant;
import org.mydatakit.keys.SigningAlgorithm;
import org.mydatakit.keys.SigningKeySet;
import org.mydatakit.store.tck.StoreFixtures;

/** The broker records a delivery only with a receipt from the provider the grant names. */
class BrokerDeliveryReceiptTest {
  private static final SigningKeySet NHIS_KEYS = SigningKeySet.generate(SigningAlgorithm.ES256);
  private static final SigningKeySet NTS_KEYS = SigningKeySet.generate(SigningAlgorithm.ES256);
  private static final URI URL =
      URI.create("https://api.nhis.example/mydata/v1/items/nhis.qualification");
  private static final byte[] BODY = "{\"data\":1}".getBytes(StandardCharsets.UTF_8);

  private final DpopKey consumerKey = DpopKey.generate();
  private final TestClockBroker f = new TestClockBroker();

  /** A broker on an in-memory store that trusts NHIS's and NTS's receipt keys. */
  static final class TestClockBroker {
    final org.mydatakit.store.tck.TestClock clock =
        org.mydatakit.store.tck.TestClock.at(StoreFixtures.T0);
    final BrokerFixture base = new BrokerFixture();
    final ConsentBroker broker =
        ConsentBroker.builder()
            .store(new InMemoryConsentStore())
            .signingKeys(BrokerFixture.KEYS)
            .issuer("https://broker.example")
            .pairwiseSubjects(StoreFixtures.SUBJECTS)
            .statusListUri(URI.create("https://broker.example/status/1"))
            .approvalWindow(Duration.ofHours(1))
            .providerKeys(NHIS, NHIS_KEYS.verificationKeys())
            .providerKeys(NTS, NTS_KEYS.verificationKeys())
            .clock(clock)
            .build();

    Consent active(int n) {
      Consent requested =
          broker.request(
              base.request(Delivery.oneTime()).build(), citizen(n), "req-" + n + "-" + n);
      return broker.approve(requested.id(), citizen(n), StoreFixtures.evidence(clock.instant()));
    }
  }

  private VerifiedGrant verified(Grant grant) throws InvalidGrantException {
    GrantVerifier verifier =
        GrantVerifier.builder()
            .trustedIssuer("https://broker.example", BrokerFixture.KEYS.verificationKeys())
            .audience(grant.provider())
            .withoutRevocationCheck()
            .clock(f.clock)
            .build();
    return verifier.verify(
        GrantRequest.builder()
            .grant(grant.token())
            .dpopProof(consumerKey.withClock(f.clock).proof("GET", URL, grant.token()))
            .method("GET")
            .url(URL)
            .item(QUALIFICATION)
            .build());
  }

  private String receipt(SigningKeySet keys, VerifiedGrant grant, String transactionId) {
    return DeliveryReceipt.signer(grant.provider(), keys, f.clock)
        .sign(grant, QUALIFICATION, transactionId, Optional.empty(), 1, BODY);
  }

  private Grant grant(Consent consent) {
    return f.broker.issueGrant(consent.id(), NHIS, consumerKey.thumbprint());
  }

  private List<FetchRecord> deliveries(int citizen) {
    return f.broker.accessHistory(citizen(citizen)).stream()
        .filter(FetchRecord.class::isInstance)
        .map(FetchRecord.class::cast)
        .toList();
  }

  @Test
  void aValidReceiptRecordsTheConfirmedDelivery() throws Exception {
    Grant grant = grant(f.active(1));
    FetchRecord recorded =
        f.broker.recordDelivery(NHIS, receipt(NHIS_KEYS, verified(grant), "KBBANK0001"));
    assertThat(recorded.outcome()).isEqualTo(FetchOutcome.DELIVERED);
    assertThat(recorded.items()).containsExactly(QUALIFICATION);
    assertThat(recorded.transactionId()).isEqualTo("KBBANK0001");
    assertThat(recorded.grantId()).isEqualTo(grant.grantId());
    assertThat(deliveries(1)).containsExactly(recorded);
    AuditEntry last = null;
    for (AuditEntry entry : f.broker.auditLog()) {
      last = entry;
    }
    assertThat(last.event().type()).isEqualTo(AuditEventType.DATA_FETCHED);
    assertThat(last.event().toString()).doesNotContain(citizen(1).toString());
  }

  @Test
  void aReceiptPresentedAgainRecordsNothingMore() throws Exception {
    VerifiedGrant grant = verified(grant(f.active(1)));
    String first = receipt(NHIS_KEYS, grant, "KBBANK0001");
    String retry = receipt(NHIS_KEYS, grant, "KBBANK0002"); // the answer to a retried fetch
    FetchRecord recorded = f.broker.recordDelivery(NHIS, first);
    assertThat(f.broker.recordDelivery(NHIS, first)).isEqualTo(recorded);
    assertThat(f.broker.recordDelivery(NHIS, retry)).isEqualTo(recorded);
    assertThat(deliveries(1)).containsExactly(recorded);
  }

  @Test
  void aDeliveryWithoutAReceiptIsNotRecordedButFailuresStillAre() throws Exception {
    Grant grant = grant(f.active(1));
    assertThatThrownBy(
            () ->
                f.broker.recordFetch(
                    grant.grantId(), NHIS, Set.of(QUALIFICATION), "T1", FetchOutcome.DELIVERED))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("recordDelivery");
    assertThat(deliveries(1)).isEmpty();
    f.broker.recordFetch(grant.grantId(), NHIS, Set.of(QUALIFICATION), "T2", FetchOutcome.FAILED);
    assertThat(deliveries(1)).extracting(FetchRecord::outcome).containsExactly(FetchOutcome.FAILED);
  }

  @Test
  void forgedOrMisdirectedReceiptsAreRefusedAndLeaveNothingBehind() throws Exception {
    VerifiedGrant grant = verified(grant(f.active(1)));
    String genuine = receipt(NHIS_KEYS, grant, "KBBANK0001");
    // signed by another agency's key while claiming to be NHIS
    String forgedKey = receipt(NTS_KEYS, grant, "KBBANK0002");
    assertThat(
            catchThrowableOfType(
                    InvalidGrantException.class, () -> f.broker.recordDelivery(NHIS, forgedKey))
                .reason())
        .isIn(InvalidGrantException.Reason.UNKNOWN_KEY, InvalidGrantException.Reason.BAD_SIGNATURE);
    // NHIS's genuine receipt presented as NTS's
    assertThatThrownBy(() -> f.broker.recordDelivery(NTS, genuine))
        .isInstanceOf(InvalidGrantException.class);
    // a flipped payload byte
    String[] parts = genuine.split("\\.");
    String tampered =
        parts[0] + "." + parts[1].substring(0, 10) + "A" + parts[1].substring(11) + "." + parts[2];
    if (!tampered.equals(genuine)) {
      assertThatThrownBy(() -> f.broker.recordDelivery(NHIS, tampered))
          .isInstanceOf(InvalidGrantException.class);
    }
    for (String junk : new String[] {"", "a.b.c", genuine + "x"}) {
      assertThatThrownBy(() -> f.broker.recordDelivery(NHIS, junk))
          .isInstanceOf(InvalidGrantException.class);
    }
    assertThat(deliveries(1)).isEmpty();
  }

  @Test
  void aReceiptMustNameAGrantOfThatProviderAndItsConsent() throws Exception {
    Consent first = f.active(1);
    Consent second = f.active(2);
    VerifiedGrant grantOfFirst = verified(grant(first));
    f.broker.recordDelivery(NHIS, receipt(NHIS_KEYS, grantOfFirst, "KBBANK0001"));
    // a grant for NTS cannot be confirmed by an NHIS receipt naming it
    Grant ntsGrant = f.broker.issueGrant(second.id(), NTS, consumerKey.thumbprint());
    assertThat(ntsGrant.provider()).isEqualTo(NTS);
    VerifiedGrant ntsVerified =
        GrantVerifier.builder()
            .trustedIssuer("https://broker.example", BrokerFixture.KEYS.verificationKeys())
            .audience(NTS)
            .withoutRevocationCheck()
            .clock(f.clock)
            .build()
            .verify(
                GrantRequest.builder()
                    .grant(ntsGrant.token())
                    .dpopProof(consumerKey.withClock(f.clock).proof("GET", URL, ntsGrant.token()))
                    .method("GET")
                    .url(URL)
                    .item(INCOME)
                    .build());
    String ntsReceipt =
        DeliveryReceipt.signer(NTS, NTS_KEYS, f.clock)
            .sign(ntsVerified, INCOME, "KBBANK0003", Optional.empty(), 1, BODY);
    assertThatThrownBy(() -> f.broker.recordDelivery(NHIS, ntsReceipt))
        .isInstanceOf(InvalidGrantException.class);
    assertThat(f.broker.recordDelivery(NTS, ntsReceipt).provider()).isEqualTo(NTS);
    assertThat(deliveries(2)).hasSize(1);
  }

  @Test
  void aBrokerWithoutProviderKeysTakesNoReceipts() {
    assertThatThrownBy(() -> new BrokerFixture().broker.recordDelivery(NHIS, "a.b.c"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("providerKeys");
  }
}
