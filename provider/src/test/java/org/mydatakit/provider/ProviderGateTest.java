package org.mydatakit.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mydatakit.provider.GateFixture.ITEM;
import static org.mydatakit.provider.GateFixture.YEAR_2025;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.mydatakit.consent.DataRange;
import org.mydatakit.consent.ItemCode;
import org.mydatakit.grant.DeliveryReceipt;
import org.mydatakit.grant.DpopReplayCache;
import org.mydatakit.grant.InvalidGrantException;
import org.mydatakit.keys.SigningAlgorithm;
import org.mydatakit.keys.SigningKeySet;
import org.mydatakit.status.StatusUnavailableException;
import org.mydatakit.status.TokenStatus;

class ProviderGateTest {
  private final GateFixture f = new GateFixture();
  private final ProviderGate gate = f.gate();

  private static Admission admitted(ProviderGate.Decision decision) {
    assertThat(decision)
        .as("expected an admission, got %s", decision)
        .isInstanceOf(Admission.class);
    return (Admission) decision;
  }

  private static Refusal refused(ProviderGate.Decision decision) {
    assertThat(decision).as("expected a refusal").isInstanceOf(Refusal.class);
    return (Refusal) decision;
  }

  @Test
  void aValidRequestIsAdmittedForItsOneItem() {
    Admission admission = admitted(gate.admit(f.request(f.grant())));
    assertThat(admission.item()).isEqualTo(ItemCode.of(ITEM));
    assertThat(admission.range()).isEmpty();
    assertThat(admission.retry()).isFalse();
    assertThat(admission.transactionId()).startsWith("tran-");
    assertThat(admission.grant().consentId()).isEqualTo(f.consentId);
    assertThat(admission.toString()).doesNotContain(admission.grant().subject().value());
  }

  @Test
  void aGrantDeliversEachItemOnceThenIsRefusedGrantUsed() {
    String grant = f.grant();
    admitted(gate.admit(f.request(grant)));
    Refusal again = refused(gate.admit(f.request(grant)));
    assertThat(again.status()).isEqualTo(403);
    assertThat(again.reason()).isEqualTo(Refusal.Reason.GRANT_USED);
    assertThat(again.code()).isEqualTo("GRANT_USED");
    // the other item of its scope is a delivery of its own
    admitted(gate.admit(f.request(grant, "nts.tax-payment", "").build()));
    refused(gate.admit(f.request(grant, "nts.tax-payment", "").build()));
  }

  @Test
  void aRetryWithTheSameIdempotencyKeyIsAnsweredAgainWithoutConsuming() {
    String grant = f.grant();
    admitted(gate.admit(f.request(grant, ITEM, "").header("Idempotency-Key", "k-1").build()));
    Admission retry =
        admitted(gate.admit(f.request(grant, ITEM, "").header("Idempotency-Key", "k-1").build()));
    assertThat(retry.retry()).isTrue();
    assertThat(retry.idempotencyKey()).contains("k-1");
    // the RFC 8941 string form names the same key
    assertThat(
            admitted(
                    gate.admit(
                        f.request(grant, ITEM, "").header("Idempotency-Key", "\"k-1\"").build()))
                .retry())
        .isTrue();
    assertThat(
            refused(gate.admit(f.request(grant, ITEM, "").header("Idempotency-Key", "k-2").build()))
                .reason())
        .isEqualTo(Refusal.Reason.GRANT_USED);
    assertThat(refused(gate.admit(f.request(grant))).reason()).isEqualTo(Refusal.Reason.GRANT_USED);
  }

  @Test
  void aKeyAddedOnlyOnTheSecondFetchDoesNotMakeItARetry() {
    String grant = f.grant();
    admitted(gate.admit(f.request(grant)));
    assertThat(
            refused(
                    gate.admit(
                        f.request(grant, ITEM, "").header("Idempotency-Key", "late").build()))
                .reason())
        .isEqualTo(Refusal.Reason.GRANT_USED);
  }

