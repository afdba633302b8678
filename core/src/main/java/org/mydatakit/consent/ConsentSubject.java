package org.mydatakit.consent;

import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import org.mydatakit.internal.Checks;

/**
 * Whose consent it is, in pseudonyms only: the broker's own subject id for the citizen and one
 * pairwise subject per provider agency in the consent (see {@link PairwiseSubjects}).
 *
 * <p>No two parties can link their pseudonyms. {@link #toString()} shows the provider ids, never a
 * subject value.
 *
 * <pre>{@code
 * ConsentSubject subject = pairwise.derive(ci, Set.of(AgencyId.of("NHIS"), AgencyId.of("NTS")));
 * SubjectId atNhis = subject.at(AgencyId.of("NHIS")).orElseThrow();
 * }</pre>
 */
public record ConsentSubject(SubjectId brokerSubject, Map<AgencyId, SubjectId> pairwise) {

  /** Requires a broker subject and at least one pairwise subject; copies the map, sorted. */
  public ConsentSubject {
    Checks.notNull("subject broker", brokerSubject);
    Checks.notNull("subject pairwise", pairwise);
    if (pairwise.isEmpty()) {
      throw new IllegalArgumentException(
          "subject pairwise: expected at least one provider, got none");
    }
    SortedMap<AgencyId, SubjectId> copy = new TreeMap<>();
    pairwise.forEach(
        (provider, sub) ->
            copy.put(
                Checks.notNull("subject pairwise provider", provider),
                Checks.notNull("subject pairwise subject at " + provider, sub)));
    pairwise = Collections.unmodifiableSortedMap(copy);
  }

  /** Returns the subject with the given broker subject and pairwise subjects. */
  public static ConsentSubject of(SubjectId brokerSubject, Map<AgencyId, SubjectId> pairwise) {
    return new ConsentSubject(brokerSubject, pairwise);
  }

  /** The pairwise subject at {@code provider}, if the consent covers it. */
  public Optional<SubjectId> at(AgencyId provider) {
    return Optional.ofNullable(pairwise.get(provider));
  }

  /** Shows the providers only. */
  @Override
  public String toString() {
    return "ConsentSubject[broker=redacted, pairwise=" + pairwise.keySet() + "]";
  }
}
