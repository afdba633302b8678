package org.mydatakit.consent;

import java.util.Comparator;
import org.mydatakit.internal.Checks;

/**
 * One kind of record at one provider agency (정보 항목), such as {@code nhis.qualification} at {@code
 * NHIS}. Ordered by provider, then code.
 *
 * <pre>{@code
 * DataItem item = DataItem.of(AgencyId.of("NHIS"), ItemCode.of("nhis.qualification"));
 * }</pre>
 */
public record DataItem(AgencyId provider, ItemCode code) implements Comparable<DataItem> {
  private static final Comparator<DataItem> ORDER =
      Comparator.comparing(DataItem::provider).thenComparing(DataItem::code);

  /** Requires both parts. */
  public DataItem {
    Checks.notNull("data item provider", provider);
    Checks.notNull("data item code", code);
  }

  /** Returns the item {@code code} at {@code provider}. */
  public static DataItem of(AgencyId provider, ItemCode code) {
    return new DataItem(provider, code);
  }

  @Override
  public int compareTo(DataItem other) {
    return ORDER.compare(this, other);
  }
}
