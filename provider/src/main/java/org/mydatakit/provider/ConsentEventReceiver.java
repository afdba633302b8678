package org.mydatakit.provider;

import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.mydatakit.consent.AgencyId;
import org.mydatakit.consent.ConsentId;
import org.mydatakit.events.PushAnswer;
import org.mydatakit.events.SecurityEventInbox;
import org.mydatakit.events.SeenEvents;
import org.mydatakit.grant.Grant;
import org.mydatakit.grant.InvalidGrantException;
import org.mydatakit.keys.VerificationKeySet;
import org.mydatakit.keys.VerificationKeySource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A provider agency's receiver of the broker's pushed consent events (RFC 8935): it verifies each
 * SET (the broker's keys and issuer, this agency as audience), handles each {@code jti} once, and
 * makes the {@link ProviderGate} it is attached to refuse a consent's grants at once — before the
 * status list's ttl has passed — when the consent is revoked, expired or superseded ({@code 403
 * REVOKED}, the reason a revoked status gets) or paused ({@code 403 SUSPENDED}, as a suspended
 * status). {@code consent-resumed} lifts a pause.
 *
 * <pre>{@code
 * ConsentEventReceiver events = ConsentEventReceiver.builder()
 *     .trustedIssuer("https://broker.example", HttpJwksSource.of(http, jwksUri))
 *     .audience(AgencyId.of("NTS"))
 *     .build();
 * ProviderGate gate = ProviderGate.builder()...consentEvents(events).build();
 * server.createContext("/mydata/events", ConsentEventHandler.of(events));   // or ConsentEventServlet
 * }</pre>
 *
 * <p>Order: a pause or a resume is applied by the consent's version in its {@code txn}, so an older
 * one that arrives after a newer change has no effect; an ending applies whatever its version and
 * the consent stays refused (nothing follows an ending), so the outcome does not depend on the
 * order of arrival. Events only ever refuse sooner: a resumed consent is admitted again only once
 * the status list agrees. A refusal is held for {@code holdFor} (default 1 hour: by then every
 * grant issued before it has expired and the status list says the same); at most {@code capacity}
 * consents are held (default 100,000), beyond which a new event is answered {@code 503} until room
 * frees up. Other event types ({@code consent-approved}, {@code retention-ended}, {@code
 * delivery-confirmed}) are acknowledged without effect.
 *
 * <p>The held state is this node's own: with several nodes, deliver the events to each of them (or
 * give each its own endpoint), and share the {@code jti}s with {@link Builder#seenEvents} only if
 * the nodes share the held state too. Thread-safe. Logs name the event type and the answer, never
 * the token, a subject or a consent id.
 */
public final class ConsentEventReceiver implements RefusedConsents {
  private static final Logger LOG = LoggerFactory.getLogger(ConsentEventReceiver.class);

  private final SecurityEventInbox inbox;
  private final ConsentHolds holds;
  private final Clock clock;

  private ConsentEventReceiver(SecurityEventInbox inbox, ConsentHolds holds, Clock clock) {
    this.inbox = inbox;
    this.holds = holds;
    this.clock = clock;
  }

  /** Starts configuring a receiver; the issuer, its keys and the audience are required. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Receives one pushed SET: {@code body} is the request's body, {@code contentType} its {@code
   * Content-Type}. Never throws; the answer says what to respond.
   */
  public PushAnswer receive(String contentType, byte[] body) {
    return inbox.receive("POST", contentType, body, this::apply);
  }

  /**
   * Receives one request as an HTTP adapter has it, reading at most {@link
   * SecurityEventInbox#MAX_BODY_BYTES} bytes of {@code body}.
   *
   * @throws IOException if reading the body fails
   */
  public PushAnswer receive(String method, String contentType, InputStream body)
      throws IOException {
    return inbox.receive(method, contentType, body, this::apply);
  }

  private void apply(SecurityEventInbox.Received received) {
    var event = received.event();
    if (!ConsentHolds.affectsGate(event.type())) {
      LOG.info("{}: no effect on the gate", event.type());
      return;
    }
    boolean applied =
        holds.apply(event.consentId(), event.type(), received.version(), clock.instant());
    LOG.info("{}: {}", event.type(), applied ? "applied" : "older than the change held, ignored");
  }

  /** Why grants of {@code consentId} are refused, as the events received so far say. */
  @Override
  public Optional<InvalidGrantException.Reason> refusal(ConsentId consentId) {
    return holds.refusal(Objects.requireNonNull(consentId, "consent id"), clock.instant());
  }

  @Override
  public String toString() {
    return "ConsentEventReceiver[" + inbox.audience() + ", " + holds.size() + " held]";
  }

  /** Configures a {@link ConsentEventReceiver}; validated at {@link #build()}. */
  public static final class Builder {
    private final SecurityEventInbox.Builder inbox = SecurityEventInbox.builder();
    private Duration holdFor = Duration.ofHours(1);
    private int capacity = 100_000;
    private Clock clock = Clock.systemUTC();

    private Builder() {}

    /** The broker whose events are trusted, with a fixed key set. */
    public Builder trustedIssuer(String issuer, VerificationKeySet keys) {
      inbox.trustedIssuer(issuer, keys);
      return this;
    }

    /** The broker whose events are trusted, with keys that follow its rotation. */
    public Builder trustedIssuer(String issuer, VerificationKeySource keys) {
      inbox.trustedIssuer(issuer, keys);
      return this;
    }

    /** This agency: events must name it as {@code aud}. */
    public Builder audience(AgencyId self) {
      inbox.audience(self);
      return this;
    }

    /**
     * Where handled {@code jti}s are remembered; default in memory ({@link SeenEvents#inMemory
     * SeenEvents.inMemory(100_000)}).
     */
    public Builder seenEvents(SeenEvents seen) {
      inbox.seenEvents(seen);
      return this;
    }

    /** How long a handled {@code jti} is remembered: 1 minute to 30 days, default 24 hours. */
    public Builder retention(Duration retention) {
      inbox.retention(retention);
      return this;
    }

    /**
     * How long an event's refusal is held: at least the grants' maximum lifetime (10 minutes) and
     * longer than the status list's ttl, at most 7 days; default 1 hour.
     */
    public Builder holdFor(Duration holdFor) {
      this.holdFor = Objects.requireNonNull(holdFor, "hold for");
      return this;
    }

    /** The most consents held at once, at least 1; default 100,000. */
    public Builder capacity(int capacity) {
      this.capacity = capacity;
      return this;
    }

    /** The clock; default the system UTC clock. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      inbox.clock(clock);
      return this;
    }

    /**
     * Validates and builds; with a key source, its current keys are read now.
     *
     * @throws IllegalStateException naming what is missing or out of range
     */
    public ConsentEventReceiver build() {
      if (holdFor.compareTo(Grant.MAX_LIFETIME) < 0 || holdFor.compareTo(Duration.ofDays(7)) > 0) {
        throw new IllegalStateException(
            "consent event receiver: expected holdFor of 10 minutes to 7 days, got " + holdFor);
      }
      if (capacity < 1) {
        throw new IllegalStateException(
            "consent event receiver: expected a capacity >= 1, got " + capacity);
      }
      return new ConsentEventReceiver(inbox.build(), new ConsentHolds(holdFor, capacity), clock);
    }
  }
}
