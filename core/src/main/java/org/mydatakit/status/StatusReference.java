package org.mydatakit.status;

import java.net.URI;

/**
 * Where a consent's status lives: the URI of the broker's status list and the consent's index in
 * it. Carried in a grant's {@code status.status_list} claim.
 *
 * <pre>{@code
 * StatusReference ref = StatusReference.of(URI.create("https://broker.example/status/1"), 42);
 * }</pre>
 */
public record StatusReference(URI uri, long index) {

  /** Requires an absolute https (or, for local testing, http) URI and a non-negative index. */
  public StatusReference {
    if (uri == null || !uri.isAbsolute() || uri.getHost() == null) {
      throw new IllegalArgumentException("status list uri: expected an absolute http(s) uri");
    }
    String scheme = uri.getScheme();
    if (!"https".equals(scheme) && !"http".equals(scheme)) {
      throw new IllegalArgumentException(
          "status list uri: expected scheme https or http, got " + scheme);
    }
    if (index < 0 || index > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(
          "status list index: expected 0 to " + Integer.MAX_VALUE + ", got " + index);
    }
  }

  /** Returns the reference to entry {@code index} of the list at {@code uri}. */
  public static StatusReference of(URI uri, long index) {
    return new StatusReference(uri, index);
  }
}
