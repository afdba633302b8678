package org.mydatakit.consent;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The identifier of a consent: a UUID version 7 (RFC 9562), time-ordered by its first 48 bits and
 * unguessable by its 74 random bits.
 *
 * <pre>{@code
 * ConsentId id = ConsentId.generate(clock.instant());
 * ConsentId same = ConsentId.parse(id.toString());
 * }</pre>
 */
public record ConsentId(UUID value) implements Comparable<ConsentId> {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Pattern FORM =
      Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");

  /** Requires a version 7, variant 2 UUID. */
  public ConsentId {
    if (value == null || value.version() != 7 || value.variant() != 2) {
      throw new IllegalArgumentException("consent id: expected a version 7 uuid");
    }
  }

  /** Generates a fresh id whose time part is {@code now}. */
  public static ConsentId generate(Instant now) {
    byte[] random = new byte[10];
    RANDOM.nextBytes(random);
    long millis = now.toEpochMilli();
    long msb = (millis << 16) | 0x7000L | ((random[0] & 0x0fL) << 8) | (random[1] & 0xffL);
    long lsb = 0x8000000000000000L | ((random[2] & 0x3fL) << 56);
    for (int i = 3; i < 10; i++) {
      lsb |= (random[i] & 0xffL) << (8 * (9 - i));
    }
    return new ConsentId(new UUID(msb, lsb));
  }

  /**
   * Parses the canonical lower-case text form.
   *
   * @throws IllegalArgumentException if the text is not a canonical version 7 uuid
   */
  public static ConsentId parse(String text) {
    if (text == null || !FORM.matcher(text).matches()) {
      throw new IllegalArgumentException(
          "consent id: expected a lower-case version 7 uuid such as"
              + " 0190b8c2-7d3e-7abc-8def-0123456789ab");
    }
    return new ConsentId(UUID.fromString(text));
  }

  /** The instant encoded in the id's first 48 bits. */
  public Instant timestamp() {
    return Instant.ofEpochMilli(value.getMostSignificantBits() >>> 16);
  }

  @Override
  public int compareTo(ConsentId other) {
    return value.toString().compareTo(other.value.toString());
  }

  @Override
  public String toString() {
    return value.toString();
  }
}
