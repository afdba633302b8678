package org.mydatakit.testkit.internal;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;

/**
 * The fault knobs of one fake agency. A replacing fault answers in front of the agency (nothing is
 * verified); latency and dribble delay whatever answer is given. Thread-safe: every method locks.
 */
public final class Faults {
  /** A counted fault that never runs out. */
  public static final int ALWAYS = Integer.MAX_VALUE;

  private Duration latency = Duration.ZERO;
  private Duration dribble;
  private URI redirect;
  private Fault transport;
  private int unavailable;
  private Duration unavailableRetryAfter = Duration.ZERO;
  private int rateLimited;
  private Duration rateLimitedRetryAfter = Duration.ZERO;
  private String body;
  private int oversize;

  /** What an armed fault answers instead of the agency: the answer, its status, the fault. */
  public record Injected(ResponseDefinitionBuilder answer, int status, String fault) {}

  public synchronized void latency(Duration latency) {
    this.latency = latency;
  }

  public synchronized void dribble(Duration total) {
    this.dribble = total;
  }

  public synchronized void redirect(URI location) {
    this.redirect = location;
  }

  public synchronized void transport(Fault fault) {
    this.transport = fault;
  }

  public synchronized void unavailable(int times, Duration retryAfter) {
    this.unavailable = times;
    this.unavailableRetryAfter = retryAfter;
  }

  public synchronized void rateLimited(int times, Duration retryAfter) {
    this.rateLimited = times;
    this.rateLimitedRetryAfter = retryAfter;
  }

  /** Arms a broken 200 body: {@code MALFORMED_JSON} or {@code DUPLICATE_KEY_JSON}. */
  public synchronized void body(String kind) {
    this.body = kind;
  }

  public synchronized void oversize(int bytes) {
    this.oversize = bytes;
  }

  public synchronized void reset() {
    latency = Duration.ZERO;
    dribble = null;
    redirect = null;
    transport = null;
    unavailable = 0;
    rateLimited = 0;
    body = null;
    oversize = 0;
  }

  public synchronized Duration latency() {
    return latency;
  }

  /** The dribble duration, or null. */
  public synchronized Duration dribble() {
    return dribble;
  }

  /**
   * The answer of the first armed replacing fault (redirect, transport fault, 503, 429, broken
   * body, oversize body), consuming one of a counted fault's requests; null if none is armed.
   */
  public synchronized Injected next(String item, String transactionId) {
    if (redirect != null) {
      return new Injected(
          ResponseDefinitionBuilder.responseDefinition()
              .withStatus(302)
              .withHeader("Location", redirect.toString()),
          302,
          "REDIRECT");
    }
    if (transport != null) {
      return new Injected(
          ResponseDefinitionBuilder.responseDefinition().withFault(transport), 0, transport.name());
    }
    if (unavailable > 0) {
      unavailable = unavailable == ALWAYS ? ALWAYS : unavailable - 1;
      return new Injected(
          Problems.retryLater(503, null, unavailableRetryAfter, transactionId),
          503,
          "SERVICE_UNAVAILABLE");
    }
    if (rateLimited > 0) {
      rateLimited = rateLimited == ALWAYS ? ALWAYS : rateLimited - 1;
      return new Injected(
          Problems.retryLater(429, null, rateLimitedRetryAfter, transactionId),
          429,
          "RATE_LIMITED");
    }
    if (body != null || oversize > 0) {
      String text = BrokenBodies.of(body, oversize, item, Instant.now());
      ResponseDefinitionBuilder answer =
          ResponseDefinitionBuilder.responseDefinition()
              .withStatus(200)
              .withHeader("Content-Type", "application/json")
              .withBody(text);
      if (transactionId != null) {
        answer.withHeader("X-Api-Tran-Id", transactionId);
      }
      return new Injected(answer, 200, body != null ? body : "OVERSIZE_BODY");
    }
    return null;
  }
}
