package org.mydatakit.examples.broker;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import org.mydatakit.broker.ConsentBroker;
import org.mydatakit.broker.ConsentNotFoundException;
import org.mydatakit.broker.ConsentStoreException;
import org.mydatakit.broker.ConsentStoreUnavailableException;
import org.mydatakit.broker.FetchLimitException;
import org.mydatakit.consent.CitizenIdentifier;
import org.mydatakit.consent.Consent;
import org.mydatakit.consent.ConsentId;
import org.mydatakit.consent.ConsentStateException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One group of endpoints. Every failure becomes a problem answer; the log gets the method, the
 * status and an exception's class, never a header, a body or an exception message.
 */
abstract class Endpoint implements HttpHandler {
  /**
   * The sample's stand-in for an authenticated citizen session: a real deployment learns the CI
   * from its identity provider (simple authentication, 간편인증) over TLS and never from a header.
   */
  static final String CITIZEN_HEADER = "X-Citizen-Ci";

  private static final Logger LOG = LoggerFactory.getLogger(BrokerServer.class);

  final BrokerServer.Context ctx;

  Endpoint(BrokerServer.Context ctx) {
    this.ctx = ctx;
  }

  abstract void serve(HttpExchange ex, String method, String path) throws IOException;

  @Override
  public final void handle(HttpExchange ex) throws IOException {
    try (ex) {
      String method = ex.getRequestMethod();
      int status;
      try {
        serve(ex, method, ex.getRequestURI().getRawPath());
        status = ex.getResponseCode();
      } catch (RuntimeException e) {
        Problem p = problemFor(e);
        if (p.status >= 500) {
          LOG.warn("{} failed: {}", method, e.getClass().getName());
        }
        Exchanges.problem(ex, p);
        status = p.status;
      }
      LOG.debug("{} answered {}", method, status);
    }
  }

  ConsentBroker broker() {
    return ctx.broker();
  }

  /** The consent, or 404. */
  Consent consent(ConsentId id) {
    return broker().find(id).orElseThrow(Problem::notFound);
  }

  /** Parses a consent id from a path segment or body member, or 404 / 400. */
  static ConsentId consentId(String text, int statusIfBad) {
    try {
      return ConsentId.parse(text);
    } catch (RuntimeException e) {
      throw statusIfBad == 404 ? Problem.notFound() : Problem.badRequest();
    }
  }

  /** The citizen of the sample session header; 401 without it. Close it after use. */
  static CitizenIdentifier citizen(HttpExchange ex) {
    return citizen(ex.getRequestHeaders().getFirst(CITIZEN_HEADER));
  }

  static CitizenIdentifier citizen(String ci) {
    if (ci == null) {
      throw Problem.of(401, "citizen_required");
    }
    try {
      return CitizenIdentifier.of(ci);
    } catch (IllegalArgumentException e) {
      throw Problem.of(401, "citizen_required");
    }
  }

  /** 403 unless {@code id} is one of the citizen's consents. */
  void requireOwnConsent(CitizenIdentifier citizen, ConsentId id) {
    consent(id); // 404 first
    if (broker().consentsOf(citizen).stream().noneMatch(c -> c.id().equals(id))) {
      throw Problem.of(403, "not_the_subject");
    }
  }

  static void requireMethod(String actual, String expected) {
    if (!expected.equals(actual)) {
      throw Problem.of(405, null);
    }
  }

  private Problem problemFor(RuntimeException e) {
    if (e instanceof Problem p) {
      return p;
    } else if (e instanceof ConsentNotFoundException) {
      return Problem.notFound();
    } else if (e instanceof ConsentStateException) {
      return Problem.of(409, "illegal_transition");
    } else if (e instanceof FetchLimitException f) {
      Long retry =
          f.nextAllowedAt()
              .map(at -> Math.max(1, Duration.between(Instant.now(ctx.clock()), at).toSeconds()))
              .orElse(null);
      return new Problem(429, f.limit().name(), retry);
    } else if (e instanceof ConsentStoreUnavailableException) {
      return new Problem(503, "store_unavailable", 5L);
    } else if (e instanceof ConsentStoreException) {
      return Problem.of(500, null);
    } else if (e instanceof IllegalArgumentException) {
      return Problem.badRequest();
    }
    return Problem.of(500, null);
  }
}
