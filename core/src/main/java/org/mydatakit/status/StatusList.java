package org.mydatakit.status;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import org.mydatakit.internal.Checks;
import org.mydatakit.internal.Zlib;

/**
 * An immutable Token Status List of two bits per entry, packed as the IETF draft lays it out: entry
 * {@code i} sits in byte {@code i / 4} at bit offset {@code 2 * (i % 4)}, least-significant bits
 * first. Ten million entries take 2.5 MB.
 *
 * <pre>{@code
 * StatusList list = StatusList.builder(10_000_000).set(42, TokenStatus.INVALID).build();
 * byte[] zlib = list.encode();
 * StatusList copy = StatusList.decode(zlib, 2, StatusList.DEFAULT_MAX_INFLATED_BYTES);
 * }</pre>
 *
 * <p>The wire form carries no size: a decoded list's {@link #size()} is its capacity, four entries
 * per byte, so a list built with a size that is not a multiple of four decodes with up to three
 * extra {@link TokenStatus#VALID} entries. Value 3 (reserved by the draft for applications) is
 * never written and is rejected on decoding.
 *
 * <p>Immutable and thread-safe; the builder is not thread-safe.
 */
public final class StatusList {
  /** Bits per entry: the only width this profile uses. */
  public static final int BITS = 2;

  /** The largest list: one hundred million entries (25 MB packed). */
  public static final int MAX_SIZE = 100_000_000;

  /** The default inflation cap: 16 MiB, that is 64 Mi entries. */
  public static final long DEFAULT_MAX_INFLATED_BYTES = 16L << 20;

  private final byte[] packed;
  private final long size;

  private StatusList(byte[] packed, long size) {
    this.packed = packed;
    this.size = size;
  }

  /**
   * Starts a list of {@code size} entries (1 to {@link #MAX_SIZE}), all {@link TokenStatus#VALID}.
   */
  public static Builder builder(int size) {
    if (size < 1 || size > MAX_SIZE) {
      throw new IllegalArgumentException(
          "status list size: expected 1 to " + MAX_SIZE + ", got " + size);
    }
    return new Builder(new byte[(size + 3) / 4], size);
  }

  /** A builder holding a copy of this list, to derive the next version from. */
  public Builder newBuilder() {
    return new Builder(packed.clone(), size);
  }

  /**
   * Decodes a zlib-compressed list, inflating at most {@code maxInflatedBytes} bytes.
   *
   * @param bits the width the token declares; must be {@link #BITS}
   * @param maxInflatedBytes the cap, 1 to {@code MAX_SIZE / 4} bytes; see {@link
   *     #DEFAULT_MAX_INFLATED_BYTES}
   * @throws IllegalArgumentException if {@code bits} is not 2 or the cap is out of range
   * @throws StatusListException TOO_LARGE past the cap (before allocating beyond it), MALFORMED for
   *     anything but one complete, non-empty zlib stream, RESERVED_STATUS for any entry of value 3
   */
  public static StatusList decode(byte[] zlib, int bits, long maxInflatedBytes)
      throws StatusListException {
    if (bits != BITS) {
      throw new IllegalArgumentException("status list bits: expected 2, got " + bits);
    }
    if (maxInflatedBytes < 1 || maxInflatedBytes > MAX_SIZE / 4) {
      throw new IllegalArgumentException(
          "max inflated bytes: expected 1 to " + MAX_SIZE / 4 + ", got " + maxInflatedBytes);
    }
    Checks.notNull("compressed status list", zlib);
    byte[] packed;
    try {
      packed = Zlib.inflate(zlib, maxInflatedBytes);
    } catch (Zlib.TooLargeException e) {
      throw new StatusListException(StatusListException.Reason.TOO_LARGE);
    } catch (IllegalArgumentException e) {
      throw new StatusListException(StatusListException.Reason.MALFORMED);
    }
    if (packed.length == 0) {
      throw new StatusListException(StatusListException.Reason.MALFORMED);
    }
    for (byte b : packed) {
      if ((b & (b >>> 1) & 0x55) != 0) { // both bits of some entry set: value 3
        throw new StatusListException(StatusListException.Reason.RESERVED_STATUS);
      }
    }
    return new StatusList(packed, 4L * packed.length);
  }

  /**
   * The status of entry {@code index}.
   *
   * @throws IllegalArgumentException if {@code index} is not in {@code [0, size)}
   */
  public TokenStatus get(long index) {
    checkIndex(index, size);
    return TokenStatus.ofBits((packed[(int) (index >>> 2)] >>> shift(index)) & 3);
  }

  /** The number of entries. */
  public long size() {
    return size;
  }

  /** How many entries have each status; every status is a key. */
  public Map<TokenStatus, Long> counts() {
    long invalid = 0;
    long suspended = 0;
    for (byte b : packed) {
      for (int s = 0; s < 8; s += 2) {
        int v = (b >>> s) & 3;
        invalid += v == 1 ? 1 : 0;
        suspended += v == 2 ? 1 : 0;
      }
    }
    Map<TokenStatus, Long> counts = new EnumMap<>(TokenStatus.class);
    counts.put(TokenStatus.VALID, size - invalid - suspended);
    counts.put(TokenStatus.INVALID, invalid);
    counts.put(TokenStatus.SUSPENDED, suspended);
    return Map.copyOf(counts);
  }

  /** The packed list, zlib-compressed (RFC 1950) at best compression: the {@code lst} bytes. */
  public byte[] encode() {
    return Zlib.compress(packed);
  }

  private static int shift(long index) {
    return (int) (index & 3) * 2;
  }

  private static void checkIndex(long index, long size) {
    if (index < 0 || index >= size) {
      throw new IllegalArgumentException(
          "status list index: expected 0 to " + (size - 1) + " (size " + size + "), got " + index);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof StatusList other
        && size == other.size
        && Arrays.equals(packed, other.packed);
  }

  @Override
  public int hashCode() {
    return Long.hashCode(size) * 31 + Arrays.hashCode(packed);
  }

  @Override
  public String toString() {
    return "StatusList[size=" + size + ", bits=2]";
  }

  /** Sets entries, then {@link #build()}s an immutable list. Not thread-safe. */
  public static final class Builder {
    private final byte[] packed;
    private final long size;

    private Builder(byte[] packed, long size) {
      this.packed = packed;
      this.size = size;
    }

    /**
     * Sets entry {@code index} to {@code status}.
     *
     * @throws IllegalArgumentException if {@code index} is not in {@code [0, size)}
     */
    public Builder set(long index, TokenStatus status) {
      checkIndex(index, size);
      Checks.notNull("status", status);
      int i = (int) (index >>> 2);
      int shift = shift(index);
      packed[i] = (byte) ((packed[i] & ~(3 << shift)) | (status.bits() << shift));
      return this;
    }

    /** A list holding the entries set so far; the builder stays usable. */
    public StatusList build() {
      return new StatusList(packed.clone(), size);
    }
  }
}