  @Test
  void malformedOrRepeatedIdempotencyKeysAreRefused() {
    for (String bad : List.of("", "has space", "\"\"", "x".repeat(256), "ключ")) {
      Refusal r =
          refused(
              gate.admit(f.request(f.grant(), ITEM, "").header("Idempotency-Key", bad).build()));
      assertThat(r.reason()).as(bad).isEqualTo(Refusal.Reason.BAD_IDEMPOTENCY_KEY);
      assertThat(r.status()).isEqualTo(400);
    }
    Refusal twice =
        refused(
            gate.admit(
                f.request(f.grant(), ITEM, "")
                    .header("Idempotency-Key", "a")
                    .header("Idempotency-Key", "b")
                    .build()));
    assertThat(twice.reason()).isEqualTo(Refusal.Reason.BAD_IDEMPOTENCY_KEY);
  }

  @Test
  void withoutARequestedRangeTheConsentsRangeApplies() {
    Admission admission = admitted(gate.admit(f.request(f.grant(YEAR_2025))));
    assertThat(admission.range()).contains(YEAR_2025);
    List<LocalDate> dates =
        List.of(LocalDate.of(2024, 6, 1), LocalDate.of(2025, 6, 1), LocalDate.of(2026, 1, 1));
    assertThat(admission.filter(dates, d -> d)).containsExactly(LocalDate.of(2025, 6, 1));
    assertThat(admission.covers(LocalDate.of(2024, 12, 31))).isFalse();
    assertThat(admission.covers(LocalDate.of(2025, 12, 31))).isTrue();
  }

  @Test
  void aRequestedRangeInsideTheConsentsNarrowsIt() {
    Admission both =
        admitted(
            gate.admit(
                f.request(f.grant(YEAR_2025), ITEM, "from=2025-03-01&to=2025-03-31").build()));
    assertThat(both.range())
        .contains(new DataRange(LocalDate.of(2025, 3, 1), LocalDate.of(2025, 3, 31)));
    Admission fromOnly =
        admitted(gate.admit(f.request(f.grant(YEAR_2025), ITEM, "from=2025-07-01").build()));
    assertThat(fromOnly.range())
        .contains(new DataRange(LocalDate.of(2025, 7, 1), LocalDate.of(2025, 12, 31)));
    Admission toOnly =
        admitted(gate.admit(f.request(f.grant(YEAR_2025), ITEM, "to=2025-01-31").build()));
    assertThat(toOnly.range())
        .contains(new DataRange(LocalDate.of(2025, 1, 1), LocalDate.of(2025, 1, 31)));
  }

  @Test
  void aRequestedRangeOutsideTheConsentsIsRefusedAndConsumesNothing() {
    String grant = f.grant(YEAR_2025);
    for (String query :
        List.of("from=2024-01-01", "to=2026-01-01", "from=2024-12-31&to=2025-06-30")) {
      Refusal r = refused(gate.admit(f.request(grant, ITEM, query).build()));
      assertThat(r.reason()).as(query).isEqualTo(Refusal.Reason.RANGE_NOT_ALLOWED);
      assertThat(r.status()).isEqualTo(403);
    }
    admitted(gate.admit(f.request(grant)));
  }

  @Test
  void withoutAConsentRangeTheRequestedOneIsTakenAsGiven() {
    Admission admission =
        admitted(gate.admit(f.request(f.grant(), ITEM, "from=2020-01-01").build()));
    assertThat(admission.range())
        .contains(new DataRange(LocalDate.of(2020, 1, 1), LocalDate.of(9999, 12, 31)));
  }

  @Test
  void malformedQueriesAreRefusedBadQuery() {
    for (String query :
        List.of(
            "from=2025-1-1",
            "from=2025-02-30",
            "from=2025-01-01&from=2025-02-01",
            "from=2025-06-01&to=2025-01-01",
            "to=",
            "from",
            "from=0000-01-01",
            "from=+2025-01-01")) {
      Refusal r = refused(gate.admit(f.request(f.grant(YEAR_2025), ITEM, query).build()));
      assertThat(r.reason()).as(query).isEqualTo(Refusal.Reason.BAD_QUERY);
    }
    admitted(gate.admit(f.request(f.grant(), ITEM, "page=2&from=2025-01-01").build()));
  }

