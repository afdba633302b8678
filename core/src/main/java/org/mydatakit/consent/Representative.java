package org.mydatakit.consent;

import java.util.regex.Pattern;
import org.mydatakit.internal.Checks;

/**
 * Who acted for the citizen, and a reference to the proof of their authority.
 *
 * <p>The evidence reference is an opaque key into the broker's document store (such as {@code
 * "poa:2026-000123"}), never the document or a name: 1 to 200 printable ASCII characters without
 * spaces. {@link #toString()} shows the kind only.
 *
 * <pre>{@code
 * Representative parent = new Representative(Representative.Kind.GUARDIAN, "family-cert:7f3a9c");
 * }</pre>
 */
public record Representative(Kind kind, String evidenceReference) {
  private static final Pattern REFERENCE = Pattern.compile("[!-~]{1,200}");

  /** The capacity in which the representative acted. */
  public enum Kind {
    /** A guardian of a minor or of an adult under guardianship (법정대리인). */
    GUARDIAN,
    /** A representative appointed by law or by a court, other than a guardian. */
    LEGAL_REPRESENTATIVE,
    /** A person the citizen authorised to act for them (정당한 대리인). */
    DELEGATE
  }

  /** Requires a kind and a reference of 1 to 200 printable ASCII characters without spaces. */
  public Representative {
    Checks.notNull("representative kind", kind);
    Checks.notNull("representative evidence reference", evidenceReference);
    if (!REFERENCE.matcher(evidenceReference).matches()) {
      throw new IllegalArgumentException(
          "representative evidence reference: expected 1 to 200 printable ascii characters"
              + " without spaces, got "
              + evidenceReference.length()
              + " characters");
    }
  }

  /** Shows the kind only. */
  @Override
  public String toString() {
    return "Representative[kind=" + kind + "]";
  }
}
