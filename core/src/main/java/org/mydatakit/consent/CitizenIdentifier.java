package org.mydatakit.consent;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A citizen's real identifier (CI, 연계정보), held only in memory while the citizen is authenticated,
 * to derive their pseudonymous subjects with {@link PairwiseSubjects}. It is never stored and never
 * shown: {@link #toString()} is redacted, and {@link #close()} zeroes the copy held here.
 *
 * <pre>{@code
 * try (CitizenIdentifier ci = CitizenIdentifier.of(ciFromAuthentication)) {
 *   ConsentSubject subject = pairwise.derive(ci, providers);
 * }
 * }</pre>
 *
 * <p>The {@code String} passed to {@link #of(String)} cannot be zeroed by this class; callers that
 * receive the CI as bytes or chars should keep it out of strings. Not thread-safe: do not close it
 * while another thread derives from it. Two instances are never equal.
 */
public final class CitizenIdentifier implements AutoCloseable {
  private static final int MAX_LENGTH = 256;

  private final char[] value;
  private boolean destroyed;

  private CitizenIdentifier(char[] value) {
    this.value = value;
  }

  /**
   * Wraps a citizen identifier: 1 to 256 characters, not blank.
   *
   * @throws IllegalArgumentException naming the expected form (never echoing the input)
   */
  public static CitizenIdentifier of(String ci) {
    if (ci == null || ci.isBlank() || ci.length() > MAX_LENGTH) {
      throw new IllegalArgumentException(
          "citizen identifier: expected 1 to "
              + MAX_LENGTH
              + " characters, not blank, got "
              + (ci == null ? "null" : ci.length() + " characters"));
    }
    return new CitizenIdentifier(ci.toCharArray());
  }

  /** The identifier as UTF-8; the caller zeroes the returned array after use. */
  byte[] utf8() {
    if (destroyed) {
      throw new IllegalStateException(
          "citizen identifier: expected a live value, got a closed one");
    }
    ByteBuffer encoded = StandardCharsets.UTF_8.encode(CharBuffer.wrap(value));
    byte[] bytes = new byte[encoded.remaining()];
    encoded.get(bytes);
    if (encoded.hasArray()) {
      Arrays.fill(encoded.array(), (byte) 0);
    }
    return bytes;
  }

  /** Zeroes the identifier; any later use throws {@link IllegalStateException}. Idempotent. */
  public void destroy() {
    Arrays.fill(value, '\0');
    destroyed = true;
  }

  /** Same as {@link #destroy()}. */
  @Override
  public void close() {
    destroy();
  }

  /** Whether {@link #destroy()} was called. */
  public boolean isDestroyed() {
    return destroyed;
  }

  @Override
  public String toString() {
    return "CitizenIdentifier[redacted]";
  }
}