  @Test
  void onlyGetIsServed() {
    Refusal r =
        refused(
            gate.admit(
                ProviderRequest.builder()
                    .method("POST")
                    .url(java.net.URI.create(GateFixture.BASE + "/mydata/v1/items/" + ITEM))
                    .header("X-Api-Tran-Id", "t-1")
                    .build()));
    assertThat(r.status()).isEqualTo(405);
    assertThat(r.headers()).containsEntry("Allow", "GET").containsEntry("X-Api-Tran-Id", "t-1");
  }

  @Test
  void aMissingRepeatedOrMalformedTransactionIdIsRefusedAndNotEchoed() {
    String grant = f.grant();
    ProviderRequest none =
        ProviderRequest.builder()
            .method("GET")
            .url(java.net.URI.create(GateFixture.BASE + "/mydata/v1/items/" + ITEM))
            .header("Authorization", "DPoP " + grant)
            .build();
    Refusal r = refused(gate.admit(none));
    assertThat(r.reason()).isEqualTo(Refusal.Reason.BAD_TRANSACTION_ID);
    assertThat(r.headers()).doesNotContainKey("X-Api-Tran-Id");
    Refusal twice =
        refused(gate.admit(f.request(grant, ITEM, "").header("X-Api-Tran-Id", "again").build()));
    assertThat(twice.reason()).isEqualTo(Refusal.Reason.BAD_TRANSACTION_ID);
    Refusal odd =
        refused(
            gate.admit(
                ProviderRequest.builder()
                    .method("GET")
                    .url(java.net.URI.create(GateFixture.BASE + "/mydata/v1/items/" + ITEM))
                    .header("X-Api-Tran-Id", "<script>")
                    .build()));
    assertThat(odd.headers()).doesNotContainKey("X-Api-Tran-Id");
    assertThat(odd.problem()).doesNotContain("script");
  }

  @Test
  void pathsAndItemsOutsideTheProfileAreNotFound() {
    String grant = f.grant();
    Refusal path =
        refused(
            gate.admit(
                ProviderRequest.builder()
                    .method("GET")
                    .url(java.net.URI.create(GateFixture.BASE + "/admin"))
                    .header("X-Api-Tran-Id", "t-1")
                    .build()));
    assertThat(path.reason()).isEqualTo(Refusal.Reason.NOT_FOUND);
    assertThat(refused(gate.admit(f.request(grant, "..%2F", "").build())).reason())
        .isEqualTo(Refusal.Reason.UNKNOWN_ITEM);
    ProviderGate serving = f.gateBuilder().serves(Set.of(ItemCode.of("nts.tax-payment"))).build();
    assertThat(refused(serving.admit(f.request(grant))).reason())
        .isEqualTo(Refusal.Reason.UNKNOWN_ITEM);
  }

  @Test
  void rejectedGrantsKeepTheVerifiersReasonAndStatus() {
    Refusal forged = refused(gate.admit(f.request(f.grant() + "x")));
    assertThat(forged.status()).isEqualTo(401);
    assertThat(forged.reason()).isEqualTo(Refusal.Reason.INVALID_GRANT);
    assertThat(forged.grantReason()).isPresent();
    assertThat(forged.headers().get("WWW-Authenticate")).startsWith("DPoP error=");

    ProviderGate revoking = f.bareBuilder().revocationCheck(ref -> TokenStatus.INVALID).build();
    String withStatus =
        f.grantWith(
            c -> {
              var list = c.putObject("status").putObject("status_list");
              list.put("idx", 7);
              list.put("uri", "https://broker.example/status/1");
            });
    Refusal revoked = refused(revoking.admit(f.request(withStatus)));
    assertThat(revoked.status()).isEqualTo(403);
    assertThat(revoked.grantReason()).contains(InvalidGrantException.Reason.REVOKED);

    ProviderGate blind =
        f.bareBuilder()
            .revocationCheck(
                ref -> {
                  throw new StatusUnavailableException("down", false, null);
                })
            .build();
    Refusal unknown = refused(blind.admit(f.request(withStatus)));
    assertThat(unknown.status()).isEqualTo(503);
    assertThat(unknown.headers()).containsEntry("Retry-After", "1");
  }

