package org.mydatakit.provider;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mydatakit.events.ConsentEventType;
import org.mydatakit.events.PushAnswer;
import org.mydatakit.grant.DeliveryReceipt;
import org.mydatakit.keys.SigningAlgorithm;
import org.mydatakit.keys.SigningKeySet;
import org.mydatakit.testing.CapturingAppender;

/**
 * No description of the kit's values shows a grant, a proof, a subject, an idempotency key, a
 * receipt or a record; LogLeakGuard checks every log line of every test besides.
 */
class ProviderRedactionTest {
  private final GateFixture f = new GateFixture();

  @Test
  void descriptionsCarryNoSecretAndNoPersonalData() throws Exception {
    SigningKeySet agencyKeys = SigningKeySet.generate(SigningAlgorithm.ES256);
    ProviderGate gate = f.gateBuilder().receiptKeys(agencyKeys).build();
    String grant = f.grant(GateFixture.YEAR_2025);
    ProviderRequest request =
        f.request(grant, GateFixture.ITEM, "").header("Idempotency-Key", "secret-key-1").build();
    Admission admission = (Admission) gate.admit(request);
    byte[] body = "{\"income\":\"52000000\"}".getBytes(StandardCharsets.UTF_8);
    String receipt = gate.receipt(admission, 1, body).orElseThrow();
    DeliveryReceipt verified =
        DeliveryReceipt.verifier(Map.of(GateFixture.SELF, agencyKeys.verificationKeys()))
            .verify(receipt, GateFixture.SELF);
    Refusal refusal = (Refusal) gate.admit(request);

    List<String> texts = new ArrayList<>();
    texts.add(request.toString());
    texts.add(admission.toString());
    texts.add(refusal.toString());
    texts.add(refusal.problem());
    texts.add(Records.json(new String(body, StandardCharsets.UTF_8), 1).toString());
    texts.add(DatedRecords.filter(GateFixture.JSON.readTree(body), admission).toString());
    texts.add(verified.toString());
    texts.add(gate.toString());
    String subject = admission.grant().subject().value();
    String proof = request.header("dpop").get(0);
    assertThat(texts)
        .noneMatch(t -> t.contains(grant.substring(grant.length() - 20)))
        .noneMatch(t -> t.contains(proof.substring(proof.length() - 20)))
        .noneMatch(t -> t.contains(receipt.substring(receipt.length() - 20)))
        .noneMatch(t -> t.contains(subject))
        .noneMatch(t -> t.contains("secret-key-1"))
        .noneMatch(t -> t.contains("52000000"))
        .noneMatch(t -> t.contains("eyJ"));
  }

  @Test
  void consentEventAnswersDescriptionsAndLogsCarryNoTokenNorSubject() {
    EventSets sets = new EventSets(f);
    ConsentEventReceiver events =
        ConsentEventReceiver.builder()
            .trustedIssuer(GateFixture.ISSUER, f.brokerKeys.verificationKeys())
            .audience(GateFixture.SELF)
            .build();
    String subject = "c3ViamVjdC1hdC1udHMtZm9yLXRlc3Qtb25seS0wMDE";
    String good = sets.set(f.consentId, ConsentEventType.CONSENT_REVOKED, 2, "jti-secret-1");
    List<String> pushed =
        List.of(
            good,
            good,
            sets.set(f.consentId, ConsentEventType.CONSENT_PAUSED, 3, "jti-secret-1"),
            sets.set(ConsentEventType.CONSENT_PAUSED, 3, c -> c.put("aud", "NHIS")),
            sets.set(ConsentEventType.CONSENT_PAUSED, 3, c -> c.put("txn", subject)),
            good.substring(0, good.length() - 4) + "AAAA");
    CapturingAppender.drain();
    List<String> texts = new ArrayList<>();
    for (String set : pushed) {
      PushAnswer answer =
          events.receive(EventSets.CONTENT_TYPE, set.getBytes(StandardCharsets.UTF_8));
      texts.add(answer.toString());
      texts.add(answer.body());
      answer.headers().forEach((k, v) -> texts.add(k + ": " + v));
    }
    texts.add(events.toString());
    texts.add(ConsentEventServlet.of(events).toString());
    texts.add(ConsentEventHandler.of(events).toString());
    List<String> logs = CapturingAppender.drain();
    assertThat(logs).anyMatch(l -> l.contains("CONSENT_REVOKED: applied"));
    texts.addAll(logs);
    assertThat(texts)
        .noneMatch(t -> t.contains(good.substring(good.length() - 20)))
        .noneMatch(t -> t.contains(subject))
        .noneMatch(t -> t.contains(f.consentId.toString()))
        .noneMatch(t -> t.contains("jti-secret-1"))
        .noneMatch(t -> t.contains("eyJ"));
  }
}
