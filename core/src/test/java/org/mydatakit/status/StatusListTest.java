package org.mydatakit.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.mydatakit.internal.Base64Url;
import org.mydatakit.internal.Zlib;
import org.mydatakit.status.StatusListException.Reason;

/** Packing, bit order, the draft's vectors, and the 10-million-entry round trip. */
class StatusListTest {
  /** draft-ietf-oauth-status-list, 2-bit example: statuses 1,2,0,3,0,1,0,1,1,2,3,3. */
  static final String DRAFT_LST = "eNo76fITAAPfAgc";

  static final byte[] DRAFT_BYTES = {(byte) 0xC9, 0x44, (byte) 0xF9};

  @Test
  void packsTwoBitsPerEntryLeastSignificantFirst() throws Exception {
    int[] values = {1, 2, 0, 0, 0, 1, 0, 1, 1, 2, 0, 0}; // the draft's example with 3 made 0
    StatusList.Builder builder = StatusList.builder(values.length);
    for (int i = 0; i < values.length; i++) {
      builder.set(i, TokenStatus.ofBits(values[i]));
    }
    byte[] packed = Zlib.inflate(builder.build().encode(), 100);
    assertThat(packed).containsExactly(0x09, 0x44, 0x09);
  }

  @Test
  void compressesTheDraftsBytesToTheDraftsLst() throws Exception {
    assertThat(Base64Url.encode(Zlib.compress(DRAFT_BYTES))).isEqualTo(DRAFT_LST);
    assertThat(Zlib.inflate(Base64Url.decode(DRAFT_LST), 100)).isEqualTo(DRAFT_BYTES);
  }

  @Test
  void draftExampleIsRefusedForItsReservedEntries() {
    StatusListException e =
        catchThrowableOfType(
            StatusListException.class,
            () -> StatusList.decode(Base64Url.decode(DRAFT_LST), 2, 100));
    assertThat(e.reason()).isEqualTo(Reason.RESERVED_STATUS);
  }

  @Test
  void decodedListReadsTheDraftEntriesWithout3() throws Exception {
    byte[] zlib = Zlib.compress(new byte[] {0x09, 0x44, 0x09});
    StatusList list = StatusList.decode(zlib, 2, 100);
    assertThat(list.size()).isEqualTo(12);
    assertThat(list.get(0)).isEqualTo(TokenStatus.INVALID);
    assertThat(list.get(1)).isEqualTo(TokenStatus.SUSPENDED);
    assertThat(list.get(5)).isEqualTo(TokenStatus.INVALID);
    assertThat(list.get(9)).isEqualTo(TokenStatus.SUSPENDED);
    assertThat(list.get(11)).isEqualTo(TokenStatus.VALID);
  }

  @Test
  void tenMillionEntriesRoundTrip() throws Exception {
    int size = 10_000_000;
    Random random = new Random(20261127L);
    StatusList.Builder builder = StatusList.builder(size);
    Set<Integer> revoked = new HashSet<>();
    while (revoked.size() < size / 100) {
      int index = random.nextInt(size);
      if (revoked.add(index)) {
        builder.set(index, TokenStatus.INVALID);
      }
    }
    builder.set(size - 1, TokenStatus.SUSPENDED);
    revoked.remove(size - 1);
    StatusList list = builder.build();

    byte[] zlib = list.encode();
    StatusList decoded = StatusList.decode(zlib, 2, StatusList.DEFAULT_MAX_INFLATED_BYTES);

    assertThat(decoded).isEqualTo(list);
    assertThat(decoded.size()).isEqualTo(size);
    assertThat(decoded.counts())
        .isEqualTo(
            Map.of(
                TokenStatus.VALID,
                (long) size - revoked.size() - 1,
                TokenStatus.INVALID,
                (long) revoked.size(),
                TokenStatus.SUSPENDED,
                1L));
    for (int index : revoked) {
      assertThat(decoded.get(index)).isEqualTo(TokenStatus.INVALID);
    }
    for (int i = 0; i < 100_000; i++) {
      int index = random.nextInt(size - 1);
      TokenStatus expected = revoked.contains(index) ? TokenStatus.INVALID : TokenStatus.VALID;
      assertThat(decoded.get(index)).isEqualTo(expected);
    }
    assertThat(decoded.get(size - 1)).isEqualTo(TokenStatus.SUSPENDED);
    assertThat(zlib.length).isLessThan(size / 4);
  }

  @Test
  void sizeNotAMultipleOfFourDecodesWithValidPadding() throws Exception {
    StatusList list = StatusList.builder(5).set(4, TokenStatus.INVALID).build();
    StatusList decoded = StatusList.decode(list.encode(), 2, 100);
    assertThat(decoded.size()).isEqualTo(8);
    assertThat(decoded.get(4)).isEqualTo(TokenStatus.INVALID);
    assertThat(decoded.get(7)).isEqualTo(TokenStatus.VALID);
    assertThat(list.counts().get(TokenStatus.VALID)).isEqualTo(4);
  }

  @Test
  void indexOutsideTheListIsRefusedNamingTheSize() {
    StatusList list = StatusList.builder(10).build();
    assertThatThrownBy(() -> list.get(10))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("size 10");
    assertThatThrownBy(() -> list.get(-1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> StatusList.builder(10).set(10, TokenStatus.INVALID))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void sizeOutsideOneToHundredMillionIsRefused() {
    assertThatThrownBy(() -> StatusList.builder(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> StatusList.builder(100_000_001))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("100000000");
  }

  @Test
  void widthsOtherThanTwoAreRefused() {
    byte[] zlib = StatusList.builder(4).build().encode();
    for (int bits : new int[] {0, 1, 4, 8}) {
      assertThatThrownBy(() -> StatusList.decode(zlib, bits, 100))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("bits");
    }
  }

  @Test
  void truncatedTrailingOrHeaderlessStreamsAreMalformed() {
    byte[] zlib = StatusList.builder(1000).set(7, TokenStatus.INVALID).build().encode();
    byte[] truncated = Arrays.copyOf(zlib, zlib.length - 3);
    byte[] trailing = Arrays.copyOf(zlib, zlib.length + 1);
    byte[] raw = Arrays.copyOfRange(zlib, 2, zlib.length); // raw DEFLATE, no zlib header
    byte[] empty = Zlib.compress(new byte[0]);
    for (byte[] bad : new byte[][] {truncated, trailing, raw, empty, new byte[0]}) {
      StatusListException e =
          catchThrowableOfType(StatusListException.class, () -> StatusList.decode(bad, 2, 1000));
      assertThat(e.reason()).isEqualTo(Reason.MALFORMED);
    }
  }

  @Test
  void derivedBuilderLeavesTheOriginalUntouched() {
    StatusList v1 = StatusList.builder(8).set(1, TokenStatus.SUSPENDED).build();
    StatusList v2 = v1.newBuilder().set(1, TokenStatus.VALID).set(2, TokenStatus.INVALID).build();
    assertThat(v1.get(1)).isEqualTo(TokenStatus.SUSPENDED);
    assertThat(v2.get(1)).isEqualTo(TokenStatus.VALID);
    assertThat(v2.get(2)).isEqualTo(TokenStatus.INVALID);
  }
}
