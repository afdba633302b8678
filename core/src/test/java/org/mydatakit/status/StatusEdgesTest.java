package org.mydatakit.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The remaining edges of the status package: the smallest list, the largest file a source reads
 * (exactly the verifier's token length cap), an issuer's lifetime in whole seconds, and lists that
 * differ only in size.
 */
class StatusEdgesTest {

  @Test
  void aListOfOneEntryIsTheSmallest() {
    StatusList one = StatusList.builder(1).set(0, TokenStatus.SUSPENDED).build();
    assertThat(one.size()).isEqualTo(1);
    assertThat(one.get(0)).isEqualTo(TokenStatus.SUSPENDED);
    assertThatThrownBy(() -> StatusList.builder(0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aListOfTheMaximumSizeIsTheLargest() {
    StatusList largest =
        StatusList.builder(StatusList.MAX_SIZE)
            .set(StatusList.MAX_SIZE - 1L, TokenStatus.INVALID)
            .build();
    assertThat(largest.size()).isEqualTo(StatusList.MAX_SIZE);
    assertThat(largest.get(StatusList.MAX_SIZE - 1L)).isEqualTo(TokenStatus.INVALID);
    assertThatThrownBy(() -> StatusList.builder(StatusList.MAX_SIZE + 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("status list size: expected 1 to 100000000, got 100000001");
  }

  @Test
  void listsOfOtherSizesAreOtherListsAndHashApart() {
    StatusList one = StatusList.builder(1).build();
    StatusList two = StatusList.builder(2).build();
    assertThat(one).isNotEqualTo(two);
    assertThat(one.hashCode()).isNotEqualTo(two.hashCode());
    assertThat(one)
        .isEqualTo(StatusList.builder(1).build())
        .hasSameHashCodeAs(one.newBuilder().build());
  }

  @Test
  void aFileOfExactlyTheTokenCapIsReadAndOneByteMoreIsRefused(@TempDir Path dir) throws Exception {
    int cap = StatusListVerifier.DEFAULT_MAX_TOKEN_LENGTH;
    assertThat(cap).isEqualTo(64 << 20);
    Path atCap = sparse(dir.resolve("at-cap.jwt"), cap);
    Path overCap = sparse(dir.resolve("over-cap.jwt"), cap + 1L);
    java.net.URI other = java.net.URI.create("https://broker.example/status/2");
    StatusListSource files =
        StatusListSource.files(Map.of(StatusFixture.URI_1, atCap, other, overCap));
    assertThat(files.fetch(StatusFixture.URI_1)).hasSize(cap);
    assertThatThrownBy(() -> files.fetch(other))
        .isInstanceOf(IOException.class)
        .hasMessageStartingWith("status list file exceeds the size limit");
  }

  private static Path sparse(Path file, long length) throws IOException {
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      f.setLength(length);
    }
    return file;
  }

  @Test
  void anInMemorySourceHandsItselfBackFromEveryChange() {
    InMemoryStatusListSource memory = StatusListSource.inMemory();
    assertThat(memory.put(StatusFixture.URI_1, "token")).isSameAs(memory);
    assertThat(memory.remove(StatusFixture.URI_1)).isSameAs(memory);
    assertThatThrownBy(() -> memory.fetch(StatusFixture.URI_1)).isInstanceOf(IOException.class);
  }

  @Test
  void anIssuersLifetimeMustBeWholeSeconds() {
    StatusListIssuer.Builder issuer =
        StatusListIssuer.builder(StatusFixture.KEYS, StatusFixture.ISSUER)
            .ttl(Duration.ofMinutes(5));
    assertThatThrownBy(() -> issuer.lifetime(Duration.ofDays(1).plusMillis(500)).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("status list lifetime: expected a positive whole number");
    assertThat(issuer.lifetime(Duration.ofDays(1)).build()).isNotNull();
  }
}
