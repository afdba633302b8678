package org.mydatakit.broker;

import java.util.List;
import java.util.Optional;
import org.mydatakit.consent.AgencyId;

/**
 * Who may take part: the agencies a broker admits, with their roles, keys, items, purposes and
 * status. One SPI, one in-memory implementation ({@link InMemoryAgencyRegistry}), a durable one in
 * {@code mydatakit-consent-store} ({@code JdbcAgencyRegistry}); every implementation passes the
 * same contract suite ({@code AgencyRegistryContract} in {@code mydatakit-store-tck}).
 *
 * <p>Guarantees every implementation gives:
 *
 * <ul>
 *   <li>each operation is one atomic step: it changes everything it says or nothing;
 *   <li>{@link #register} never replaces: of several concurrent registrations of one id exactly one
 *       succeeds, the others throw {@link AgencyExistsException} and change nothing;
 *   <li>{@link #update} and {@link #setStatus} change only an agency that is registered, and throw
 *       {@link AgencyNotFoundException} otherwise;
 *   <li>what is read is what was written, every value (an inline JWK Set compares by its JSON);
 *   <li>a database failure is a {@link ConsentStoreException} ({@link
 *       ConsentStoreUnavailableException} when the database cannot be reached), never a wrong
 *       answer.
 * </ul>
 *
 * <p>Agencies are validated when built ({@link Agency.Builder#build()}), so a registry never sees
 * malformed ones. Implementations are thread-safe.
 *
 * <pre>{@code
 * AgencyRegistry registry = new InMemoryAgencyRegistry();
 * registry.register(nhis);
 * registry.setStatus(AgencyId.of("NHIS"), Agency.Status.SUSPENDED);
 * }</pre>
 */
public interface AgencyRegistry {

  /**
   * Registers a new agency.
   *
   * @throws AgencyExistsException if an agency with its id is registered (nothing is changed)
   */
  void register(Agency agency);

  /**
   * Replaces the registered agency with {@code agency}'s id by {@code agency}, status included.
   *
   * @throws AgencyNotFoundException if no agency with its id is registered
   */
  void update(Agency agency);

  /** The agency registered under {@code id}, if any. */
  Optional<Agency> find(AgencyId id);

  /** Every registered agency, in id order. */
  List<Agency> list();

  /**
   * Sets the status of the agency {@code id} (setting the status it has already is no error).
   *
   * @return the agency as now registered
   * @throws AgencyNotFoundException if no agency {@code id} is registered
   */
  Agency setStatus(AgencyId id, Agency.Status status);
}
