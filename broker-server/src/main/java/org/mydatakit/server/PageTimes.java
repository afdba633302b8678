package org.mydatakit.server;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import org.springframework.stereotype.Component;

/** Times on the citizen's pages, in Korea's time zone, to the minute: {@code ${@times.at(t)}}. */
@Component("times")
class PageTimes {
  private static final DateTimeFormatter MINUTE =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneId.of("Asia/Seoul"));
  private static final DateTimeFormatter DAY =
      DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneId.of("Asia/Seoul"));

  /** {@code at} as {@code 2026-12-08 02:35} (KST). */
  public String at(Instant at) {
    return at == null ? "" : MINUTE.format(at);
  }

  /** {@code at}'s day in Korea, {@code 2026-12-08}. */
  public String day(Instant at) {
    return at == null ? "" : DAY.format(at);
  }
}
