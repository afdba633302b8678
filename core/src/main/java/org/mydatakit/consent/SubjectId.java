package org.mydatakit.consent;

import java.util.regex.Pattern;

/**
 * A pseudonymous subject identifier: the broker's own subject id, or the pairwise subject of a
 * citizen at one provider agency (an HMAC-SHA256 of the citizen's key, base64url, see {@link
 * PairwiseSubjects}).
 *
 * <p>A pseudonym is still personal data: {@link #toString()} never shows the value. Call {@link
 * #value()} where the value itself is needed (a grant's {@code sub}, a database column).
 *
 * <pre>{@code
 * SubjectId sub = SubjectId.parse("q3p9...base64url...");
 * }</pre>
 */
public final class SubjectId {
  private static final Pattern FORM = Pattern.compile("[A-Za-z0-9_-]{16,128}");

  private final String value;

  private SubjectId(String value) {
    this.value = value;
  }

  /**
   * Parses a subject id: 16 to 128 base64url characters.
   *
   * @throws IllegalArgumentException naming the expected form (never echoing the input)
   */
  public static SubjectId parse(String value) {
    if (value == null || !FORM.matcher(value).matches()) {
      throw new IllegalArgumentException(
          "subject id: expected 16 to 128 base64url characters"
              + (value == null ? ", got null" : ", got " + value.length() + " characters"));
    }
    return new SubjectId(value);
  }

  /** The pseudonym itself. Personal data: never log it. */
  public String value() {
    return value;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SubjectId other && value.equals(other.value);
  }

  @Override
  public int hashCode() {
    return value.hashCode();
  }

  /** Returns a redacted form that never contains the value. */
  @Override
  public String toString() {
    return "SubjectId[redacted]";
  }
}
