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
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

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
  void theAsyncVariantsComplete() throws Exception {
    f.wm.stubFor(itemGet("/nhis", QUALIFICATION).willReturn(records(QUALIFICATION)));
    MyDataClient client = f.client(b -> b.maxConcurrency(1));
    assertThat(client.fetchAsync(f.consentId, QUALIFICATION).get(5, TimeUnit.SECONDS).attempts())
        .isEqualTo(1);
    assertThat(client.fetchAllAsync(f.consentId).get(10, TimeUnit.SECONDS)).hasSize(3);
  }
}
