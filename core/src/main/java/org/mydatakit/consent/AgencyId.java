package org.mydatakit.consent;

import org.mydatakit.internal.Checks;

/**
 * The identifier of an organisation in the ecosystem: a provider agency (보유기관), a consumer (이용기관)
 * or the broker (중계기관).
 *
 * <p>One to 64 characters of ASCII letters, digits, {@code .}, {@code _} and {@code -}, starting
 * with a letter or digit; case-sensitive. It is not personal data and may be logged.
 *
 * <pre>{@code
 * AgencyId nhis = AgencyId.of("NHIS");
 * }</pre>
 */
public record AgencyId(String value) implements Comparable<AgencyId> {

  /** Validates the value; throws {@link IllegalArgumentException} naming the expected form. */
  public AgencyId {
    Checks.token("agency id", value, 64);
  }

  /** Returns the agency id with the given value. */
  public static AgencyId of(String value) {
    return new AgencyId(value);
  }

  @Override
  public int compareTo(AgencyId other) {
    return value.compareTo(other.value);
  }

  @Override
  public String toString() {
    return value;
  }
}
