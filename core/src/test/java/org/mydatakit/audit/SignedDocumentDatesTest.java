package org.mydatakit.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mydatakit.internal.JwsSigning;
import org.mydatakit.keys.SigningAlgorithm;
import org.mydatakit.keys.SigningKeySet;

/**
 * Receipts and checkpoints dated outside the calendar a broker writes (1970 to the end of 9999) are
 * rejected with their own checked exception, never with an unchecked one.
 */
class SignedDocumentDatesTest {
  private static final String ISS = "https://broker.example";
  private static final long END_OF_9999 = 253_402_300_799L;
  private static final SigningKeySet KEYS = SigningKeySet.generate(SigningAlgorithm.ES256);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String HEAD = "ab".repeat(32);

  private static String receipt(long iat) {
    ObjectNode c = JSON.createObjectNode();
    c.put("version", ReceiptClaims.VERSION);
    c.put("consentReceiptID", "receipt-1");
    c.put("consentId", AuditFixtures.CONSENT.toString());
    c.put("piiPrincipalId", AuditFixtures.CONSENT.toString());
    c.put("consentVersion", 1);
    c.put("status", "ACTIVE");
    c.put("iat", iat);
    c.put("iss", ISS);
    return JwsSigning.current(KEYS.exportPrivateJwks())
        .sign(ConsentReceipt.TYPE, c.toString(), false);
  }

  private static String checkpoint(long iat) {
    ObjectNode c = JSON.createObjectNode();
    c.put("iss", ISS);
    c.put("seq", 7);
    c.put("head", HEAD);
    c.put("iat", iat);
    return JwsSigning.current(KEYS.exportPrivateJwks())
        .sign(AuditCheckpoint.TYPE, c.toString(), false);
  }

  @Test
  void theWholeCalendarIsAccepted() throws Exception {
    for (long iat : new long[] {0, 1_780_000_000L, END_OF_9999}) {
      assertThat(ReceiptIssuer.verify(receipt(iat), KEYS.verificationKeys(), ISS).issuedAt())
          .isEqualTo(Instant.ofEpochSecond(iat));
      assertThat(AuditCheckpoint.verify(checkpoint(iat), KEYS.verificationKeys(), ISS).issuedAt())
          .isEqualTo(Instant.ofEpochSecond(iat));
    }
  }

  @ParameterizedTest
  @ValueSource(
      longs = {-1, Long.MIN_VALUE, END_OF_9999 + 1, 31_556_889_864_403_200L, Long.MAX_VALUE})
  void aReceiptDatedOutsideTheCalendarIsRejected(long iat) {
    assertThatThrownBy(() -> ReceiptIssuer.verify(receipt(iat), KEYS.verificationKeys(), ISS))
        .isInstanceOf(InvalidReceiptException.class)
        .hasMessageContaining("a required claim is missing or invalid");
  }

  @ParameterizedTest
  @ValueSource(
      longs = {-1, Long.MIN_VALUE, END_OF_9999 + 1, 31_556_889_864_403_200L, Long.MAX_VALUE})
  void aCheckpointDatedOutsideTheCalendarIsRejected(long iat) {
    assertThatThrownBy(() -> AuditCheckpoint.verify(checkpoint(iat), KEYS.verificationKeys(), ISS))
        .isInstanceOf(InvalidCheckpointException.class)
        .hasMessageContaining("expected exactly the claims iss, seq, head and iat");
  }
}
