package org.mydatakit.broker;

import java.time.Duration;
import java.time.Instant;
import org.mydatakit.internal.Checks;

/**
 * The broker's signed status list as published, with what an HTTP cache needs: a strong {@code
 * ETag} and when the broker will build it again.
 *
 * <pre>{@code
 * PublishedStatusList list = broker.publishedStatusList();
 * if (list.etag().equals(request.getHeader("If-None-Match"))) {
 *   response.setStatus(304);
 * } else {
 *   response.setHeader("ETag", list.etag());
 *   response.setHeader("Cache-Control", "max-age=" + list.maxAge(clock.instant()).toSeconds());
 *   response.setContentType("application/statuslist+jwt");
 *   response.getWriter().write(list.token());
 * }
 * }</pre>
 *
 * @param token the signed list ({@code typ: statuslist+jwt}), public by design
 * @param etag a strong entity tag of the token, quoted, as the {@code ETag} header carries it
 * @param builtAt when the list was built
 * @param refreshAt when the broker builds it again at the latest (half the list's ttl after it was
 *     built; sooner if a status changes through this broker)
 */
public record PublishedStatusList(String token, String etag, Instant builtAt, Instant refreshAt) {
  /** Validates. */
  public PublishedStatusList {
    Checks.notNull("status list token", token);
    Checks.notNull("status list etag", etag);
    Checks.notNull("status list built at", builtAt);
    Checks.notNull("status list refresh at", refreshAt);
  }

  /** How long a cache may keep it from {@code now}: until the refresh, never negative. */
  public Duration maxAge(Instant now) {
    Duration left = Duration.between(now, refreshAt);
    return left.isNegative() ? Duration.ZERO : left;
  }

  /** Shows the tag and the times, not the token. */
  @Override
  public String toString() {
    return "PublishedStatusList[etag="
        + etag
        + ", builtAt="
        + builtAt
        + ", refreshAt="
        + refreshAt
        + "]";
  }
}
