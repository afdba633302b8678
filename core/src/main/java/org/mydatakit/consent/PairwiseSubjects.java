package org.mydatakit.consent;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.mydatakit.internal.Checks;
import org.mydatakit.internal.Hkdf;

/**
 * Derives a citizen's pseudonymous subjects from their real identifier (CI) under the broker's
 * master secret: one subject for the broker and one pairwise subject per provider agency.
 *
 * <p>Each provider's key is HKDF-SHA256 (RFC 5869) of the master secret with info {@code
 * "mydatakit/pairwise/v1/" + providerId}; the broker's key uses info {@code
 * "mydatakit/broker-subject/v1"}. A subject is the base64url (no padding) HMAC-SHA256 of the CI's
 * UTF-8 bytes under that key. The broker gives each provider its {@link #providerKey(AgencyId)} at
 * onboarding, so the provider computes the same subject over its own records with {@link
 * #subjectFor(byte[], CitizenIdentifier)}; no one else can link two pseudonyms of one citizen.
 *
 * <pre>{@code
 * PairwiseSubjects subjects = PairwiseSubjects.of(masterSecret);
 * try (CitizenIdentifier ci = CitizenIdentifier.of(ciFromAuthentication)) {
 *   ConsentSubject subject = subjects.derive(ci, Set.of(AgencyId.of("NHIS")));
 * }
 * // at the provider, with the key it received at onboarding:
 * SubjectId same = PairwiseSubjects.subjectFor(nhisKey, ci);
 * }</pre>
 *
 * <p>Thread-safe. The master secret is copied and never shown; {@link #toString()} is redacted.
 */
public final class PairwiseSubjects {
  /** The minimum length of the master secret and of a provider key, in bytes. */
  public static final int MIN_KEY_BYTES = 32;

  private static final String PAIRWISE_INFO = "mydatakit/pairwise/v1/";
  private static final String BROKER_INFO = "mydatakit/broker-subject/v1";

  private final byte[] masterSecret;

  private PairwiseSubjects(byte[] masterSecret) {
    this.masterSecret = masterSecret;
  }

  /**
   * Returns a deriver over a copy of {@code masterSecret}, at least 32 bytes of secret randomness.
   */
  public static PairwiseSubjects of(byte[] masterSecret) {
    checkKey("master secret", masterSecret);
    return new PairwiseSubjects(masterSecret.clone());
  }

  /** Derives the broker subject and one pairwise subject for each of {@code providers}. */
  public ConsentSubject derive(CitizenIdentifier ci, Set<AgencyId> providers) {
    Checks.notNull("citizen identifier", ci);
    Checks.notNull("providers", providers);
    Map<AgencyId, SubjectId> pairwise = new TreeMap<>();
    for (AgencyId provider : providers) {
      pairwise.put(Checks.notNull("provider", provider), at(ci, provider));
    }
    return new ConsentSubject(brokerSubject(ci), pairwise);
  }

  /** The broker's own subject for the citizen: how the broker finds a citizen's consents. */
  public SubjectId brokerSubject(CitizenIdentifier ci) {
    Checks.notNull("citizen identifier", ci);
    byte[] brokerKey = key(BROKER_INFO);
    try {
      return subjectFor(brokerKey, ci);
    } finally {
      Arrays.fill(brokerKey, (byte) 0);
    }
  }

  /** The pairwise subject of the citizen at {@code provider}. */
  public SubjectId at(CitizenIdentifier ci, AgencyId provider) {
    byte[] key = providerKey(provider);
    try {
      return subjectFor(key, ci);
    } finally {
      Arrays.fill(key, (byte) 0);
    }
  }

  /**
   * The 32-byte key that {@code provider} receives at onboarding. A secret: hand it over only on a
   * confidential, authenticated channel. Returns a fresh array the caller may zero.
   */
  public byte[] providerKey(AgencyId provider) {
    Checks.notNull("provider", provider);
    return key(PAIRWISE_INFO + provider.value());
  }

  /** The subject of the citizen under {@code key}: how a provider finds the citizen's records. */
  public static SubjectId subjectFor(byte[] key, CitizenIdentifier ci) {
    checkKey("provider key", key);
    Checks.notNull("citizen identifier", ci);
    byte[] bytes = ci.utf8();
    try {
      byte[] mac = Hkdf.hmac(key).doFinal(bytes);
      return SubjectId.parse(Base64.getUrlEncoder().withoutPadding().encodeToString(mac));
    } finally {
      Arrays.fill(bytes, (byte) 0);
    }
  }

  private byte[] key(String info) {
    return Hkdf.deriveSha256(
        null, masterSecret, info.getBytes(StandardCharsets.UTF_8), MIN_KEY_BYTES);
  }

  private static void checkKey(String what, byte[] key) {
    Checks.notNull(what, key);
    if (key.length < MIN_KEY_BYTES) {
      throw new IllegalArgumentException(
          what + ": expected at least " + MIN_KEY_BYTES + " bytes, got " + key.length);
    }
  }

  @Override
  public String toString() {
    return "PairwiseSubjects[redacted]";
  }
}
