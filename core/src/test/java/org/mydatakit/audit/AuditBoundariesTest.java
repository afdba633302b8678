package org.mydatakit.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.mydatakit.internal.JwsSigning;
import org.mydatakit.keys.SigningAlgorithm;
import org.mydatakit.keys.SigningKeySet;

/** The smallest values signed documents may carry, and how a verification result reads. */
class AuditBoundariesTest {
  private static final String ISS = "https://broker.example";
  private static final SigningKeySet KEYS = SigningKeySet.generate(SigningAlgorithm.ES256);
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void aCheckpointOfTheFirstEntryVerifies() throws Exception {
    ObjectNode c = JSON.createObjectNode();
    c.put("iss", ISS);
    c.put("seq", 1);
    c.put("head", "ab".repeat(32));
    c.put("iat", 1_780_000_000L);
    String token =
        JwsSigning.current(KEYS.exportPrivateJwks())
            .sign(AuditCheckpoint.TYPE, c.toString(), false);
    assertThat(AuditCheckpoint.verify(token, KEYS.verificationKeys(), ISS).sequence()).isEqualTo(1);
  }

  @Test
  void aReceiptOfConsentVersionZeroVerifies() throws Exception {
    ObjectNode c = JSON.createObjectNode();
    c.put("version", ReceiptClaims.VERSION);
    c.put("consentReceiptID", "receipt-0");
    c.put("consentId", AuditFixtures.CONSENT.toString());
    c.put("piiPrincipalId", AuditFixtures.CONSENT.toString());
    c.put("consentVersion", 0);
    c.put("status", "REQUESTED");
    c.put("iat", 1_780_000_000L);
    c.put("iss", ISS);
    String token =
        JwsSigning.current(KEYS.exportPrivateJwks()).sign(ConsentReceipt.TYPE, c.toString(), false);
    assertThat(ReceiptIssuer.verify(token, KEYS.verificationKeys(), ISS).consentVersion()).isZero();
  }

  @Test
  void verificationResultsAreValuesThatSayWhatBroke() {
    AuditVerification intact = AuditChain.verify(AuditFixtures.chain(3));
    AuditVerification same = AuditChain.verify(AuditFixtures.chain(3));
    AuditVerification longer = AuditChain.verify(AuditFixtures.chain(4));
    assertThat(intact).isEqualTo(same).hasSameHashCodeAs(same).isNotEqualTo(longer);
    assertThat(intact).isNotEqualTo("intact");
    assertThat(intact.hashCode()).isNotEqualTo(longer.hashCode());
    assertThat(intact.intact()).isTrue();
    assertThat(intact.toString()).isEqualTo("AuditVerification[intact, entries=3]");
  }
}
