package org.mydatakit.dispatch;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.mydatakit.broker.EventOutbox;
import org.mydatakit.consent.AgencyId;
import org.mydatakit.internal.Checks;
import org.mydatakit.internal.StrictJson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pushes the broker's consent events to the agencies' event endpoints, per RFC 8935: a {@code POST}
 * of the SET as {@code application/secevent+jwt}; {@code 202} is an acknowledgement (DELIVERED),
 * {@code 400} with an {@code err} code a refusal (REJECTED, kept with the code). Any other answer,
 * a timeout or a network failure is retried with exponential backoff and jitter until the event is
 * older than the maximum age (24 h by default), then dead-lettered for an operator to {@linkplain
 * EventOutbox#replay replay}.
 *
 * <p>Safe with several dispatchers (broker nodes) on one store: events are {@linkplain
 * EventOutbox#claim claimed} under a lease, so each goes out from one node at a time, and one that
 * dies mid-delivery loses nothing — the lease ends and another node sends it again (with the same
 * {@code jti}: receivers ignore the duplicate). Each agency has its own number of deliveries in
 * flight ({@link Builder#concurrencyPerEndpoint}), so a slow agency never delays the others; a
 * consent's events reach an agency in order (the outbox hands out the next only after the one
 * before is done). Agencies without an event endpoint are left to poll ({@link EventPoll}).
 *
 * <pre>{@code
 * EventDispatcher dispatcher = EventDispatcher.builder(store.events(), EventEndpoints.of(registry))
 *     .build();
 * dispatcher.start();                 // a background loop; or call runOnce() yourself
 * ...
 * dispatcher.close();
 * }</pre>
 *
 * <p>Logs name the agency, the event type and the {@code jti}, never the token.
 */
public final class EventDispatcher implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EventDispatcher.class);

  /** The media type of a pushed SET (RFC 8935 §2). */
  public static final String MEDIA_TYPE = "application/secevent+jwt";

  private static final int MAX_ANSWER_BYTES = 4096;

  /** What a dispatcher did with one event, for metrics and tests. */
  public interface Listener {
    /** The receiver acknowledged {@code entry}, {@code latency} after it was due. */
    default void delivered(EventOutbox.Entry entry, Duration latency) {}

    /** The receiver refused {@code entry} with {@code err}. */
    default void rejected(EventOutbox.Entry entry, String err) {}

    /** Delivering {@code entry} failed for now; it is tried again at {@code next}. */
    default void retrying(EventOutbox.Entry entry, String error, Instant next) {}

    /** {@code entry} was too old to retry and is dead-lettered. */
    default void deadLettered(EventOutbox.Entry entry) {}
  }

  private final EventOutbox outbox;
  private final EventEndpoints endpoints;
  private final HttpClient http;
  private final Clock clock;
  private final Duration maxAge;
  private final Duration lease;
  private final Duration timeout;
  private final Duration firstRetry;
  private final Duration maxRetry;
  private final Duration pollInterval;
  private final int concurrency;
  private final Listener listener;
  private final ExecutorService senders;
  private final Map<AgencyId, Semaphore> inFlight = new ConcurrentHashMap<>();
  private final Object wake = new Object();
  private final AtomicInteger sending = new AtomicInteger();
  private volatile Thread loop;
  private volatile boolean closed;

  private EventDispatcher(Builder b) {
    this.outbox = b.outbox;
    this.endpoints = b.endpoints;
    this.clock = b.clock;
    this.maxAge = b.maxAge;
    this.lease = b.lease;
    this.timeout = b.timeout;
    this.firstRetry = b.firstRetry;
    this.maxRetry = b.maxRetry;
    this.pollInterval = b.pollInterval;
    this.concurrency = b.concurrency;
    this.listener = b.listener;
    AtomicInteger threads = new AtomicInteger();
    this.senders =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "mydatakit-event-sender-" + threads.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    this.http =
        b.http != null
            ? b.http
            : HttpClient.newBuilder()
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build(); // its own executor: deliveries in flight finish while close() waits
  }

  /** Starts configuring a dispatcher of {@code outbox}'s events to {@code endpoints}. */
  public static Builder builder(EventOutbox outbox, EventEndpoints endpoints) {
    return new Builder(outbox, endpoints);
  }

  /** Starts the background loop (one daemon thread); idempotent, and again after {@link #stop}. */
  public synchronized void start() {
    if (closed) {
      throw new IllegalStateException("event dispatcher: closed");
    }
    if (loop != null) {
      return;
    }
    loop = new Thread(this::loop, "mydatakit-event-dispatcher");
    loop.setDaemon(true);
    loop.start();
  }

  /**
   * Stops the background loop, waiting up to 5 s for its round to end; deliveries in flight go on,
   * and {@link #start} may start it again. Idempotent.
   */
  public void stop() {
    Thread running;
    synchronized (this) {
      running = loop;
      loop = null;
    }
    if (running == null) {
      return;
    }
    running.interrupt();
    nudge();
    try {
      running.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void loop() {
    while (!closed && loop == Thread.currentThread()) {
      try {
        runOnce();
      } catch (RuntimeException e) {
        LOG.warn("event dispatch round failed: {}", e.getClass().getSimpleName());
      }
      synchronized (wake) {
        try {
          wake.wait(pollInterval.toMillis());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  /** Wakes the loop now: call after writing events, to send them without waiting a round. */
  public void nudge() {
    synchronized (wake) {
      wake.notifyAll();
    }
  }

  /**
   * One round: claims the due events of every agency that has free delivery slots and starts
   * sending them; returns without waiting for the answers.
   *
   * @return how many deliveries it started
   */
  public int runOnce() {
    Instant now = clock.instant();
    int started = 0;
    for (AgencyId receiver : outbox.receiversDue(now)) {
      Optional<URI> endpoint = endpoints.endpoint(receiver);
      if (endpoint.isEmpty()) {
        continue; // it polls
      }
      Semaphore slots = inFlight.computeIfAbsent(receiver, r -> new Semaphore(concurrency));
      int free = slots.drainPermits();
      if (free == 0) {
        continue;
      }
      List<EventOutbox.Entry> claimed;
      try {
        claimed = outbox.claim(receiver, now, lease, free);
      } catch (RuntimeException e) {
        slots.release(free);
        throw e;
      }
      slots.release(free - claimed.size());
      for (EventOutbox.Entry entry : claimed) {
        sending.incrementAndGet();
        started++;
        senders.execute(
            () -> {
              try {
                deliver(entry, endpoint.get());
              } finally {
                slots.release();
                sending.decrementAndGet();
                nudge(); // the consent's next event may be due now
              }
            });
      }
    }
    return started;
  }

  /**
   * Runs rounds until nothing is due or in flight, or {@code max} has passed: for tests, tools and
   * a graceful shutdown.
   *
   * @return whether everything due was settled in time
   */
  public boolean drain(Duration max) {
    long deadline = System.nanoTime() + max.toNanos();
    while (System.nanoTime() < deadline) {
      int started = runOnce();
      if (started == 0
          && sending.get() == 0
          && outbox.receiversDue(clock.instant()).stream()
              .noneMatch(r -> endpoints.endpoint(r).isPresent())) {
        return true;
      }
      try {
        Thread.sleep(started == 0 ? 10 : 1);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return false;
  }

  private void deliver(EventOutbox.Entry entry, URI endpoint) {
    Instant started = clock.instant();
    if (entry.attempts() > 1 && started.isAfter(entry.event().notBefore().plus(maxAge))) {
      deadLetter(entry, "older than " + maxAge); // a replayed event gets its one more attempt
      return;
    }
    String error;
    try {
      HttpRequest request =
          HttpRequest.newBuilder(endpoint)
              .timeout(timeout)
              .header("Content-Type", MEDIA_TYPE)
              .header("Accept", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString(entry.event().token()))
              .build();
      HttpResponse<InputStream> response =
          http.send(request, HttpResponse.BodyHandlers.ofInputStream());
      byte[] body;
      try (InputStream in = response.body()) {
        body = in.readNBytes(MAX_ANSWER_BYTES);
      }
      int status = response.statusCode();
      if (status == 202) {
        Instant at = clock.instant();
        outbox.delivered(entry.seq(), at);
        listener.delivered(entry, Duration.between(entry.event().notBefore(), at));
        return;
      }
      if (status == 400) {
        String err = errCode(body);
        outbox.rejected(entry.seq(), err, clock.instant());
        LOG.warn(
            "event {} {} refused by {}: {}",
            entry.event().type(),
            entry.event().jti(),
            entry.event().receiver().value(),
            err);
        listener.rejected(entry, err);
        return;
      }
      error = "HTTP " + status;
    } catch (IOException e) {
      error = e.getClass().getSimpleName();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      error = "interrupted";
    } catch (RuntimeException e) {
      error = e.getClass().getSimpleName();
    }
    retryOrGiveUp(entry, error);
  }

  private void retryOrGiveUp(EventOutbox.Entry entry, String error) {
    Instant now = clock.instant();
    Instant next = now.plus(backoff(entry.attempts()));
    if (next.isAfter(entry.event().notBefore().plus(maxAge))) {
      deadLetter(entry, error);
      return;
    }
    outbox.retryAt(entry.seq(), next, error);
    LOG.info(
        "event {} {} to {} not delivered ({}), attempt {}; next at {}",
        entry.event().type(),
        entry.event().jti(),
        entry.event().receiver().value(),
        error,
        entry.attempts(),
        next);
    listener.retrying(entry, error, next);
  }

  private void deadLetter(EventOutbox.Entry entry, String error) {
    outbox.deadLetter(entry.seq(), error, clock.instant());
    LOG.warn(
        "event {} {} to {} dead-lettered after {} attempts ({})",
        entry.event().type(),
        entry.event().jti(),
        entry.event().receiver().value(),
        entry.attempts(),
        error);
    listener.deadLettered(entry);
  }

  /** Exponential backoff with full jitter in [d/2, d]: d = firstRetry * 2^(attempts-1), capped. */
  Duration backoff(int attempts) {
    int shift = Math.min(Math.max(attempts - 1, 0), 30);
    long ceiling = Math.min(maxRetry.toMillis(), firstRetry.toMillis() << shift);
    if (ceiling <= 0) {
      ceiling = maxRetry.toMillis();
    }
    long jittered = ceiling / 2 + ThreadLocalRandom.current().nextLong(ceiling / 2 + 1);
    return Duration.ofMillis(jittered);
  }

  /** The RFC 8935 {@code err} code of a 400 answer, or {@code invalid_response} if none. */
  private static String errCode(byte[] body) {
    try {
      JsonNode answer = StrictJson.mapper().readTree(body);
      JsonNode err = answer == null ? null : answer.get("err");
      if (err != null && err.isTextual() && err.asText().matches("[a-z_]{1,64}")) {
        return err.asText();
      }
    } catch (IOException | RuntimeException e) {
      // not JSON: fall through
    }
    return "invalid_response";
  }

  /** Stops the loop and waits up to 5 s for deliveries in flight; leases end by themselves. */
  @Override
  public void close() {
    closed = true;
    stop();
    senders.shutdown();
    try {
      senders.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public String toString() {
    return "EventDispatcher[" + outbox + "]";
  }

  /** Configures an {@link EventDispatcher}. */
  public static final class Builder {
    private final EventOutbox outbox;
    private final EventEndpoints endpoints;
    private HttpClient http;
    private Clock clock = Clock.systemUTC();
    private Duration maxAge = Duration.ofHours(24);
    private Duration lease = Duration.ofMinutes(1);
    private Duration timeout = Duration.ofSeconds(10);
    private Duration firstRetry = Duration.ofSeconds(1);
    private Duration maxRetry = Duration.ofMinutes(10);
    private Duration pollInterval = Duration.ofMillis(200);
    private int concurrency = 4;
    private Listener listener = new Listener() {};

    private Builder(EventOutbox outbox, EventEndpoints endpoints) {
      this.outbox = Checks.notNull("outbox", outbox);
      this.endpoints = Checks.notNull("endpoints", endpoints);
    }

    /** How long an event is retried before it is dead-lettered; 24 h by default. */
    public Builder maxAge(Duration maxAge) {
      this.maxAge = positive("max age", maxAge);
      return this;
    }

    /**
     * How long a claimed event is held by this dispatcher before another may send it again; 1 min
     * by default. Must exceed the request timeout.
     */
    public Builder lease(Duration lease) {
      this.lease = positive("lease", lease);
      return this;
    }

    /** The timeout of one delivery (connect and answer); 10 s by default. */
    public Builder timeout(Duration timeout) {
      this.timeout = positive("timeout", timeout);
      return this;
    }

    /** The first retry's delay and the largest delay; 1 s and 10 min by default. */
    public Builder backoff(Duration first, Duration max) {
      this.firstRetry = positive("first retry", first);
      this.maxRetry = positive("max retry", max);
      return this;
    }

    /** How often the loop looks for due events; 200 ms by default. */
    public Builder pollInterval(Duration interval) {
      this.pollInterval = positive("poll interval", interval);
      return this;
    }

    /** Deliveries in flight per agency; 4 by default. */
    public Builder concurrencyPerEndpoint(int concurrency) {
      if (concurrency < 1 || concurrency > 64) {
        throw new IllegalArgumentException(
            "concurrency per endpoint: expected 1 to 64, got " + concurrency);
      }
      this.concurrency = concurrency;
      return this;
    }

    /** The HTTP client to send with (TLS settings, a proxy); a new one by default. */
    public Builder httpClient(HttpClient http) {
      this.http = Checks.notNull("http client", http);
      return this;
    }

    /** The clock; the system clock by default. */
    public Builder clock(Clock clock) {
      this.clock = Checks.notNull("clock", clock);
      return this;
    }

    /** Told of every outcome, for metrics. */
    public Builder listener(Listener listener) {
      this.listener = Checks.notNull("listener", listener);
      return this;
    }

    /**
     * Validates and builds.
     *
     * @throws IllegalStateException if the lease is not longer than the timeout, or the first retry
     *     longer than the largest
     */
    public EventDispatcher build() {
      if (lease.compareTo(timeout) <= 0) {
        throw new IllegalStateException(
            "event dispatcher: expected a lease longer than the timeout, got lease "
                + lease
                + " and timeout "
                + timeout);
      }
      if (firstRetry.compareTo(maxRetry) > 0) {
        throw new IllegalStateException(
            "event dispatcher: expected the first retry at most the largest, got "
                + firstRetry
                + " and "
                + maxRetry);
      }
      return new EventDispatcher(this);
    }

    private static Duration positive(String what, Duration d) {
      Checks.notNull(what, d);
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(what + ": expected a positive duration, got " + d);
      }
      return d;
    }
  }
}
