package org.mydatakit.testkit.internal;

import java.time.Instant;

/** Response bodies that look like the profile's 200 body but must not be accepted by a client. */
final class BrokenBodies {
  private BrokenBodies() {}

  /** The body for {@code kind}, or, if {@code kind} is null, a valid body of {@code size} bytes. */
  static String of(String kind, int size, String item, Instant now) {
    String head = "{\"item\":\"" + item + "\",\"subject\":\"unverified\",\"issuedAt\":\"" + now;
    if ("MALFORMED_JSON".equals(kind)) {
      // cut off in the middle of the data object
      return head + "\",\"data\":{\"qualificationType\":\"직장가입자\",\"acquiredOn\":";
    }
    if ("DUPLICATE_KEY_JSON".equals(kind)) {
      // a lenient parser keeps one of the two values: which one is undefined
      return head + "\",\"data\":{\"totalSalary\":1000},\"data\":{\"totalSalary\":9999999}}";
    }
    String prefix = head + "\",\"data\":{\"padding\":\"";
    String suffix = "\"}}";
    int padding = Math.max(0, size - prefix.length() - suffix.length());
    StringBuilder body = new StringBuilder(prefix.length() + padding + suffix.length());
    body.append(prefix);
    body.append("x".repeat(padding));
    return body.append(suffix).toString();
  }
}
