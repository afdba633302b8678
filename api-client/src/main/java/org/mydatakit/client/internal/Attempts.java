package org.mydatakit.client.internal;

import java.time.Duration;

/**
 * What the interceptors did for one call, read by the caller to name its outcome: how many HTTP
 * requests were made, the transaction id of the last one, its status, and why the retries stopped.
 * Travels as the request's tag; written and read on the calling thread only ({@code execute()}).
 *
 * <p>Holds no grant, proof or data: {@code agency} and {@code item} label the debug log lines.
 */
public final class Attempts {
  /** Why a retryable answer or failure was not retried. */
  public enum Stop {
    /** Still going, or the answer was not retryable. */
    NONE,
    /** {@code maxAttempts} reached (or the method is not retried at all). */
    EXHAUSTED,
    /** The answer's {@code Retry-After} is beyond the cap. */
    RETRY_AFTER_BEYOND_CAP,
    /** The next wait would pass the call timeout. */
    NO_TIME_LEFT,
    /** The thread was interrupted while waiting to retry. */
    INTERRUPTED
  }

  private final Object agency;
  private final Object item;
  private int count;
  private String transactionId;
  private int status;
  private Stop stop = Stop.NONE;
  private Duration retryAfter;

  /** {@code agency} and {@code item} only label log lines; either may be null. */
  public Attempts(Object agency, Object item) {
    this.agency = agency;
    this.item = item;
  }

  Object agency() {
    return agency;
  }

  Object item() {
    return item;
  }

  /** HTTP requests made so far, retries included. */
  public int count() {
    return count;
  }

  /** The {@code X-Api-Tran-Id} of the last request, or null if none was set. */
  public String transactionId() {
    return transactionId;
  }

  /** The status of the last answer, or 0 if the last attempt got none. */
  public int status() {
    return status;
  }

  /** Why the retries stopped. */
  public Stop stop() {
    return stop;
  }

  /** The {@code Retry-After} that was beyond the cap, when {@link #stop()} says so. */
  public Duration retryAfter() {
    return retryAfter;
  }

  void started(int attempt) {
    this.count = attempt;
    this.status = 0;
  }

  void transactionId(String id) {
    this.transactionId = id;
  }

  void answered(int status) {
    this.status = status;
  }

  void stopped(Stop why, Duration retryAfter) {
    this.stop = why;
    this.retryAfter = retryAfter;
  }

  @Override
  public String toString() {
    return "Attempts[" + count + ", tran " + transactionId + ", status " + status + "]";
  }
}
