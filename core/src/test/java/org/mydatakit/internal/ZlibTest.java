package org.mydatakit.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.zip.Deflater;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The inflation cap at its exact edge, where the output buffer is full and the cap reached at the
 * same moment (64 KiB, the first step, and 128 KiB, one doubling later), and the streams that are
 * not one complete zlib stream.
 */
class ZlibTest {

  private static byte[] pattern(int length) {
    byte[] bytes = new byte[length];
    for (int i = 0; i < length; i++) {
      bytes[i] = (byte) (i * 31 + (i >>> 9));
    }
    return bytes;
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 65_535, 65_536, 65_537, 131_072})
  void dataOfExactlyTheCapInflates(int cap) throws Exception {
    byte[] data = pattern(cap);
    assertThat(Zlib.inflate(Zlib.compress(data), cap)).isEqualTo(data);
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 65_535, 65_536, 131_072})
  void oneByteMoreThanTheCapIsTooLarge(int cap) {
    byte[] zlib = Zlib.compress(pattern(cap + 1));
    assertThatThrownBy(() -> Zlib.inflate(zlib, cap)).isInstanceOf(Zlib.TooLargeException.class);
  }

  /**
   * A stream cut before its checksum, whose data fill the buffer and the cap exactly: it is
   * incomplete, not too large; only a byte past the cap is too large.
   */
  @ParameterizedTest
  @ValueSource(ints = {65_536, 131_072})
  void aTruncatedStreamOfExactlyTheCapIsIncompleteNotTooLarge(int cap) {
    byte[] zlib = Zlib.compress(pattern(cap));
    byte[] noChecksum = Arrays.copyOf(zlib, zlib.length - 4);
    assertThatThrownBy(() -> Zlib.inflate(noChecksum, cap))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("expected one complete zlib stream");
  }

  @Test
  void aStreamThatNeedsAPresetDictionaryIsRefused() {
    Deflater deflater = new Deflater();
    byte[] out = new byte[256];
    int n;
    try {
      deflater.setDictionary("status".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      deflater.setInput(new byte[100]);
      deflater.finish();
      n = deflater.deflate(out);
    } finally {
      deflater.end();
    }
    byte[] zlib = Arrays.copyOf(out, n);
    assertThat(zlib[1] & 0x20).as("FDICT is set").isNotZero();
    assertThatThrownBy(() -> Zlib.inflate(zlib, 1000))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("expected one complete zlib stream");
  }

  @Test
  void truncatedOrTrailingDataIsRefused() {
    byte[] zlib = Zlib.compress(pattern(1000));
    assertThatThrownBy(() -> Zlib.inflate(Arrays.copyOf(zlib, zlib.length - 1), 1000))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Zlib.inflate(Arrays.copyOf(zlib, zlib.length + 1), 1000))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("expected one zlib stream, got trailing bytes");
  }
}
