package org.mydatakit.grant;

import java.time.Duration;

/** The range check every verifier builder runs on its durations at {@code build()}. */
final class Ranges {
  private Ranges() {}

  /** Rejects, never clamps: a value out of range is a configuration mistake. */
  static void require(String what, Duration value, Duration min, Duration max) {
    if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
      throw new IllegalStateException(what + ": expected " + min + " to " + max + ", got " + value);
    }
  }
}
