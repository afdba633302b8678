package org.mydatakit.status;

import java.net.URI;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.mydatakit.keys.VerificationKeySet;
import org.mydatakit.keys.VerificationKeySource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The broker keys {@link StatusLists} verifies with: a fixed set, or a source it follows — the
 * source's current set is adopted when it changes, and a list naming an unknown kid gets one
 * (rate-limited) refresh. Thread-safe.
 */
final class StatusListKeys {
  private static final Logger LOG = LoggerFactory.getLogger(StatusLists.class);

  /** The verifier in use and the key set it was made for (compared by identity). */
  private record Keys(VerificationKeySet set, StatusListVerifier verifier) {}

  private final VerificationKeySource keySource;
  private final AtomicReference<Keys> keys;

  StatusListKeys(
      VerificationKeySet initial, VerificationKeySource keySource, StatusListVerifier verifier) {
    this.keySource = keySource;
    this.keys = new AtomicReference<>(new Keys(initial, verifier));
  }

  /** Verifies with the keys in use; a list naming an unknown kid gets one refresh of the keys. */
  StatusListVerifier.Keyed verify(String token, URI uri) throws StatusListException {
    try {
      return verifier().verifyKeyed(token, uri);
    } catch (StatusListException e) {
      if (e.reason() != StatusListException.Reason.UNKNOWN_KEY || keySource == null) {
        throw e;
      }
      Optional<VerificationKeySet> fresh;
      try {
        fresh = keySource.refresh();
      } catch (RuntimeException failed) {
        LOG.warn("key refresh failed with {}", failed.getClass().getName());
        throw e;
      }
      if (fresh.isEmpty()) {
        throw e;
      }
      return adopt(fresh.get()).verifyKeyed(token, uri);
    }
  }

  /** The verifier for the source's current keys, made again only when the set changes. */
  StatusListVerifier verifier() {
    Keys held = keys.get();
    if (keySource == null) {
      return held.verifier();
    }
    VerificationKeySet set;
    try {
      set = keySource.current();
    } catch (RuntimeException e) {
      LOG.warn("key source failed with {}; keeping the keys in use", e.getClass().getName());
      return held.verifier();
    }
    return set == null || set == held.set() ? held.verifier() : adopt(set);
  }

  private StatusListVerifier adopt(VerificationKeySet set) {
    Keys fresh = new Keys(set, keys.get().verifier().withKeys(set));
    keys.set(fresh);
    return fresh.verifier();
  }
}
