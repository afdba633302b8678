package org.mydatakit.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every limit of the status package at its exact edge, and what its objects say about themselves.
 */
class StatusBoundariesTest {
  private final StatusFixture f = new StatusFixture();

  private StatusLists lists(InMemoryStatusListSource source) {
    return StatusLists.builder()
        .source(source)
        .trustedIssuer(StatusFixture.ISSUER, StatusFixture.KEYS.verificationKeys())
        .clock(f.clock)
        .build();
  }

  @Test
  void theLastIndexOfAListAnswersAndTheNextIsUnavailable() throws Exception {
    InMemoryStatusListSource source = StatusListSource.inMemory();
    source.put(StatusFixture.URI_1, f.issuer().sign(StatusFixture.URI_1, StatusFixture.sample()));
    StatusLists lists = lists(source);
    assertThat(lists.statusOf(StatusReference.of(StatusFixture.URI_1, 999)))
        .isEqualTo(TokenStatus.VALID);
    StatusUnavailableException e =
        catchThrowableOfType(
            StatusUnavailableException.class,
            () -> lists.statusOf(StatusReference.of(StatusFixture.URI_1, 1000)));
    assertThat(e.getMessage()).isEqualTo("status list index: expected below the list size 1000");
    assertThat(lists.toString()).isEqualTo("StatusLists[lists=1, maxAge=PT1H]");
  }

  @Test
  void unavailableSaysWhetherAnyCopyWasEverVerified() throws Exception {
    InMemoryStatusListSource source = StatusListSource.inMemory();
    StatusLists lists = lists(source);
    StatusReference ref = StatusReference.of(StatusFixture.URI_1, 1);
    assertThat(catchThrowableOfType(StatusUnavailableException.class, () -> lists.statusOf(ref)))
        .hasMessage("status list unavailable: no verified copy could be obtained");
    source.put(StatusFixture.URI_1, f.issuer().sign(StatusFixture.URI_1, StatusFixture.sample()));
    assertThat(lists.statusOf(ref)).isEqualTo(TokenStatus.VALID);
    source.remove(StatusFixture.URI_1);
    f.clock.advance(Duration.ofHours(2));
    assertThat(catchThrowableOfType(StatusUnavailableException.class, () -> lists.statusOf(ref)))
        .hasMessage("status list stale: the only copy is older than the max age or expired");
    assertThat(source.toString()).isEqualTo("InMemoryStatusListSource[lists=0]");
  }

  @Test
  void settingsAcceptTheEndsOfTheirRanges() {
    StatusListVerifier.Builder verifier =
        StatusListVerifier.builder()
            .trustedIssuer(StatusFixture.ISSUER, StatusFixture.KEYS.verificationKeys());
    assertThat(verifier.clockSkew(Duration.ofMinutes(5)).build()).isNotNull();
    assertThat(verifier.maxInflatedBytes(1).build()).isNotNull();
    assertThat(verifier.maxInflatedBytes(StatusList.MAX_SIZE / 4).build().toString())
        .isEqualTo("StatusListVerifier[skew=PT5M, maxInflatedBytes=25000000]");
    assertThat(verifier.maxTokenLength(1024).build()).isNotNull();
    assertThatThrownBy(() -> verifier.maxInflatedBytes(StatusList.MAX_SIZE / 4 + 1).build())
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> verifier.maxInflatedBytes(0).build())
        .isInstanceOf(IllegalStateException.class);
    for (Duration maxAge : new Duration[] {Duration.ofMinutes(1), Duration.ofDays(7)}) {
      assertThat(
              StatusLists.builder()
                  .source(StatusListSource.inMemory())
                  .trustedIssuer(StatusFixture.ISSUER, StatusFixture.KEYS.verificationKeys())
                  .maxAge(maxAge)
                  .build())
          .isNotNull();
    }
    StatusListIssuer issuer =
        StatusListIssuer.builder(StatusFixture.KEYS, StatusFixture.ISSUER)
            .ttl(Duration.ofMinutes(5))
            .lifetime(Duration.ofMinutes(5))
            .build();
    assertThat(issuer.toString()).isEqualTo("StatusListIssuer[ttl=PT5M, lifetime=PT5M]");
    assertThatThrownBy(
            () ->
                StatusListIssuer.builder(StatusFixture.KEYS, StatusFixture.ISSUER)
                    .ttl(Duration.ofMillis(1500))
                    .build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("status list ttl: expected a positive whole number of seconds");
  }

