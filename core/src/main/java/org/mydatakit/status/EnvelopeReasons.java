package org.mydatakit.status;

import org.mydatakit.internal.JwsException;
import org.mydatakit.status.StatusListException.Reason;

/** Maps the shared envelope check's faults onto status list reasons. */
final class EnvelopeReasons {
  private EnvelopeReasons() {}

  static Reason of(JwsException.Fault fault) {
    return switch (fault) {
      case TOO_LARGE -> Reason.TOO_LARGE;
      case FORBIDDEN_HEADER -> Reason.FORBIDDEN_HEADER;
      case ALGORITHM_NOT_ALLOWED, ALGORITHM_MISMATCH -> Reason.ALGORITHM_NOT_ALLOWED;
      case WRONG_TYPE -> Reason.WRONG_TYPE;
      case UNKNOWN_KEY -> Reason.UNKNOWN_KEY;
      case BAD_SIGNATURE -> Reason.BAD_SIGNATURE;
      case MALFORMED -> Reason.MALFORMED;
    };
  }
}