  @Test
  void aLedgerThatFailsDeliversNothing() {
    ProviderGate down =
        f.gateBuilder()
            .ledger(
                (grantId, item, key, now, forgetAfter) -> {
                  throw new LedgerUnavailableException("ledger down", null);
                })
            .build();
    Refusal r = refused(down.admit(f.request(f.grant())));
    assertThat(r.status()).isEqualTo(503);
    assertThat(r.reason()).isEqualTo(Refusal.Reason.LEDGER_UNAVAILABLE);
    ProviderGate broken =
        f.gateBuilder()
            .ledger(
                (grantId, item, key, now, forgetAfter) -> {
                  throw new IllegalStateException("bug");
                })
            .build();
    assertThat(refused(broken.admit(f.request(f.grant()))).reason())
        .isEqualTo(Refusal.Reason.LEDGER_UNAVAILABLE);
  }

  @Test
  void aReplayCacheThatFailsDeliversNothing() {
    DpopReplayCache down =
        (key, now, expiresAt) -> {
          throw new IllegalStateException("redis down");
        };
    ProviderGate gate = f.gateBuilder().replayCache(down).build();
    Refusal r = refused(gate.admit(f.request(f.grant())));
    assertThat(r.status()).isEqualTo(503);
    assertThat(r.code()).isEqualTo("LEDGER_UNAVAILABLE");
  }

  @Test
  void problemsAreStockBodiesThatNeverEchoTheRequest() throws Exception {
    String grant = f.grant();
    Refusal r = refused(gate.admit(f.request(grant + "tampered")));
    JsonNode body = GateFixture.JSON.readTree(r.problem());
    assertThat(body.get("type").asText()).isEqualTo(Refusal.TYPE_BASE + "invalid-grant");
    assertThat(body.get("status").asInt()).isEqualTo(401);
    assertThat(body.get("reason").asText()).isEqualTo(r.code());
    assertThat(body.size()).isEqualTo(4);
    assertThat(r.problem()).doesNotContain(grant.substring(0, 20));
    assertThat(r.headers())
        .containsEntry("Content-Type", "application/problem+json")
        .containsEntry("Cache-Control", "no-store");
    assertThat(r.toString()).isEqualTo("Refusal[401 " + r.code() + "]");
  }

  @Test
  void aGateWithReceiptKeysSignsEachDelivery() throws Exception {
    SigningKeySet agencyKeys = SigningKeySet.generate(SigningAlgorithm.ES256);
    ProviderGate signing = f.gateBuilder().receiptKeys(agencyKeys).build();
    Admission admission =
        admitted(signing.admit(f.request(f.grant(YEAR_2025), ITEM, "from=2025-06-01").build()));
    byte[] body = "{\"records\":[1,2,3]}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    String receipt = signing.receipt(admission, 3, body).orElseThrow();
    DeliveryReceipt verified =
        DeliveryReceipt.verifier(Map.of(GateFixture.SELF, agencyKeys.verificationKeys()))
            .verify(receipt, GateFixture.SELF);
    assertThat(verified.grantId()).isEqualTo(admission.grant().grantId());
    assertThat(verified.consentId()).isEqualTo(f.consentId);
    assertThat(verified.item()).isEqualTo(ItemCode.of(ITEM));
    assertThat(verified.transactionId()).isEqualTo(admission.transactionId());
    assertThat(verified.range()).isEqualTo(admission.range());
    assertThat(verified.recordCount()).isEqualTo(3);
    assertThat(verified.deliveredAt()).isEqualTo(GateFixture.NOW);
    assertThat(verified.bodySha256()).isEqualTo(DeliveryReceipt.sha256(body));
    assertThat(gate.receipt(admission, 3, body)).isEmpty();
  }
}
