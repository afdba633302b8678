package org.mydatakit.dispatch;

import java.net.URI;
import java.util.Map;
import java.util.Optional;
import org.mydatakit.broker.Agency;
import org.mydatakit.broker.AgencyRegistry;
import org.mydatakit.consent.AgencyId;
import org.mydatakit.internal.Checks;

/**
 * Where each agency receives pushed events: its event endpoint, or none for an agency that polls
 * (RFC 8936) or is not registered. The dispatcher asks once per round.
 *
 * <pre>{@code
 * EventEndpoints endpoints = EventEndpoints.of(registry); // each agency's eventEndpoint
 * }</pre>
 */
@FunctionalInterface
public interface EventEndpoints {
  /** Where {@code agency} receives pushed events; empty if it polls. */
  Optional<URI> endpoint(AgencyId agency);

  /** The event endpoints registered for the agencies ({@link Agency#eventEndpoint()}). */
  static EventEndpoints of(AgencyRegistry registry) {
    Checks.notNull("agency registry", registry);
    return agency -> registry.find(agency).flatMap(Agency::eventEndpoint);
  }

  /** Fixed endpoints, for tests and small set-ups. */
  static EventEndpoints of(Map<AgencyId, URI> endpoints) {
    Map<AgencyId, URI> copy = Map.copyOf(Checks.notNull("endpoints", endpoints));
    return agency -> Optional.ofNullable(copy.get(agency));
  }
}
