package org.mydatakit.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.mydatakit.client.ClientFixture.INCOME;
import static org.mydatakit.client.ClientFixture.LOCAL_TAX;
import static org.mydatakit.client.ClientFixture.NHIS;
import static org.mydatakit.client.ClientFixture.NTS;
import static org.mydatakit.client.ClientFixture.QUALIFICATION;
import static org.mydatakit.client.ClientFixture.SEOUL;
import static org.mydatakit.client.ClientFixture.itemGet;
import static org.mydatakit.client.ClientFixture.problem;
import static org.mydatakit.client.ClientFixture.records;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mydatakit.broker.FetchLimitException;
import org.mydatakit.consent.AgencyId;
import org.mydatakit.consent.ConsentId;
import org.mydatakit.consent.DataItem;
import org.mydatakit.consent.ItemCode;
import org.mydatakit.grant.Grant;

/** fetchAll: one result per item, one failure never hides the others, in parallel. */
class FetchAllTest {
  private static final int DELAY_MS = 800;
  private final ClientFixture f = new ClientFixture();

  @AfterEach
  void stop() {
    f.close();
  }

  @Test
  void oneSuccessOneUnavailableOneRejectedInAboutTheTimeOfTheSlowest() {
    f.wm.stubFor(
        itemGet("/nhis", QUALIFICATION)
            .willReturn(records(QUALIFICATION).withFixedDelay(DELAY_MS)));
    f.wm.stubFor(
        itemGet("/nts", INCOME).willReturn(problem(403, "REVOKED").withFixedDelay(DELAY_MS)));
    MyDataClient client = f.client(); // SEOUL-CITY is on a closed port: connection refused

    List<ItemResult> results =
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> client.fetchAll(f.consentId));

    assertThat(results).extracting(ItemResult::provider).containsExactly(NHIS, NTS, SEOUL);
    ItemResult nhis = results.get(0);
    assertThat(nhis.result())
        .hasValueSatisfying(r -> assertThat(r.item()).isEqualTo(QUALIFICATION));
    assertThat(nhis.failure()).isEmpty();
    ItemResult nts = results.get(1);
    assertThat(nts.result()).isEmpty();
    assertThat(nts.failure())
        .hasValueSatisfying(
            e -> {
              assertThat(e).isInstanceOf(GrantRejectedException.class);
              assertThat(((GrantRejectedException) e).reason()).contains("REVOKED");
              assertThat(((GrantRejectedException) e).item()).isEqualTo(INCOME);
            });
    ItemResult seoul = results.get(2);
    assertThat(seoul.item()).isEqualTo(LOCAL_TAX);
    assertThat(seoul.failure())
        .hasValueSatisfying(
            e -> {
              assertThat(e).isInstanceOf(ProviderUnavailableException.class);
              assertThat(((ProviderUnavailableException) e).attempts()).isEqualTo(3);
            });
    // In parallel: the second agency received its request while the first still held its answer.
    // Sequentially, the second request could only leave after the first answer, DELAY_MS later.
    List<Instant> received =
        f.wm.getAllServeEvents().stream()
            .map(e -> e.getRequest())
            .filter(r -> r.getUrl().startsWith("/nhis") || r.getUrl().startsWith("/nts"))
            .map(r -> r.getLoggedDate().toInstant())
            .sorted()
            .toList();
    assertThat(received).hasSize(2);
    assertThat(Duration.between(received.get(0), received.get(1)))
        .isLessThan(Duration.ofMillis(DELAY_MS));
    assertThat(results.toString()).doesNotContain(ClientFixture.PAYLOAD_MARKER);
  }

  @Test
  void oneGrantPerProviderDeliversEachOfItsItemsOnce() {
    ItemCode premium = ItemCode.of("nhis.premium");
    ConsentId two = f.consent(null, DataItem.of(NHIS, QUALIFICATION), DataItem.of(NHIS, premium));
    f.wm.stubFor(itemGet("/nhis", QUALIFICATION).willReturn(records(QUALIFICATION)));
    f.wm.stubFor(itemGet("/nhis", premium).willReturn(records(premium)));
    List<ItemResult> results = f.client().fetchAll(two);
    assertThat(results).allSatisfy(r -> assertThat(r.result()).isPresent());
    assertThat(f.grantsIssued).hasValue(1);
    assertThat(f.wm.getAllServeEvents())
        .hasSize(2)
        .extracting(e -> e.getRequest().getHeader("Authorization"))
        .containsOnly("DPoP " + f.grantTokens.get(0));
    assertThat(f.wm.getAllServeEvents())
        .extracting(e -> e.getRequest().getHeader("Idempotency-Key"))
        .doesNotHaveDuplicates();
  }

  @Test
  void aRefusedGrantFailsEachItemOfItsProviderOnly() {
    ItemCode premium = ItemCode.of("nhis.premium");
    ConsentId consent =
        f.consent(
            null,
            DataItem.of(NHIS, QUALIFICATION),
            DataItem.of(NHIS, premium),
            DataItem.of(NTS, INCOME));
    f.wm.stubFor(itemGet("/nts", INCOME).willReturn(records(INCOME)));
    GrantSource real = f.grantSource();
    GrantSource noNhis =
        new GrantSource() {
          @Override
          public Grant grant(ConsentId c, AgencyId provider, String jkt) {
            if (provider.equals(NHIS)) {
              throw new FetchLimitException(c, FetchLimitException.Limit.BUDGET_EXHAUSTED, null);
            }
            return real.grant(c, provider, jkt);
          }

          @Override
          public Set<DataItem> items(ConsentId c) {
            return real.items(c);
          }
        };
    List<ItemResult> results = f.client(b -> b.grantSource(noNhis)).fetchAll(consent);
    assertThat(results).extracting(ItemResult::provider).containsExactly(NHIS, NHIS, NTS);
    assertThat(results.subList(0, 2))
        .allSatisfy(
            r ->
                assertThat(r.failure())
                    .hasValueSatisfying(
                        e -> assertThat(e).isInstanceOf(FetchLimitException.class)));
    assertThat(results.get(2).result()).isPresent();
  }

  @Test
  void theAsyncVariantsComplete() throws Exception {
    f.wm.stubFor(itemGet("/nhis", QUALIFICATION).willReturn(records(QUALIFICATION)));
    MyDataClient client = f.client(b -> b.maxConcurrency(1));
    assertThat(client.fetchAsync(f.consentId, QUALIFICATION).get(5, TimeUnit.SECONDS).attempts())
        .isEqualTo(1);
    assertThat(client.fetchAllAsync(f.consentId).get(10, TimeUnit.SECONDS)).hasSize(3);
  }
}
