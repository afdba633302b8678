package org.mydatakit.server;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.AtomicReference;
import org.mydatakit.broker.PublishedStatusList;
import org.springframework.stereotype.Component;

/**
 * The broker's own meters, under {@code mydatakit.*}: grants issued and refused (by reason),
 * consents requested, status-list builds and answers. Tags are of low cardinality only: a refusal's
 * {@code reason} is one of the server's fixed problem reasons, never request content, and no meter
 * carries a consent id, a grant id, an agency id or anything of the citizen's.
 *
 * <p>There is no gauge of consents by state: it would need a query of the store on every scrape.
 */
@Component
class BrokerMetrics {
  static final String GRANTS_ISSUED = "mydatakit.grants.issued";
  static final String GRANTS_REFUSED = "mydatakit.grants.refused";
  static final String CONSENTS_REQUESTED = "mydatakit.consents.requested";
  static final String STATUS_LIST_BUILDS = "mydatakit.status_list.builds";
  static final String STATUS_LIST_SERVED = "mydatakit.status_list.served";
  static final String RATE_LIMITED = "mydatakit.consumer_api.rate_limited";
  static final String FETCHES_RECORDED = "mydatakit.fetches.recorded";

  private final MeterRegistry registry;
  private final Counter grantsIssued;
  private final Counter consentsRequested;
  private final Counter statusListBuilds;
  private final Counter statusListServed;
  private final Counter rateLimited;

  /** The list last served: the broker returns the same instance until it builds a new one. */
  private final AtomicReference<PublishedStatusList> lastServed = new AtomicReference<>();

  BrokerMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.grantsIssued =
        Counter.builder(GRANTS_ISSUED).description("grants issued").register(registry);
    this.consentsRequested =
        Counter.builder(CONSENTS_REQUESTED)
            .description("consent requests taken")
            .register(registry);
    this.statusListBuilds =
        Counter.builder(STATUS_LIST_BUILDS)
            .description("status lists built, as seen by the server at /status/1")
            .register(registry);
    this.statusListServed =
        Counter.builder(STATUS_LIST_SERVED)
            .description("answers of /status/1, 304 included")
            .register(registry);
    this.rateLimited =
        Counter.builder(RATE_LIMITED)
            .description("consumer API calls refused with 429 by the per-consumer rate limit")
            .register(registry);
  }

  /** A fetch the consumer reported, by outcome ({@code DELIVERED} are the deliveries). */
  void fetchRecorded(org.mydatakit.broker.FetchOutcome outcome) {
    Counter.builder(FETCHES_RECORDED)
        .description("fetches reported by consumers, by outcome")
        .tag("outcome", outcome.name())
        .register(registry)
        .increment();
  }

  void rateLimited() {
    rateLimited.increment();
  }

  void grantIssued() {
    grantsIssued.increment();
  }

  /** A refused grant request, by the problem the caller was answered with. */
  void grantRefused(Problem problem) {
    Counter.builder(GRANTS_REFUSED)
        .description("grant requests refused, by reason")
        .tag("reason", reason(problem))
        .register(registry)
        .increment();
  }

  void consentRequested() {
    consentsRequested.increment();
  }

  /** An answer of {@code /status/1} with {@code list}; a list not seen before was just built. */
  void statusListServed(PublishedStatusList list) {
    if (lastServed.getAndSet(list) != list) {
      statusListBuilds.increment();
    }
    statusListServed.increment();
  }

  /**
   * The problem's reason, a constant of the server's ({@code invalid_client}, {@code
   * agency_suspended}, {@code illegal_transition}, a fetch limit's name...); {@code not_found} or
   * {@code http_STATUS} for a problem without one.
   */
  static String reason(Problem problem) {
    if (problem.reason != null) {
      return problem.reason;
    }
    return problem.status == 404 ? "not_found" : "http_" + problem.status;
  }
}
