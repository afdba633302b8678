package org.mydatakit.grant;

import static org.mydatakit.grant.InvalidClientAssertionException.Reason.ALGORITHM_NOT_ALLOWED;
import static org.mydatakit.grant.InvalidClientAssertionException.Reason.FORBIDDEN_HEADER;
import static org.mydatakit.grant.InvalidClientAssertionException.Reason.MALFORMED;
import static org.mydatakit.grant.InvalidClientAssertionException.Reason.MISSING;
import static org.mydatakit.grant.InvalidClientAssertionException.Reason.UNKNOWN_CLIENT;
import static org.mydatakit.grant.InvalidClientAssertionException.Reason.WRONG_ASSERTION_TYPE;
import static org.mydatakit.grant.InvalidClientAssertionException.Reason.WRONG_TYPE;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.mydatakit.consent.AgencyId;
import org.mydatakit.internal.Checks;
import org.mydatakit.internal.CompactJws;
import org.mydatakit.internal.JwsCheck;
import org.mydatakit.internal.JwsException;
import org.mydatakit.internal.KeyRing;
import org.mydatakit.internal.StrictJson;
import org.mydatakit.keys.VerificationKeySet;

/**
 * The broker's check of a consumer's {@code private_key_jwt} client authentication (RFC 7523 §2.2,
 * OpenID Connect Core §9): a JWS signed with one of the consumer's registered keys, {@code iss} =
 * {@code sub} = the consumer, {@code aud} exactly the broker's token endpoint (one string, not an
 * array), {@code exp} at most the maximum lifetime (5 minutes) after {@code iat}, and a {@code jti}
 * accepted once.
 *
 * <p>In this order: the {@code client_assertion_type}; size (8 KiB) and canonical compact form; a
 * header of exactly {@code alg}, {@code typ} and {@code kid}; {@code alg} ES256 or PS256; {@code
 * typ} absent, {@code JWT} or {@code client-authentication+jwt} (so a grant, a receipt or a status
 * list is never taken for an assertion); {@code iss} a registered consumer; its key by {@code kid}
 * and of the same algorithm; the signature; {@code sub}, {@code aud}; {@code exp}, {@code iat},
 * optional {@code nbf} with bounded skew; the lifetime; {@code jti} not seen before.
 *
 * <pre>{@code
 * ClientAssertionVerifier clients = ClientAssertionVerifier.builder()
 *     .audience("https://broker.example/grants")          // the token endpoint, exactly
 *     .client(AgencyId.of("KB-BANK"), bankPublicKeys)     // or .clients(registry::keysOf)
 *     .build();
 * AgencyId consumer = clients.verify(form.get("client_assertion_type"), form.get("client_assertion"));
 * }</pre>
 *
 * <p>Thread-safe. {@link #verify} throws {@link InvalidClientAssertionException} for any assertion
 * whatsoever; only a failure of the {@linkplain Builder#clients lookup} itself escapes unchecked.
 */
public final class ClientAssertionVerifier {
  /** The one {@code client_assertion_type} of RFC 7523 §2.2. */
  public static final String ASSERTION_TYPE =
      "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

  private static final Set<String> HEADER_MEMBERS = Set.of("alg", "typ", "kid");
  private static final Set<String> TYPES = Set.of("JWT", "client-authentication+jwt");

  private final Function<AgencyId, Optional<VerificationKeySet>> lookup;
  private final Map<AgencyId, Prepared> prepared = new ConcurrentHashMap<>();
  private final ClientAssertionClaims claims;

  /** A consumer's key set and its ring, built once per set the lookup returns. */
  private record Prepared(VerificationKeySet keys, KeyRing ring) {}

  private ClientAssertionVerifier(Builder b) {
    this.lookup = b.lookup;
    this.claims =
        new ClientAssertionClaims(b.audience, b.clock, b.skew, b.maxLifetime, b.replayCache);
  }

