package org.mydatakit.testing;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.AppenderBase;
import java.util.ArrayList;
import java.util.List;

/** Keeps the text of every log event (message and stack trace) until drained. */
public final class CapturingAppender extends AppenderBase<ILoggingEvent> {
  private static final List<String> EVENTS = new ArrayList<>();

  @Override
  protected void append(ILoggingEvent event) {
    String text = event.getFormattedMessage();
    if (event.getThrowableProxy() != null) {
      text += "\n" + ThrowableProxyUtil.asString(event.getThrowableProxy());
    }
    synchronized (EVENTS) {
      EVENTS.add(event.getLoggerName() + ": " + text);
    }
  }

  /** Returns and forgets everything captured so far. */
  public static List<String> drain() {
    synchronized (EVENTS) {
      List<String> copy = new ArrayList<>(EVENTS);
      EVENTS.clear();
      return copy;
    }
  }
}
