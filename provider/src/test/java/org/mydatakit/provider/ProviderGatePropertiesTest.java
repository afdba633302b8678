package org.mydatakit.provider;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Hostile input never escapes the gate: any method, path, query and header values give a decision,
 * a refusal has a status of the profile and a stock body that echoes nothing, and nothing without a
 * valid grant is admitted.
 */
class ProviderGatePropertiesTest {
  private static final Set<Integer> STATUSES = Set.of(400, 401, 403, 404, 405, 500, 503);
  private final GateFixture f = new GateFixture();
  private final ProviderGate gate = f.gate();

  @Provide
  Arbitrary<String> junk() {
    return Arbitraries.oneOf(
        Arbitraries.strings().ofMinLength(0).ofMaxLength(40),
        Arbitraries.strings().withCharRange('!', '~').ofMinLength(1).ofMaxLength(300),
        Arbitraries.of("DPoP ", "DPoP a.b.c", "\"\"", "from=2025-01-01&to=2024-01-01", "GET"));
  }

  @Provide
  Arbitrary<String> pathSegment() {
    return Arbitraries.strings()
        .withCharRange('a', 'z')
        .withChars('.', '-', '_', '%', '2', 'F')
        .ofMinLength(0)
        .ofMaxLength(70);
  }

  @Property(tries = 400)
  void anyRequestGetsADecisionAndNoForgeryIsAdmitted(
      @ForAll("junk") String method,
      @ForAll("pathSegment") String item,
      @ForAll("junk") String authorization,
      @ForAll("junk") String proof,
      @ForAll("junk") String transactionId,
      @ForAll("junk") String idempotencyKey) {
    URI url;
    try {
      url = URI.create(GateFixture.BASE + "/mydata/v1/items/" + item + "?from=2025-01-01");
    } catch (IllegalArgumentException e) {
      return; // not a URL any container would hand over
    }
    ProviderRequest request =
        ProviderRequest.builder()
            .method(method)
            .url(url)
            .header("Authorization", authorization)
            .header("DPoP", proof)
            .header("X-Api-Tran-Id", transactionId)
            .header("Idempotency-Key", idempotencyKey)
            .build();
    ProviderGate.Decision decision = gate.admit(request);
    assertThat(decision).isInstanceOf(Refusal.class);
    Refusal refusal = (Refusal) decision;
    assertThat(STATUSES).contains(refusal.status());
    assertThat(refusal.status()).isNotEqualTo(500);
    for (String sent : new String[] {authorization, proof, idempotencyKey}) {
      if (sent.length() >= 8) {
        assertThat(refusal.problem()).doesNotContain(sent);
      }
    }
  }
}
