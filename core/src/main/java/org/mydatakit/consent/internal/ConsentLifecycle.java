package org.mydatakit.consent.internal;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.UndeclaredThrowableException;
import java.time.Instant;
import org.mydatakit.consent.AuthenticationEvidence;
import org.mydatakit.consent.Consent;
import org.mydatakit.consent.RevokedBy;
import org.mydatakit.internal.Checks;

/**
 * Internal, not an API: applies {@link Consent}'s lifecycle transitions, which are package-private
 * so that no application can move a consent out of REQUESTED by itself (and then have a grant
 * signed for it, past the broker's checks and budgets). Used by the broker ({@code
 * org.mydatakit.broker}) and by the published store test kit ({@code org.mydatakit.store.tck}); an
 * ArchUnit rule fails the build if anything else uses it. Applications get lifecycle changes only
 * through {@code ConsentBroker}.
 *
 * <p>Each method does exactly what the transition of the same name on {@code Consent} does, with
 * the consent as first argument, and throws what it throws, unchanged: {@link
 * org.mydatakit.consent.ConsentStateException} for a step the lifecycle does not allow, {@link
 * IllegalArgumentException} for an invalid argument.
 *
 * <p>The {@code consent} package must not depend on this one (the package graph stays one-way), so
 * the transitions are reached through method handles found once, with a private lookup into {@code
 * Consent}, and kept in {@code static final} fields, where the JIT inlines them like direct calls.
 * Thread-safe.
 */
public final class ConsentLifecycle {
  private static final MethodHandle APPROVE;
  private static final MethodHandle REJECT;
  private static final MethodHandle EXPIRE;
  private static final MethodHandle PAUSE;
  private static final MethodHandle RESUME;
  private static final MethodHandle REVOKE;
  private static final MethodHandle SUPERSEDE;

  static {
    try {
      MethodHandles.Lookup consent =
          MethodHandles.privateLookupIn(Consent.class, MethodHandles.lookup());
      APPROVE =
          transition(consent, "approve", Instant.class, AuthenticationEvidence.class, long.class);
      REJECT = transition(consent, "reject", Instant.class, String.class);
      EXPIRE = transition(consent, "expire", Instant.class);
      PAUSE = transition(consent, "pause", Instant.class);
      RESUME = transition(consent, "resume", Instant.class);
      REVOKE = transition(consent, "revoke", Instant.class, RevokedBy.class, String.class);
      SUPERSEDE = transition(consent, "supersede", Instant.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private ConsentLifecycle() {}

  private static MethodHandle transition(
      MethodHandles.Lookup lookup, String name, Class<?>... parameters)
      throws ReflectiveOperationException {
    return lookup.findVirtual(
        Consent.class, name, MethodType.methodType(Consent.class, parameters));
  }

  /**
   * REQUESTED → ACTIVE: the citizen approved, authenticated as {@code evidence} says (at or before
   * {@code at}); {@code statusIndex} is the consent's slot in the broker's status list.
   */
  public static Consent approve(
      Consent consent, Instant at, AuthenticationEvidence evidence, long statusIndex) {
    Checks.notNull("consent", consent);
    try {
      return (Consent) APPROVE.invokeExact(consent, at, evidence, statusIndex);
    } catch (Throwable t) {
      throw unchecked(t);
    }
  }

  /** REQUESTED → REJECTED, for {@code reason} (1 to 500 characters). */
  public static Consent reject(Consent consent, Instant at, String reason) {
    Checks.notNull("consent", consent);
    try {
      return (Consent) REJECT.invokeExact(consent, at, reason);
    } catch (Throwable t) {
      throw unchecked(t);
    }
  }

  /**
   * REQUESTED → EXPIRED, or ACTIVE → EXPIRED once {@code at} is at or after the consent's {@code
   * validUntil}.
   */
  public static Consent expire(Consent consent, Instant at) {
    Checks.notNull("consent", consent);
    try {
      return (Consent) EXPIRE.invokeExact(consent, at);
    } catch (Throwable t) {
      throw unchecked(t);
    }
  }

  /** ACTIVE → PAUSED. */
  public static Consent pause(Consent consent, Instant at) {
    Checks.notNull("consent", consent);
    try {
      return (Consent) PAUSE.invokeExact(consent, at);
    } catch (Throwable t) {
      throw unchecked(t);
    }
  }

  /** PAUSED → ACTIVE. */
  public static Consent resume(Consent consent, Instant at) {
    Checks.notNull("consent", consent);
    try {
      return (Consent) RESUME.invokeExact(consent, at);
    } catch (Throwable t) {
      throw unchecked(t);
    }
  }

  /** ACTIVE or PAUSED → REVOKED, by {@code by}, for {@code reason} (1 to 500 characters). */
  public static Consent revoke(Consent consent, Instant at, RevokedBy by, String reason) {
    Checks.notNull("consent", consent);
    try {
      return (Consent) REVOKE.invokeExact(consent, at, by, reason);
    } catch (Throwable t) {
      throw unchecked(t);
    }
  }

  /** ACTIVE → SUPERSEDED: an approved amendment replaces the consent. */
  public static Consent supersede(Consent consent, Instant at) {
    Checks.notNull("consent", consent);
    try {
      return (Consent) SUPERSEDE.invokeExact(consent, at);
    } catch (Throwable t) {
      throw unchecked(t);
    }
  }

  /**
   * The target's unchecked exception or error, to rethrow as it is; the transitions declare no
   * checked exception, so anything else cannot happen and is wrapped rather than lost.
   */
  private static RuntimeException unchecked(Throwable t) {
    if (t instanceof RuntimeException e) {
      return e;
    }
    if (t instanceof Error e) {
      throw e;
    }
    return new UndeclaredThrowableException(t);
  }
}
