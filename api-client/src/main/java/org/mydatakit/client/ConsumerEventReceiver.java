package org.mydatakit.client;

import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import org.mydatakit.consent.AgencyId;
import org.mydatakit.events.ConsentEvent;
import org.mydatakit.events.PushAnswer;
import org.mydatakit.events.SecurityEventInbox;
import org.mydatakit.events.SeenEvents;
import org.mydatakit.keys.VerificationKeySet;
import org.mydatakit.keys.VerificationKeySource;

/**
 * A consumer agency's receiver of the broker's pushed consent events (RFC 8935): it verifies each
 * SET (the broker's keys and issuer, this consumer as audience), calls the {@link
 * ConsumerEventListener} once per {@code jti}, and answers the broker.
 *
 * <pre>{@code
 * ConsumerEventReceiver events = ConsumerEventReceiver.builder()
 *     .trustedIssuer("https://broker.example", brokerKeys)
 *     .audience(AgencyId.of("KB-BANK"))
 *     .listener(listener)
 *     .build();
 * server.createContext("/mydata/consumer-events", ConsumerEventHandler.of(events)); // or the Servlet
 * }</pre>
 *
 * <p>Answers: {@code 202} once the listener returned (and for the same SET again, without calling
 * it again); {@code 400} with {@code {"err", "description"}} for a SET refused ({@code
 * invalid_request}, {@code invalid_key}, {@code invalid_issuer}, {@code invalid_audience}; another
 * token under a {@code jti} already handled is {@code invalid_request}); {@code 503} when the
 * listener threw — the event is not acknowledged and not marked seen, so the broker sends it again
 * — or the seen-events store failed; {@code 405} for a method other than {@code POST}. Thread-safe.
 * Logs name the event type and the answer, never the token or a consent id.
 */
public final class ConsumerEventReceiver {
  private final SecurityEventInbox inbox;
  private final ConsumerEventListener listener;

  private ConsumerEventReceiver(SecurityEventInbox inbox, ConsumerEventListener listener) {
    this.inbox = inbox;
    this.listener = listener;
  }

  /**
   * Starts configuring a receiver; the issuer, its keys, the audience and a listener are required.
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Receives one pushed SET: {@code body} is the request's body, {@code contentType} its {@code
   * Content-Type}. Never throws; the answer says what to respond.
   */
  public PushAnswer receive(String contentType, byte[] body) {
    return inbox.receive("POST", contentType, body, this::deliver);
  }

  /**
   * Receives one request as an HTTP adapter has it, reading at most {@link
   * SecurityEventInbox#MAX_BODY_BYTES} bytes of {@code body}.
   *
   * @throws IOException if reading the body fails
   */
  public PushAnswer receive(String method, String contentType, InputStream body)
      throws IOException {
    return inbox.receive(method, contentType, body, this::deliver);
  }

  private void deliver(SecurityEventInbox.Received received) throws Exception {
    ConsentEvent event = received.event();
    switch (event.type()) {
      case CONSENT_APPROVED -> listener.onApproved(event);
      case CONSENT_PAUSED -> listener.onPaused(event);
      case CONSENT_RESUMED -> listener.onResumed(event);
      case CONSENT_REVOKED -> listener.onRevoked(event);
      case CONSENT_EXPIRED -> listener.onExpired(event);
      case CONSENT_SUPERSEDED -> listener.onSuperseded(event);
      case RETENTION_ENDED -> listener.onRetentionEnded(event);
      case DELIVERY_CONFIRMED -> listener.onDeliveryConfirmed(event);
    }
  }

  @Override
  public String toString() {
    return "ConsumerEventReceiver[" + inbox.audience() + "]";
  }

  /** Configures a {@link ConsumerEventReceiver}; validated at {@link #build()}. */
  public static final class Builder {
    private final SecurityEventInbox.Builder inbox = SecurityEventInbox.builder();
    private ConsumerEventListener listener;

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

    /** This consumer agency: events must name it as {@code aud}. */
    public Builder audience(AgencyId self) {
      inbox.audience(self);
      return this;
    }

    /** What to do on each event. */
    public Builder listener(ConsumerEventListener listener) {
      this.listener = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /**
     * Where handled {@code jti}s are remembered; default in memory ({@link SeenEvents#inMemory
     * SeenEvents.inMemory(100_000)}). With several nodes, a shared implementation.
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

    /** The clock; default the system UTC clock. */
    public Builder clock(Clock clock) {
      inbox.clock(Objects.requireNonNull(clock, "clock"));
      return this;
    }

    /**
     * Validates and builds; with a key source, its current keys are read now.
     *
     * @throws IllegalStateException naming what is missing
     */
    public ConsumerEventReceiver build() {
      if (listener == null) {
        throw new IllegalStateException("consumer event receiver: expected a listener");
      }
      return new ConsumerEventReceiver(inbox.build(), listener);
    }
  }
}
