package org.mydatakit.grant;

import org.mydatakit.internal.JwsException;

/** Turns a failed envelope check into the grant reason it stands for. */
final class Envelopes {
  private Envelopes() {}

  static InvalidGrantException rejection(JwsException e) {
    return new InvalidGrantException(reason(e.fault()));
  }

  static InvalidGrantException.Reason reason(JwsException.Fault fault) {
    return switch (fault) {
      case TOO_LARGE -> InvalidGrantException.Reason.TOO_LARGE;
      case MALFORMED -> InvalidGrantException.Reason.MALFORMED;
      case FORBIDDEN_HEADER -> InvalidGrantException.Reason.FORBIDDEN_HEADER;
      case ALGORITHM_NOT_ALLOWED -> InvalidGrantException.Reason.ALGORITHM_NOT_ALLOWED;
      case WRONG_TYPE -> InvalidGrantException.Reason.WRONG_TYPE;
      case UNKNOWN_KEY -> InvalidGrantException.Reason.UNKNOWN_KEY;
      case ALGORITHM_MISMATCH -> InvalidGrantException.Reason.ALGORITHM_MISMATCH;
      case BAD_SIGNATURE -> InvalidGrantException.Reason.BAD_SIGNATURE;
    };
  }
}
