package org.mydatakit.provider;

import java.time.Duration;

/** The checks the Redis ledger and cache builders share. */
final class RedisSettings {
  private RedisSettings() {}

  static Duration timeout(String name, Duration timeout) {
    if (timeout.compareTo(Duration.ofMillis(10)) < 0
        || timeout.compareTo(Duration.ofMinutes(1)) > 0) {
      throw new IllegalStateException(
          name + ": expected a timeout of PT0.01S to PT1M, got " + timeout);
    }
    return timeout;
  }

  static String prefix(String name, String prefix) {
    if (prefix.isEmpty()
        || prefix.length() > 100
        || !prefix.chars().allMatch(c -> c > 32 && c < 127)) {
      throw new IllegalStateException(
          name + ": expected a key prefix of 1 to 100 printable ascii characters without spaces");
    }
    return prefix;
  }
}
