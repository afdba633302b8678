package org.mydatakit.audit;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.mydatakit.consent.ConsentId;

/** Chains of made-up events about made-up consents. */
final class AuditFixtures {
  static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
  static final ConsentId CONSENT = ConsentId.parse("019b76d1-8040-7c4e-9a2b-5d6f8e1a3c70");
  static final ConsentId OTHER = ConsentId.parse("019e807a-ec00-7d21-8f3e-0a9b1c2d3e4f");
  private static final AuditEventType[] TYPES = AuditEventType.values();
  private static final String[] ACTORS = {
    "citizen", "consumer:KB-BANK", "provider:NHIS", "system", "operator:ops-1"
  };

  private AuditFixtures() {}

  /** The event numbered {@code i}: every event has at least one detail. */
  static AuditEvent event(long i) {
    return AuditEvent.of(
        START.plusMillis(i * 1_001),
        TYPES[(int) (i % TYPES.length)],
        i % 3 == 0 ? OTHER : CONSENT,
        ACTORS[(int) (i % ACTORS.length)],
        i % 2 == 0
            ? Map.of("provider", "NHIS", "txId", "tx-" + i)
            : Map.of("grantId", "g" + Long.toHexString(i * 7919)));
  }

  /** A chain of {@code n} entries. */
  static List<AuditEntry> chain(int n) {
    List<AuditEntry> entries = new ArrayList<>(n);
    AuditEntry entry = AuditEntry.first(event(1));
    entries.add(entry);
    for (int i = 2; i <= n; i++) {
      entry = entry.next(event(i));
      entries.add(entry);
    }
    return entries;
  }

  /** A chain of {@code n} entries made while it is iterated, never held in memory. */
  static Iterable<AuditEntry> lazyChain(long n) {
    return () ->
        new Iterator<>() {
          private AuditEntry last;

          @Override
          public boolean hasNext() {
            return last == null ? n > 0 : last.sequence() < n;
          }

          @Override
          public AuditEntry next() {
            if (!hasNext()) {
              throw new NoSuchElementException();
            }
            last =
                last == null ? AuditEntry.first(event(1)) : last.next(event(last.sequence() + 1));
            return last;
          }
        };
  }
}
