package org.mydatakit.testing;

import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails any test during which a log line carried something that must never be logged: a JOSE token
 * or part of one ({@code eyJ…}), a fictional citizen identifier ({@code FAKE-CI…}), a 43-character
 * base64url value (the shape of a pseudonymous subject), a signed-note private key ({@code
 * PRIVATE+KEY…}) or a log entry's proof file ({@code c2sp.org/tlog-proof}, which holds the entry
 * and its salt). Registered for every test through {@code junit-platform.properties}.
 */
public final class LogLeakGuard implements BeforeEachCallback, AfterEachCallback {
  static final Pattern FORBIDDEN =
      Pattern.compile(
          "eyJ|FAKE-CI|PRIVATE\\+KEY|tlog-proof|(?<![A-Za-z0-9_-])[A-Za-z0-9_-]{43}(?![A-Za-z0-9_-])");

  /** The display name of the test the guard is watching, for a test that the guard is on. */
  static volatile String watching;

  @Override
  public void beforeEach(ExtensionContext context) {
    CapturingAppender.drain();
    watching = context.getDisplayName();
  }

  @Override
  public void afterEach(ExtensionContext context) {
    List<String> events = CapturingAppender.drain();
    for (String event : events) {
      if (FORBIDDEN.matcher(event).find()) {
        throw new AssertionError(
            "a log line carried a token, identifier or subject during "
                + context.getDisplayName()
                + " (logger and length only: "
                + event.substring(0, Math.max(0, event.indexOf(':')))
                + ", "
                + event.length()
                + " chars)");
      }
    }
  }
}
