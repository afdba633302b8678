package org.mydatakit.client.internal;

import java.time.Clock;
import java.time.LocalDate;
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
  private static final AtomicLong SEQUENCE =
      new AtomicLong(java.time.LocalTime.now(KOREA).toNanoOfDay() / 1_000_000 * 1_000 % MODULUS);

  private final String prefix;
  private final Clock clock;

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
    return prefix + DAY.format(LocalDate.now(clock.withZone(KOREA))) + String.format("%012d", n);
  }
}
