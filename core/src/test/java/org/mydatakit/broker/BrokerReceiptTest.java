package org.mydatakit.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mydatakit.store.tck.StoreFixtures.citizen;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mydatakit.audit.ConsentReceipt;
import org.mydatakit.audit.ReceiptIssuer;
import org.mydatakit.consent.Consent;
import org.mydatakit.consent.ConsentStatus;
import org.mydatakit.consent.Delivery;
import org.mydatakit.consent.RevokedBy;
import org.mydatakit.store.tck.StoreFixtures;

/** A signed receipt on approval and on every later transition, each linked to the previous. */
class BrokerReceiptTest {
  private final BrokerFixture f = new BrokerFixture();

  private ConsentReceipt verified(ReceiptRecord record) throws Exception {
    return ReceiptIssuer.verify(
        record.token(), BrokerFixture.KEYS.verificationKeys(), "https://broker.example");
  }

  @Test
  void receiptsFollowTheLifecycleAndLinkUp() throws Exception {
    Consent requested = f.requested(1, Delivery.oneTime());
    assertThat(f.broker.receipts(requested.id())).isEmpty();
    Consent active =
        f.broker.approve(requested.id(), citizen(1), StoreFixtures.evidence(f.clock.instant()));
    f.broker.pause(active.id());
    f.broker.revoke(active.id(), RevokedBy.CITIZEN, "done");
    List<ReceiptRecord> records = f.broker.receipts(active.id());
    assertThat(records).extracting(ReceiptRecord::consentVersion).containsExactly(1L, 2L, 3L);
    ConsentReceipt approval = verified(records.get(0));
    ConsentReceipt paused = verified(records.get(1));
    ConsentReceipt revoked = verified(records.get(2));
    assertThat(approval.status()).isEqualTo(ConsentStatus.ACTIVE);
    assertThat(approval.supersedes()).isEmpty();
    assertThat(paused.status()).isEqualTo(ConsentStatus.PAUSED);
    assertThat(paused.supersedes()).contains(approval.receiptId());
    assertThat(revoked.status()).isEqualTo(ConsentStatus.REVOKED);
    assertThat(revoked.supersedes()).contains(paused.receiptId());
    for (ReceiptRecord r : records) {
      String payload =
          new String(
              Base64.getUrlDecoder().decode(r.token().split("\\.")[1]), StandardCharsets.UTF_8);
      assertThat(payload)
          .doesNotContain(active.subject().brokerSubject().value())
          .doesNotContain(active.subject().at(StoreFixtures.NHIS).orElseThrow().value())
          .doesNotContain("FAKE-CI");
    }
  }

  @Test
  void anAmendmentsFirstReceiptLinksToTheReceiptItReplaces() throws Exception {
    Consent old = f.active(1, Delivery.oneTime());
    Consent amendment =
        f.broker.amend(old.id(), f.request(Delivery.oneTime()).build(), citizen(1), "amend-1");
    f.broker.approve(amendment.id(), citizen(1), StoreFixtures.evidence(f.clock.instant()));
    List<ReceiptRecord> oldReceipts = f.broker.receipts(old.id());
    assertThat(oldReceipts).hasSize(2); // approval, then superseded
    assertThat(verified(oldReceipts.get(1)).status()).isEqualTo(ConsentStatus.SUPERSEDED);
    ConsentReceipt first = verified(f.broker.receipts(amendment.id()).get(0));
    // Computed in the same step as the SUPERSEDED receipt, it links to the old approval receipt.
    assertThat(first.supersedes()).contains(verified(oldReceipts.get(0)).receiptId());
  }

  @Test
  void requestsThatWereNeverApprovedGetNoReceipt() {
    Consent requested = f.requested(1, Delivery.oneTime());
    f.broker.reject(requested.id(), "no");
    assertThat(f.broker.receipts(requested.id())).isEmpty();
  }
}
