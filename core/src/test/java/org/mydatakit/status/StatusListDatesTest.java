package org.mydatakit.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mydatakit.status.StatusListException.Reason;

/**
 * The verifier's time checks at their exact boundaries (a 30 s skew): {@code exp} down to now −
 * skew, {@code iat} up to now + skew, {@code exp} after {@code iat}, and every date within 1970 to
 * the end of 9999; anything else is a typed rejection, never an unchecked exception.
 */
class StatusListDatesTest {
  private static final long NOW = StatusFixture.NOW.getEpochSecond();
  private static final long END_OF_9999 = 253_402_300_799L;

  private final StatusFixture f = new StatusFixture();

  private VerifiedStatusList verified(String token) throws StatusListException {
    return f.verifier().verify(token, StatusFixture.URI_1);
  }

  private Reason rejection(String token) {
    StatusListException e = catchThrowableOfType(StatusListException.class, () -> verified(token));
    assertThat(e).as("expected the verifier to reject").isNotNull();
    return e.reason();
  }

  @Test
  void aListExpiringExactlySkewAgoStillVerifiesOneSecondMoreDoesNot() throws Exception {
    String last = StatusFixture.token(c -> c.put("iat", NOW - 100).put("exp", NOW - 30));
    assertThat(verified(last).expiresAt()).isEqualTo(Instant.ofEpochSecond(NOW - 30));
    assertThat(rejection(StatusFixture.token(c -> c.put("iat", NOW - 100).put("exp", NOW - 31))))
        .isEqualTo(Reason.EXPIRED);
  }

  @Test
  void aListIssuedExactlySkewAheadVerifiesOneSecondMoreDoesNot() throws Exception {
    String first = StatusFixture.token(c -> c.put("iat", NOW + 30));
    assertThat(verified(first).issuedAt()).isEqualTo(Instant.ofEpochSecond(NOW + 30));
    assertThat(rejection(StatusFixture.token(c -> c.put("iat", NOW + 31))))
        .isEqualTo(Reason.ISSUED_IN_FUTURE);
  }

  @Test
  void expMustComeAfterIat() throws Exception {
    assertThat(rejection(StatusFixture.token(c -> c.put("iat", NOW).put("exp", NOW))))
        .isEqualTo(Reason.INVALID_CLAIM);
    assertThat(rejection(StatusFixture.token(c -> c.put("iat", NOW).put("exp", NOW - 1))))
        .isEqualTo(Reason.INVALID_CLAIM);
    assertThat(verified(StatusFixture.token(c -> c.put("iat", NOW).put("exp", NOW + 1))).ttl())
        .isEqualTo(Duration.ofMinutes(5));
  }

  @Test
  void theCalendarRunsFrom1970ToTheEndOf9999() throws Exception {
    assertThat(verified(StatusFixture.token(c -> c.put("iat", 0))).issuedAt())
        .isEqualTo(Instant.EPOCH);
    assertThat(verified(StatusFixture.token(c -> c.put("exp", END_OF_9999))).expiresAt())
        .isEqualTo(Instant.ofEpochSecond(END_OF_9999));
  }

  @ParameterizedTest
  @ValueSource(longs = {END_OF_9999 + 1, 31_556_889_864_403_200L, Long.MAX_VALUE})
  void anExpPastTheEndOf9999IsAnInvalidClaim(long exp) {
    assertThat(rejection(StatusFixture.token(c -> c.put("exp", exp))))
        .isEqualTo(Reason.INVALID_CLAIM);
  }

  @ParameterizedTest
  @ValueSource(longs = {-1, Long.MIN_VALUE})
  void aDateBefore1970IsAnInvalidClaim(long date) {
    assertThat(rejection(StatusFixture.token(c -> c.put("iat", date))))
        .isEqualTo(Reason.INVALID_CLAIM);
    assertThat(rejection(StatusFixture.token(c -> c.put("exp", date))))
        .as("not merely expired")
        .isEqualTo(Reason.INVALID_CLAIM);
  }

  @Test
  void anIatPastTheEndOf9999IsAnInvalidClaimNotMerelyInTheFuture() {
    assertThat(rejection(StatusFixture.token(c -> c.put("iat", END_OF_9999 + 1))))
        .isEqualTo(Reason.INVALID_CLAIM);
  }

  @ParameterizedTest
  @ValueSource(longs = {END_OF_9999 + 1, Long.MAX_VALUE})
  void aTtlNoCalendarHoldsIsAnInvalidClaim(long ttl) {
    assertThat(rejection(StatusFixture.token(c -> c.put("ttl", ttl))))
        .isEqualTo(Reason.INVALID_CLAIM);
  }

  @Test
  void theLongestTtlACalendarHoldsVerifiesAndACacheCanServeIt() throws Exception {
    String token = StatusFixture.token(c -> c.put("ttl", END_OF_9999));
    assertThat(verified(token).ttl()).isEqualTo(Duration.ofSeconds(END_OF_9999));
    InMemoryStatusListSource source = StatusListSource.inMemory();
    source.put(StatusFixture.URI_1, token);
    StatusLists lists =
        StatusLists.builder()
            .source(source)
            .trustedIssuer(StatusFixture.ISSUER, StatusFixture.KEYS.verificationKeys())
            .clock(f.clock)
            .build();
    StatusReference ref = StatusReference.of(StatusFixture.URI_1, 42);
    assertThat(lists.statusOf(ref)).isEqualTo(TokenStatus.INVALID);
    assertThat(lists.statusOf(ref)).as("served from the cache").isEqualTo(TokenStatus.INVALID);
  }
}
