package org.mydatakit.consent;

import org.mydatakit.internal.Checks;

/**
 * The provision of law that lets a citizen ask for the transfer: a short code and the text shown to
 * the citizen.
 *
 * <pre>{@code
 * LegalBasis basis = LegalBasis.PIPA_35_2;
 * LegalBasis local = new LegalBasis("seoul-ordinance-12", "서울특별시 조례 제12조");
 * }</pre>
 */
public record LegalBasis(String code, String text) {
  /** 전자정부법 제43조의2: the right to have one's administrative records sent. */
  public static final LegalBasis EGOVERNMENT_ACT_43_2 =
      new LegalBasis("egovernment-act-43-2", "전자정부법 제43조의2 (정보주체 본인에 관한 행정정보의 제공요구권)");

  /** 개인정보 보호법 제35조의2: the right to data portability. */
  public static final LegalBasis PIPA_35_2 =
      new LegalBasis("pipa-35-2", "개인정보 보호법 제35조의2 (개인정보의 전송 요구)");

  /** 신용정보법 제33조의2: the right to have personal credit information sent. */
  public static final LegalBasis CREDIT_INFORMATION_ACT_33_2 =
      new LegalBasis("credit-information-act-33-2", "신용정보의 이용 및 보호에 관한 법률 제33조의2 (개인신용정보의 전송요구)");

  /** Requires a token-form code of at most 64 characters and a text of 1 to 500 characters. */
  public LegalBasis {
    Checks.token("legal basis code", code, 64);
    ConsentValues.text("legal basis text", text, 500);
  }
}
