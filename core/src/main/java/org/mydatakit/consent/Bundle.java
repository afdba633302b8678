package org.mydatakit.consent;

import java.util.Set;
import org.mydatakit.internal.Checks;

/**
 * A named set of data items (정보꾸러미) that a consumer asks for together, such as the documents a loan
 * screening needs.
 *
 * <p>The name is 1 to 100 characters and is shown to citizens; the set is non-empty and kept sorted
 * and unmodifiable.
 *
 * <pre>{@code
 * Bundle loan = new Bundle("loan-screening", Set.of(
 *     DataItem.of(AgencyId.of("NHIS"), ItemCode.of("nhis.qualification")),
 *     DataItem.of(AgencyId.of("NTS"), ItemCode.of("nts.income-certificate"))));
 * }</pre>
 */
public record Bundle(String name, Set<DataItem> items) {

  /** Requires a name of 1 to 100 characters, not blank, and at least one item. */
  public Bundle {
    Checks.notNull("bundle name", name);
    if (name.isBlank() || name.length() > 100) {
      throw new IllegalArgumentException(
          "bundle name: expected 1 to 100 characters, not blank, got "
              + name.length()
              + " characters");
    }
    items = ConsentValues.sortedItems("bundle items", items);
  }
}
