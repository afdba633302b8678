package org.mydatakit.consent;

import org.mydatakit.internal.Checks;

/**
 * The code of one kind of record (정보 항목) at a provider agency, such as {@code nhis.qualification}.
 *
 * <p>One to 64 characters of ASCII letters, digits, {@code .}, {@code _} and {@code -}, starting
 * with a letter or digit (so that a space-separated {@code scope} claim is unambiguous).
 *
 * <pre>{@code
 * ItemCode code = ItemCode.of("nhis.qualification");
 * }</pre>
 */
public record ItemCode(String value) implements Comparable<ItemCode> {

  /** Validates the value; throws {@link IllegalArgumentException} naming the expected form. */
  public ItemCode {
    Checks.token("item code", value, 64);
  }

  /** Returns the item code with the given value. */
  public static ItemCode of(String value) {
    return new ItemCode(value);
  }

  @Override
  public int compareTo(ItemCode other) {
    return value.compareTo(other.value);
  }

  @Override
  public String toString() {
    return value;
  }
}
