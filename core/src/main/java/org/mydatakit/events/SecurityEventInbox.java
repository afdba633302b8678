package org.mydatakit.events;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import org.mydatakit.consent.AgencyId;
import org.mydatakit.internal.Base64Url;
import org.mydatakit.internal.Checks;
import org.mydatakit.keys.VerificationKeySet;
import org.mydatakit.keys.VerificationKeySource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The receiving end of pushed consent events (RFC 8935): checks the request ({@code POST}, {@code
 * Content-Type: application/secevent+jwt}, at most {@value #MAX_BODY_BYTES} bytes), verifies the
 * SET with {@link SecurityEventTokens#verifier}, handles each {@code jti} once, and answers with a
 * {@link PushAnswer}. The provider kit's and the consumer client's receivers are built on it; an
 * agency with its own web stack can use it directly.
 *
 * <pre>{@code
 * SecurityEventInbox inbox = SecurityEventInbox.builder()
 *     .trustedIssuer("https://broker.example", brokerJwks)
 *     .audience(AgencyId.of("NTS"))
 *     .build();
 * PushAnswer answer = inbox.receive("POST", contentType, body, received -> apply(received.event()));
 * }</pre>
 *
 * <p>Exactly once per {@code jti}, within the retention: the same token again is acknowledged
 * without calling the handler; another token under a {@code jti} already seen is refused {@code
 * invalid_request}. A handler that throws is not acknowledged: the answer is {@code 503}, the
 * {@code jti} is forgotten, and the broker's next attempt is handled afresh. A push repeated while
 * the first is still being handled is acknowledged at once; if the first then fails, its own {@code
 * 503} makes the broker send it again.
 *
 * <p>A SET's age is not checked: a retry after an outage must still land, and receivers order
 * events by their {@code txn} version, which {@link Received#version()} gives. Descriptions and
 * logs name the error and the event type, never the token, a subject or a key. Thread-safe.
 */
public final class SecurityEventInbox {
  private static final Logger LOG = LoggerFactory.getLogger(SecurityEventInbox.class);

  /** The media type of a pushed SET (RFC 8417 §2.3). */
  public static final String CONTENT_TYPE = "application/secevent+jwt";

  /** The largest body read: a 16 KiB SET and some surrounding whitespace. */
  public static final int MAX_BODY_BYTES = 16 * 1024 + 256;

  private static final Pattern VERSION = Pattern.compile("[0-9]{1,18}");

  /** Handles one verified event, once per {@code jti}. */
  @FunctionalInterface
  public interface Handler {
    /**
     * Applies {@code received}. Throwing anything means "not handled": the push is answered {@code
     * 503} and the broker sends it again.
     */
    void handle(Received received) throws Exception;
  }

  /**
   * A verified event: its {@code jti}, the event, and the consent's version it stands for (from
   * {@code txn}: a later change of one consent has a higher version).
   */
  public record Received(String jti, ConsentEvent event, long version) {
    public Received {
      Checks.notNull("jti", jti);
      Checks.notNull("event", event);
    }

    @Override
    public String toString() {
      return "Received[" + event + ", version " + version + "]";
    }
  }

  private record Keys(VerificationKeySet set, SecurityEventTokens.Verifier verifier) {}

  private final String issuer;
  private final AgencyId audience;
  private final VerificationKeySource keySource;
  private final AtomicReference<Keys> keys;
  private final SeenEvents seen;
  private final Duration retention;
  private final Clock clock;

  private SecurityEventInbox(Builder b, VerificationKeySet initial) {
    this.issuer = b.issuer;
    this.audience = b.audience;
    this.keySource = b.keySource;
    this.keys =
        new AtomicReference<>(
            new Keys(initial, SecurityEventTokens.verifier(initial, b.issuer, b.audience)));
    this.seen = b.seen == null ? SeenEvents.inMemory(100_000) : b.seen;
    this.retention = b.retention;
    this.clock = b.clock;
  }

  /** Starts configuring an inbox; the issuer, its keys and the audience are required. */
  public static Builder builder() {
    return new Builder();
  }

  /** The agency this inbox receives for: SETs must name it as {@code aud}. */
  public AgencyId audience() {
    return audience;
  }

  /**
   * Receives a push whose body is read from {@code body}, at most {@value #MAX_BODY_BYTES} bytes of
   * it (the rest is not read).
   *
   * @throws IOException if reading the body fails
   */
  public PushAnswer receive(String method, String contentType, InputStream body, Handler handler)
      throws IOException {
    if (!"POST".equals(method)) {
      return PushAnswer.methodNotAllowed();
    }
    return receive(method, contentType, body.readNBytes(MAX_BODY_BYTES + 1), handler);
  }

  /** Receives a push: see the class documentation. Never throws for any request. */
  public PushAnswer receive(String method, String contentType, byte[] body, Handler handler) {
    Checks.notNull("handler", handler);
    try {
      return answer(method, contentType, body, handler);
    } catch (RuntimeException e) {
      LOG.error("security event for {}: failed with {}", audience, e.getClass().getName());
      return PushAnswer.unavailable();
    }
  }

  private PushAnswer answer(String method, String contentType, byte[] body, Handler handler) {
    if (!"POST".equals(method)) {
      return PushAnswer.methodNotAllowed();
    }
    if (!isSetType(contentType)) {
      return refused(
          InvalidSecurityEventException.Code.INVALID_REQUEST,
          "expected the content type " + CONTENT_TYPE);
    }
    if (body == null || body.length > MAX_BODY_BYTES) {
      return refused(
          InvalidSecurityEventException.Code.INVALID_REQUEST, "the body exceeds the size limit");
    }
    String token = new String(body, StandardCharsets.UTF_8).strip();
    SecurityEventTokens.Verified verified;
    try {
      verified = verify(token);
    } catch (InvalidSecurityEventException e) {
      return refused(e.code(), description(e));
    }
    ConsentEvent event = verified.event();
    long version = version(event);
    if (version < 0) {
      return refused(
          InvalidSecurityEventException.Code.INVALID_REQUEST,
          "expected the txn to be the consent's id and version");
    }
    String digest = sha256(token);
    Instant now = clock.instant();
    SeenEvents.Claim claim;
    try {
      claim = seen.claim(verified.jti(), digest, now, now.plus(retention));
    } catch (RuntimeException e) {
      LOG.warn(
          "{} for {}: seen events failed with {}", event.type(), audience, e.getClass().getName());
      return PushAnswer.unavailable();
    }
    if (claim == SeenEvents.Claim.CONFLICT) {
      return refused(
          InvalidSecurityEventException.Code.INVALID_REQUEST,
          "the jti was already used by another token");
    }
    if (claim == SeenEvents.Claim.REPEATED) {
      LOG.info("{} for {}: repeated, acknowledged again", event.type(), audience);
      return PushAnswer.accepted();
    }
    boolean handled = false;
    try {
      handler.handle(new Received(verified.jti(), event, version));
      handled = true;
    } catch (Exception e) {
      LOG.warn("{} for {}: handler failed with {}", event.type(), audience, e.getClass().getName());
      return PushAnswer.unavailable();
    } finally {
      if (!handled) {
        release(verified.jti(), digest);
      }
    }
    LOG.info("{} for {}: accepted", event.type(), audience);
    return PushAnswer.accepted();
  }

  private SecurityEventTokens.Verified verify(String token) throws InvalidSecurityEventException {
    try {
      return verifier().verify(token);
    } catch (InvalidSecurityEventException e) {
      if (e.code() != InvalidSecurityEventException.Code.INVALID_KEY || keySource == null) {
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
      return adopt(fresh.get()).verify(token);
    }
  }

  /** The verifier for the source's current keys, made again only when the set changes. */
  private SecurityEventTokens.Verifier verifier() {
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

  private SecurityEventTokens.Verifier adopt(VerificationKeySet set) {
    Keys fresh = new Keys(set, SecurityEventTokens.verifier(set, issuer, audience));
    keys.set(fresh);
    return fresh.verifier();
  }

  private void release(String jti, String digest) {
    try {
      seen.release(jti, digest);
    } catch (RuntimeException e) {
      // the claim stays until its retention ends: a retry is then acknowledged unhandled
      LOG.error("seen events could not release a claim: {}", e.getClass().getName());
    }
  }

  private PushAnswer refused(InvalidSecurityEventException.Code code, String description) {
    LOG.info("security event for {} refused: {} ({})", audience, code.err(), description);
    return PushAnswer.refused(code, description);
  }

  /** The version of the change {@code txn} names, or -1 if it is not {@code <consent id>.<n>}. */
  static long version(ConsentEvent event) {
    String prefix = event.consentId() + ".";
    String txn = event.txn();
    if (!txn.startsWith(prefix) || !VERSION.matcher(txn.substring(prefix.length())).matches()) {
      return -1;
    }
    return Long.parseLong(txn.substring(prefix.length()));
  }

  /** Whether {@code contentType}, parameters aside, is {@value #CONTENT_TYPE}. */
  static boolean isSetType(String contentType) {
    if (contentType == null) {
      return false;
    }
    int semicolon = contentType.indexOf(';');
    String type = semicolon < 0 ? contentType : contentType.substring(0, semicolon);
    return type.strip().toLowerCase(Locale.ROOT).equals(CONTENT_TYPE);
  }

  /** The verifier's own fixed text, from {@code "... refused: <err> (<text>)"}. */
  private static String description(InvalidSecurityEventException e) {
    String message = e.getMessage();
    int open = message.indexOf(" (");
    if (open < 0 || !message.endsWith(")")) {
      return e.code().err();
    }
    return message.substring(open + 2, message.length() - 1);
  }

  static String sha256(String token) {
    try {
      return Base64Url.encode(
          MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("sha-256 is not available", e);
    }
  }

  @Override
  public String toString() {
    return "SecurityEventInbox[" + issuer + " for " + audience + ", " + seen + "]";
  }

  /** Configures a {@link SecurityEventInbox}; validated at {@link #build()}. */
  public static final class Builder {
    private String issuer;
    private VerificationKeySet keys;
    private VerificationKeySource keySource;
    private AgencyId audience;
    private SeenEvents seen;
    private Duration retention = Duration.ofHours(24);
    private Clock clock = Clock.systemUTC();

    private Builder() {}

    /** The broker whose SETs are trusted: its exact {@code iss} and its public keys. */
    public Builder trustedIssuer(String issuer, VerificationKeySet keys) {
      this.issuer = Checks.issuer(issuer);
      this.keys = Checks.notNull("issuer keys", keys);
      this.keySource = null;
      return this;
    }

    /**
     * The broker whose SETs are trusted, with keys that may rotate: each SET is verified with the
     * source's current set, and one that does not verify gets one (rate-limited) refresh.
     */
    public Builder trustedIssuer(String issuer, VerificationKeySource keys) {
      this.issuer = Checks.issuer(issuer);
      this.keySource = Checks.notNull("issuer key source", keys);
      this.keys = null;
      return this;
    }

    /** This agency: SETs must name it as {@code aud}. */
    public Builder audience(AgencyId self) {
      this.audience = Checks.notNull("audience", self);
      return this;
    }

    /**
     * Where handled {@code jti}s are remembered; default {@link SeenEvents#inMemory
     * SeenEvents.inMemory(100_000)}, one node. With several nodes, a shared implementation.
     */
    public Builder seenEvents(SeenEvents seen) {
      this.seen = Checks.notNull("seen events", seen);
      return this;
    }

    /** How long a handled {@code jti} is remembered: 1 minute to 30 days, default 24 hours. */
    public Builder retention(Duration retention) {
      this.retention = Checks.notNull("retention", retention);
      return this;
    }

    /** The clock; default the system UTC clock. */
    public Builder clock(Clock clock) {
      this.clock = Checks.notNull("clock", clock);
      return this;
    }

    /**
     * Validates and builds; with a key source, its current keys are read now.
     *
     * @throws IllegalStateException naming what is missing or out of range
     */
    public SecurityEventInbox build() {
      if (issuer == null) {
        throw new IllegalStateException("security event inbox: expected a trusted issuer");
      }
      if (audience == null) {
        throw new IllegalStateException("security event inbox: expected an audience");
      }
      if (retention.compareTo(Duration.ofMinutes(1)) < 0
          || retention.compareTo(Duration.ofDays(30)) > 0) {
        throw new IllegalStateException(
            "security event inbox: expected a retention of 1 minute to 30 days, got " + retention);
      }
      VerificationKeySet initial = keySource == null ? keys : keySource.current();
      if (initial == null) {
        throw new IllegalStateException("security event inbox: the key source has no keys");
      }
      return new SecurityEventInbox(this, initial);
    }
  }
}
