package org.mydatakit.broker;

import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import org.mydatakit.consent.AgencyId;
import org.mydatakit.internal.Checks;

/**
 * An {@link AgencyRegistry} in memory: for tests, demos and single-process brokers that may lose it
 * on restart. Thread-safe: one lock makes every operation atomic.
 *
 * <pre>{@code
 * AgencyRegistry registry = new InMemoryAgencyRegistry();
 * }</pre>
 */
public final class InMemoryAgencyRegistry implements AgencyRegistry {
  private final TreeMap<AgencyId, Agency> agencies = new TreeMap<>();

  /** An empty registry. */
  public InMemoryAgencyRegistry() {}

  @Override
  public synchronized void register(Agency agency) {
    Checks.notNull("agency", agency);
    if (agencies.containsKey(agency.id())) {
      throw new AgencyExistsException(agency.id());
    }
    agencies.put(agency.id(), agency);
  }

  @Override
  public synchronized void update(Agency agency) {
    Checks.notNull("agency", agency);
    if (!agencies.containsKey(agency.id())) {
      throw new AgencyNotFoundException("update", agency.id());
    }
    agencies.put(agency.id(), agency);
  }

  @Override
  public synchronized Optional<Agency> find(AgencyId id) {
    Checks.notNull("agency id", id);
    return Optional.ofNullable(agencies.get(id));
  }

  @Override
  public synchronized List<Agency> list() {
    return List.copyOf(agencies.values());
  }

  @Override
  public synchronized Agency setStatus(AgencyId id, Agency.Status status) {
    Checks.notNull("agency id", id);
    Checks.notNull("agency status", status);
    Agency agency = agencies.get(id);
    if (agency == null) {
      throw new AgencyNotFoundException("set the status of", id);
    }
    Agency changed = agency.withStatus(status);
    agencies.put(id, changed);
    return changed;
  }

  @Override
  public String toString() {
    return "InMemoryAgencyRegistry";
  }
}
