package org.mydatakit.testkit;

import org.mydatakit.consent.AgencyId;
import org.mydatakit.consent.DataItem;
import org.mydatakit.consent.ItemCode;

/** Agencies and items of the samples, as typed values. */
final class Fixtures {
  static final AgencyId CONSUMER = AgencyId.of("KB-BANK");
  static final AgencyId NHIS = AgencyId.of("NHIS");
  static final AgencyId NTS = AgencyId.of("NTS");
  static final AgencyId MOIS = AgencyId.of("MOIS");
  static final AgencyId SEOUL_JUNGGU = AgencyId.of("SEOUL-JUNGGU");
  static final ItemCode QUALIFICATION = ItemCode.of("nhis.qualification");
  static final ItemCode INCOME = ItemCode.of("nts.income-certificate");
  static final ItemCode RESIDENT_ABSTRACT = ItemCode.of("mois.resident-abstract");
  static final ItemCode TAX_PAYMENT = ItemCode.of("local.tax-payment");
  static final DataItem NHIS_QUALIFICATION = DataItem.of(NHIS, QUALIFICATION);
  static final DataItem NTS_INCOME = DataItem.of(NTS, INCOME);

  private Fixtures() {}
}