  @Test
  void listsOfOneEntryAndInflationCapsOfOneByteWork() throws Exception {
    StatusList one = StatusList.builder(1).set(0, TokenStatus.SUSPENDED).build();
    StatusList decoded = StatusList.decode(one.encode(), 2, 1);
    assertThat(decoded.get(0)).isEqualTo(TokenStatus.SUSPENDED);
    assertThat(StatusList.decode(one.encode(), 2, StatusList.MAX_SIZE / 4).size()).isEqualTo(4);
    assertThatThrownBy(() -> StatusList.decode(one.encode(), 2, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> StatusList.builder(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> StatusFixture.sample().get(1000))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("status list index: expected 0 to 999 (size 1000), got 1000");
  }

  @Test
  void listsAreValuesThatNeverPrintTheirEntries() {
    StatusList a = StatusFixture.sample();
    StatusList b = StatusFixture.sample().newBuilder().build();
    StatusList other = a.newBuilder().set(7, TokenStatus.INVALID).build();
    assertThat(a).isEqualTo(b).hasSameHashCodeAs(b).isNotEqualTo(other).isNotEqualTo("a list");
    assertThat(a.hashCode()).isNotEqualTo(other.hashCode());
    assertThat(StatusList.builder(1000).build()).isNotEqualTo(StatusList.builder(1001).build());
    assertThat(a.toString()).isEqualTo("StatusList[size=1000, bits=2]");
  }

  @Test
  void verifiedListsAndClaimsDescribeThemselvesWithoutTheList() throws Exception {
    String token = f.issuer().sign(StatusFixture.URI_1, StatusFixture.sample());
    VerifiedStatusList verified = f.verifier().verify(token, StatusFixture.URI_1);
    assertThat(verified.toString())
        .startsWith("VerifiedStatusList[uri=" + StatusFixture.URI_1 + ", iat=")
        .doesNotContain(token.split("\\.")[1]);
    byte[] payload = Base64.getUrlDecoder().decode(token.split("\\.")[1]);
    assertThat(StatusListClaims.read(payload).toString()).isEqualTo("StatusListClaims[redacted]");
    for (StatusListException.Reason reason : StatusListException.Reason.values()) {
      assertThat(reason.description()).as("%s", reason).isNotBlank();
      assertThat(new StatusListException(reason).getMessage())
          .isEqualTo(reason.name() + ": " + reason.description());
    }
  }

  @Test
  void aFileSourceNamesOnlyHowManyListsItKnows(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("status-1.jwt");
    Files.writeString(file, " token \n", StandardCharsets.US_ASCII);
    StatusListSource files = StatusListSource.files(Map.of(StatusFixture.URI_1, file));
    assertThat(files.fetch(StatusFixture.URI_1)).isEqualTo("token");
    assertThat(files.toString()).isEqualTo("FileStatusListSource[lists=1]");
  }

  @Test
  void anIndexUpToIntegerMaxIsAReference() {
    URI uri = StatusFixture.URI_1;
    assertThat(StatusReference.of(uri, Integer.MAX_VALUE).index()).isEqualTo(Integer.MAX_VALUE);
    assertThat(StatusReference.of(uri, 0).index()).isZero();
    assertThatThrownBy(() -> StatusReference.of(uri, Integer.MAX_VALUE + 1L))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> StatusReference.of(uri, -1))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
