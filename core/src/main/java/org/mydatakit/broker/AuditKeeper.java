package org.mydatakit.broker;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.mydatakit.audit.AuditChain;
import org.mydatakit.audit.AuditCheckpoint;
import org.mydatakit.audit.AuditEntry;
import org.mydatakit.audit.AuditVerification;
import org.mydatakit.audit.InvalidCheckpointException;
import org.mydatakit.keys.SigningKeySet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Signs audit checkpoints (on demand and every N entries) and reads the log back in pages. */
final class AuditKeeper {
  private static final Logger LOG = LoggerFactory.getLogger(AuditKeeper.class);

  private final ConsentStore store;
  private final SigningKeySet keys;
  private final String issuer;
  private final Clock clock;
  private final int every;
  private final AtomicLong lastCheckpoint = new AtomicLong(-1);

  AuditKeeper(ConsentStore store, SigningKeySet keys, String issuer, Clock clock, int every) {
    this.store = store;
    this.keys = keys;
    this.issuer = issuer;
    this.clock = clock;
    this.every = every;
  }

  AuditCheckpoint checkpoint() {
    return checkpoint(
        store.auditHead().orElseThrow(() -> new IllegalStateException("audit log is empty")));
  }

  private AuditCheckpoint checkpoint(AuditEntry head) {
    AuditCheckpoint checkpoint = AuditCheckpoint.sign(keys, issuer, head, clock.instant());
    store.saveCheckpoint(head.sequence(), checkpoint.token());
    lastCheckpoint.accumulateAndGet(head.sequence(), Math::max);
    return checkpoint;
  }

  /**
   * After a write: a checkpoint if {@code every} entries passed since the last one, from the head
   * the write returned (nothing is read back). Never fails the write that came before it: a
   * checkpoint that cannot be taken now is taken after a later write.
   */
  void afterWrite(ConsentStore.Written<?> written) {
    if (every == 0 || written.head().isEmpty()) {
      return;
    }
    try {
      checkpointIfDue(written.head().get());
    } catch (RuntimeException e) {
      LOG.warn("audit checkpoint postponed: {}", e.getClass().getName());
    }
  }

  private void checkpointIfDue(AuditEntry head) {
    if (lastCheckpoint.get() < 0) {
      List<String> kept = store.checkpoints(); // once per broker: where the last one was
      long last = 0;
      if (!kept.isEmpty()) {
        try {
          last =
              AuditCheckpoint.verify(kept.get(kept.size() - 1), keys.verificationKeys(), issuer)
                  .sequence();
        } catch (InvalidCheckpointException e) {
          last = 0; // an unreadable checkpoint: take a fresh one
        }
      }
      lastCheckpoint.compareAndSet(-1, last);
    }
    if (head.sequence() - lastCheckpoint.get() >= every) {
      checkpoint(head);
    }
  }

  /** The whole log, oldest first, read lazily in pages. */
  Iterable<AuditEntry> log() {
    return store.auditLog();
  }

  /**
   * Verifies the chain, and every kept checkpoint that verifies against it. A kept checkpoint that
   * does not verify proves nothing either way: it is skipped, with a warning.
   */
  AuditVerification verify() {
    List<AuditCheckpoint> checkpoints = new ArrayList<>();
    for (String token : store.checkpoints()) {
      try {
        checkpoints.add(AuditCheckpoint.verify(token, keys.verificationKeys(), issuer));
      } catch (InvalidCheckpointException e) {
        LOG.warn(
            "a kept audit checkpoint does not verify ({}); skipped", e.getClass().getSimpleName());
      }
    }
    return AuditChain.verify(log(), checkpoints);
  }
}
