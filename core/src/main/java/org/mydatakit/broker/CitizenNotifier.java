package org.mydatakit.broker;

/**
 * Tells a citizen what happened to her consent: called by the {@link ConsentBroker} after each
 * decision (approved, rejected, paused, resumed, revoked, expired, superseded), each delivery a
 * provider confirmed, and each erasure a consumer attested — after the change is committed, on the
 * caller's thread. A notifier must be quick and must not throw; if it throws, the broker logs the
 * failure (without the notice's content) and the decision stands. Delivery to the citizen is at
 * most once: a notifier that must not lose a notice keeps it durably first (the broker server keeps
 * an inbox in its database).
 *
 * <pre>{@code
 * ConsentBroker broker = ConsentBroker.builder()
 *     ...
 *     .citizenNotifier(notice -> inbox.add(notice.citizen(), notice))
 *     .build();
 * }</pre>
 */
@FunctionalInterface
public interface CitizenNotifier {
  /** Tells the citizen {@code notice.citizen()} what happened. */
  void notify(CitizenNotice notice);

  /** A notifier that tells no one. */
  static CitizenNotifier none() {
    return notice -> {};
  }
}