  /** Starts configuring a verifier; the audience and the consumers' keys are required. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Authenticates the consumer that sent {@code assertion} (the {@code client_assertion} parameter)
   * with {@code assertionType} (the {@code client_assertion_type} parameter).
   *
   * @return the consumer, named by the assertion's {@code iss} and proven by its signature
   * @throws InvalidClientAssertionException with the reason of the first failed check
   */
  public AgencyId verify(String assertionType, String assertion)
      throws InvalidClientAssertionException {
    if (assertion == null || assertion.isEmpty()) {
      throw new InvalidClientAssertionException(MISSING);
    }
    if (!ASSERTION_TYPE.equals(assertionType)) {
      throw new InvalidClientAssertionException(WRONG_ASSERTION_TYPE);
    }
    ObjectNode payload;
    AgencyId client;
    try {
      payload = unverifiedPayload(assertion);
      client = clientOf(payload.get("iss")); // picks the keys; the signature then proves it
    } catch (RuntimeException e) {
      throw new InvalidClientAssertionException(MALFORMED);
    }
    KeyRing ring = ringOf(client); // a failing lookup is the broker's fault: thrown as is
    try {
      JwsCheck.verify(assertion, ring, null, JwsCheck.MAX_TOKEN_LENGTH);
      claims.check(client, payload);
      return client;
    } catch (JwsException e) {
      throw new InvalidClientAssertionException(reason(e.fault()));
    } catch (RuntimeException e) {
      throw new InvalidClientAssertionException(MALFORMED);
    }
  }

  /** The envelope checks that need no key, and the claims, not yet trusted. */
  private static ObjectNode unverifiedPayload(String assertion)
      throws InvalidClientAssertionException {
    CompactJws jws;
    try {
      jws = CompactJws.parse(assertion, JwsCheck.MAX_TOKEN_LENGTH);
    } catch (JwsException e) {
      throw new InvalidClientAssertionException(reason(e.fault()));
    }
    ObjectNode header = jws.header();
    for (Iterator<String> names = header.fieldNames(); names.hasNext(); ) {
      if (!HEADER_MEMBERS.contains(names.next())) {
        throw new InvalidClientAssertionException(FORBIDDEN_HEADER);
      }
    }
    JsonNode alg = header.get("alg");
    if (alg == null || !alg.isTextual() || !JwsCheck.isAllowed(alg.asText())) {
      throw new InvalidClientAssertionException(ALGORITHM_NOT_ALLOWED);
    }
    JsonNode typ = header.get("typ");
    if (typ != null && !(typ.isTextual() && TYPES.contains(typ.asText()))) {
      throw new InvalidClientAssertionException(WRONG_TYPE);
    }
    try {
      return StrictJson.object(jws.payload());
    } catch (IllegalArgumentException e) {
      throw new InvalidClientAssertionException(MALFORMED);
    }
  }

  private static AgencyId clientOf(JsonNode iss) throws InvalidClientAssertionException {
    if (iss == null || !iss.isTextual()) {
      throw new InvalidClientAssertionException(UNKNOWN_CLIENT);
    }
    try {
      return AgencyId.of(iss.asText());
    } catch (IllegalArgumentException e) {
      throw new InvalidClientAssertionException(UNKNOWN_CLIENT);
    }
  }

  private KeyRing ringOf(AgencyId client) throws InvalidClientAssertionException {
    Optional<VerificationKeySet> keys = lookup.apply(client);
    if (keys == null || keys.isEmpty()) {
      prepared.remove(client);
      throw new InvalidClientAssertionException(UNKNOWN_CLIENT);
    }
    Prepared known = prepared.get(client);
    if (known == null || known.keys() != keys.get()) {
      known = new Prepared(keys.get(), KeyRing.of(keys.get().toJson()));
      prepared.put(client, known);
    }
    return known.ring();
  }

  private static InvalidClientAssertionException.Reason reason(JwsException.Fault fault) {
    return switch (fault) {
      case TOO_LARGE -> InvalidClientAssertionException.Reason.TOO_LARGE;
      case MALFORMED -> InvalidClientAssertionException.Reason.MALFORMED;
      case FORBIDDEN_HEADER -> InvalidClientAssertionException.Reason.FORBIDDEN_HEADER;
      case ALGORITHM_NOT_ALLOWED -> InvalidClientAssertionException.Reason.ALGORITHM_NOT_ALLOWED;
      case WRONG_TYPE -> InvalidClientAssertionException.Reason.WRONG_TYPE;
      case UNKNOWN_KEY -> InvalidClientAssertionException.Reason.UNKNOWN_KEY;
      case ALGORITHM_MISMATCH -> InvalidClientAssertionException.Reason.ALGORITHM_MISMATCH;
      case BAD_SIGNATURE -> InvalidClientAssertionException.Reason.BAD_SIGNATURE;
    };
  }

  @Override
  public String toString() {
    return "ClientAssertionVerifier[audience=" + claims.audience() + "]";
  }

