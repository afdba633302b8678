package org.mydatakit.server;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.AppenderBase;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * Scans every log event of the test JVM, from the Spring context's start on, for what must never be
 * logged: a JOSE token ({@code eyJ}), a signed-note private key ({@code PRIVATE+KEY}) or a
 * fictional citizen identifier ({@code FAKE-CI}). Keeps the logger names of offending events only.
 */
public final class LeakScanningAppender extends AppenderBase<ILoggingEvent> {
  static final Pattern FORBIDDEN = Pattern.compile("eyJ|PRIVATE\\+KEY|FAKE-CI");

  private static final AtomicLong SEEN = new AtomicLong();
  private static final List<String> LEAKS = new ArrayList<>();

  @Override
  protected void append(ILoggingEvent event) {
    SEEN.incrementAndGet();
    String text = event.getFormattedMessage();
    if (event.getThrowableProxy() != null) {
      text += "\n" + ThrowableProxyUtil.asString(event.getThrowableProxy());
    }
    if (FORBIDDEN.matcher(text).find()) {
      synchronized (LEAKS) {
        LEAKS.add(event.getLoggerName());
      }
    }
  }

  /** How many events were scanned. */
  static long seen() {
    return SEEN.get();
  }

  /** The loggers of the events that carried something forbidden. */
  static List<String> leaks() {
    synchronized (LEAKS) {
      return List.copyOf(LEAKS);
    }
  }
}
