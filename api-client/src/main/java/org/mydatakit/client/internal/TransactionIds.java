package org.mydatakit.client.internal;

import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.atomic.AtomicLong;
import org.mydatakit.consent.AgencyId;

/**
 * Transaction ids (거래고유번호) in the form {@code <consumer><yyyyMMdd><12-digit sequence>}: the
 * consumer's agency id without its non-alphanumeric characters, today's date in Korea, and a
 * sequence shared by every client in this JVM so that two clients never hand out the same id. The
 * sequence starts at the JVM's start time (milliseconds of the day × 1,000), so a restarted
 * consumer does not hand out the ids of its previous run again (unless it sent more than 1,000
 * requests per millisecond it ran). Several consumer nodes need a node prefix on top.
 */
public final class TransactionIds {
  static final ZoneId KOREA = ZoneId.of("Asia/Seoul");
  private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyyMMdd");
  private static final long MODULUS = 1_000_000_000_000L;
  private static final int DIGITS = 12;
  private static final AtomicLong SEQUENCE =
      new AtomicLong(LocalTime.now(KOREA).toNanoOfDay() / 1_000_000 * 1_000 % MODULUS);

  /** One day's date text, kept so that only the first id of a day formats a date. */
  private record Day(long epochDay, String text) {}

  private final String prefix;
  private final Clock clock;
  private volatile Day day = new Day(Long.MIN_VALUE, "");

  public TransactionIds(AgencyId consumer, Clock clock) {
    this.prefix = consumer.value().replaceAll("[^A-Za-z0-9]", "");
    this.clock = clock;
    if (prefix.isEmpty()) {
      throw new IllegalStateException("consumer: expected an agency id with letters or digits");
    }
  }

  /** A new id; never the same twice in this JVM until 10^12 ids have been handed out. */
  public String next() {
    long n = SEQUENCE.updateAndGet(v -> v + 1 >= MODULUS ? 1 : v + 1);
    String sequence = Long.toString(n);
    StringBuilder id =
        new StringBuilder(prefix.length() + 8 + DIGITS).append(prefix).append(today());
    for (int i = sequence.length(); i < DIGITS; i++) {
      id.append('0');
    }
    return id.append(sequence).toString();
  }

  private String today() {
    long epochDay = LocalDate.ofInstant(clock.instant(), KOREA).toEpochDay();
    Day d = day;
    if (d.epochDay() != epochDay) {
      d = new Day(epochDay, DAY.format(LocalDate.ofEpochDay(epochDay)));
      day = d;
    }
    return d.text();
  }
}
