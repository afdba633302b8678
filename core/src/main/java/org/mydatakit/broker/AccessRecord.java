package org.mydatakit.broker;

import java.time.Instant;
import org.mydatakit.consent.AgencyId;
import org.mydatakit.consent.ConsentId;

/** One line of a citizen's access history (제공 이력): a grant issued or a fetch made. */
public sealed interface AccessRecord permits GrantRecord, FetchRecord {
  /** When it happened. */
  Instant at();

  /** The consent it happened under. */
  ConsentId consentId();

  /** The provider agency concerned. */
  AgencyId provider();

  /** The grant concerned. */
  String grantId();
}
