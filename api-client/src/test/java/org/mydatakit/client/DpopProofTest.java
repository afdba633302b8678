package org.mydatakit.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mydatakit.client.ClientFixture.QUALIFICATION;
import static org.mydatakit.client.ClientFixture.itemGet;
import static org.mydatakit.client.ClientFixture.records;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mydatakit.broker.FetchLimitException;

/**
 * Every request carries a new proof bound to its method and URL, and every fetch a new grant: the
 * fixture's consent allows 100 deliveries a month, so 100 fetches and no more.
 */
class DpopProofTest {
  private static final int N = 100;
  private final ClientFixture f = new ClientFixture();

  @AfterEach
  void stop() {
    f.close();
  }

  @Test
  void aHundredFetchesCarryAHundredDistinctProofsAndGrantsAndUseUpABudgetOfAHundred() {
    f.wm.stubFor(itemGet("/nhis", QUALIFICATION).willReturn(records(QUALIFICATION)));
    MyDataClient client = f.client();
    for (int i = 0; i < N; i++) {
      client.fetch(f.consentId, QUALIFICATION);
    }
    List<LoggedRequest> sent = f.wm.getAllServeEvents().stream().map(e -> e.getRequest()).toList();
    assertThat(sent).hasSize(N);
    Set<String> jtis = new HashSet<>();
    Set<String> grants = new HashSet<>();
    String url = f.base("/nhis/mydata/v1/items/nhis.qualification");
    for (LoggedRequest r : sent) {
      JsonNode proof = Proofs.claims(r.getHeader("DPoP"));
      jtis.add(proof.get("jti").textValue());
      assertThat(proof.get("htm").textValue()).isEqualTo("GET");
      assertThat(proof.get("htu").textValue()).isEqualTo(url);
      grants.add(r.getHeader("Authorization"));
    }
    assertThat(jtis).hasSize(N);
    assertThat(grants).as("a new grant per fetch").hasSize(N);
    assertThat(f.grantsIssued).hasValue(N);
    assertThatThrownBy(() -> client.fetch(f.consentId, QUALIFICATION))
        .as("a budget of N per period is N deliveries")
        .isInstanceOf(FetchLimitException.class);
    assertThat(f.wm.getAllServeEvents()).hasSize(N);
  }
}
