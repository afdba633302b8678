package org.mydatakit.consent;

import org.mydatakit.internal.Checks;

/**
 * Why the consumer wants the data: a machine-readable code (carried in grants as {@code pur}), the
 * text shown to the citizen and the legal basis.
 *
 * <pre>{@code
 * Purpose purpose = new Purpose("loan-screening", "대출 심사", LegalBasis.PIPA_35_2);
 * }</pre>
 */
public record Purpose(String code, String text, LegalBasis legalBasis) {

  /**
   * Requires a token-form code of at most 64 characters, a text of 1 to 500 characters and a legal
   * basis.
   */
  public Purpose {
    Checks.token("purpose code", code, 64);
    ConsentValues.text("purpose text", text, 500);
    Checks.notNull("purpose legal basis", legalBasis);
  }
}