  /**
   * Configures a {@link ClientAssertionVerifier}. The audience and the consumers' keys ({@link
   * #client} for each, or one {@link #clients} lookup) are required. Validation happens in {@link
   * #build()}, which snapshots the settings.
   */
  public static final class Builder {
    private String audience;
    private final Map<AgencyId, VerificationKeySet> registered = new LinkedHashMap<>();
    private Function<AgencyId, Optional<VerificationKeySet>> lookup;
    private Clock clock = Clock.systemUTC();
    private Duration skew = Duration.ofSeconds(30);
    private Duration maxLifetime = Duration.ofMinutes(5);
    private DpopReplayCache replayCache;

    private Builder() {}

    /**
     * The exact {@code aud} every assertion must carry: the URL of the broker's token endpoint, as
     * the consumers are told it (compared as a string, not normalised).
     */
    public Builder audience(String tokenEndpoint) {
      Checks.notNull("audience", tokenEndpoint);
      if (tokenEndpoint.isBlank()
          || tokenEndpoint.length() > 2048
          || !tokenEndpoint.strip().equals(tokenEndpoint)) {
        throw new IllegalArgumentException(
            "audience: expected the token endpoint's url, 1 to 2048 characters, not blank");
      }
      this.audience = tokenEndpoint;
      return this;
    }

    /** Registers {@code consumer} and the public keys its assertions are signed with. */
    public Builder client(AgencyId consumer, VerificationKeySet keys) {
      Checks.notNull("consumer", consumer);
      Checks.notNull("client keys", keys);
      if (registered.putIfAbsent(consumer, keys) != null) {
        throw new IllegalArgumentException("client " + consumer + ": expected one registration");
      }
      return this;
    }

    /**
     * Looks up a consumer's public keys on every assertion, for registries that change while the
     * broker runs; empty for an unknown consumer. Called with the assertion's unverified {@code
     * iss} (a well-formed {@link AgencyId}), so it must be cheap and must not trust it. A set is
     * prepared once and reused while the lookup returns the same instance.
     */
    public Builder clients(Function<AgencyId, Optional<VerificationKeySet>> lookup) {
      this.lookup = Checks.notNull("client lookup", lookup);
      return this;
    }

    /** The clock; default the system UTC clock. */
    public Builder clock(Clock clock) {
      this.clock = Checks.notNull("clock", clock);
      return this;
    }

    /** Allowed clock difference with consumers: 0 to 5 minutes, default 30 s. */
    public Builder clockSkew(Duration skew) {
      this.skew = Checks.notNull("clock skew", skew);
      return this;
    }

    /** Longest accepted assertion lifetime ({@code exp - iat}): 1 s to 5 minutes, the default. */
    public Builder maxLifetime(Duration lifetime) {
      this.maxLifetime = Checks.notNull("max assertion lifetime", lifetime);
      return this;
    }

    /**
     * Where assertion ids ({@code jti}, per consumer) are remembered; default a 100,000-entry
     * in-memory cache of its own. Several broker nodes need one shared cache.
     */
    public Builder replayCache(DpopReplayCache cache) {
      this.replayCache = Checks.notNull("replay cache", cache);
      return this;
    }

    /**
     * Validates the settings and builds the verifier.
     *
     * @throws IllegalStateException naming what is missing, contradictory or out of range
     */
    public ClientAssertionVerifier build() {
      if (audience == null) {
        throw new IllegalStateException("client assertion verifier: expected audience(...)");
      }
      if (registered.isEmpty() && lookup == null) {
        throw new IllegalStateException(
            "client assertion verifier: expected client(...) or clients(lookup)");
      }
      if (!registered.isEmpty() && lookup != null) {
        throw new IllegalStateException(
            "client assertion verifier: client(...) contradicts clients(lookup)");
      }
      Ranges.require("clock skew", skew, Duration.ZERO, Duration.ofMinutes(5));
      Ranges.require(
          "max assertion lifetime", maxLifetime, Duration.ofSeconds(1), Duration.ofMinutes(5));
      Builder snapshot = new Builder();
      snapshot.audience = audience;
      Map<AgencyId, VerificationKeySet> clients = Map.copyOf(registered);
      snapshot.lookup = lookup != null ? lookup : id -> Optional.ofNullable(clients.get(id));
      snapshot.clock = clock;
      snapshot.skew = skew;
      snapshot.maxLifetime = maxLifetime;
      snapshot.replayCache = replayCache == null ? DpopReplayCache.inMemory(100_000) : replayCache;
      return new ClientAssertionVerifier(snapshot);
    }
  }
}
