package org.mydatakit.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.mydatakit.consent.AgencyId;
import org.mydatakit.consent.ConsentId;
import org.mydatakit.internal.Checks;
import org.mydatakit.internal.JwsException;
import org.mydatakit.internal.JwsSigning;
import org.mydatakit.internal.KeyRing;
import org.mydatakit.internal.SignedTokens;
import org.mydatakit.internal.StrictJson;
import org.mydatakit.keys.SigningKeySet;
import org.mydatakit.keys.VerificationKeySet;

/**
 * Erasure attestations: a consumer tells the broker, in a Security Event Token it signs, that it
 * erased the deliveries it fetched under a consent (after {@code retention-ended}, or on its own).
 *
 * <p>The header's {@code typ} is {@value #TYPE} and its algorithm is the consumer key's (ES256 or
 * PS256). The claims are exactly {@code iss} (the consumer's agency id), {@code aud} (the broker's
 * issuer), {@code iat}, a unique {@code jti} and {@code events} with one member, {@value
 * #EVENT_URI}:
 *
 * <pre>{@code
 * {"consentId": "0190b8c2-7d3e-7abc-8def-0123456789ab",
 *  "deliveries": ["T2026120700000001", "T2026120700000002"],   // 1 to 100 ids
 *  "erasedAt": 1765098000}                                    // epoch seconds, not after iat
 * }</pre>
 *
 * <p>The verifier accepts nothing else: another {@code typ} or algorithm, another member anywhere,
 * a repeated or malformed delivery id, more than {@value #MAX_DELIVERIES} of them, or a token over
 * 32 KiB are refused {@code invalid_request}, like {@link SecurityEventTokens.Verifier}.
 *
 * <pre>{@code
 * String set = ErasureAttestations.signer(bankKeys, AgencyId.of("KB-BANK"), "https://broker.example")
 *     .sign(consentId, List.of("T2026120700000001"), erasedAt);
 * ErasureAttestation attested =
 *     ErasureAttestations.verifier(bankJwks, AgencyId.of("KB-BANK"), "https://broker.example")
 *         .verify(set);
 * }</pre>
 */
public final class ErasureAttestations {
  /** The header's {@code typ}: {@code secevent+jwt}, as for consent events. */
  public static final String TYPE = SecurityEventTokens.TYPE;

  /** The event's URI, the one member of {@code events}. */
  public static final String EVENT_URI = ConsentEventType.NAMESPACE + "erasure-attested";

  /** The most deliveries one attestation names; more take several attestations. */
  public static final int MAX_DELIVERIES = 100;

  private static final int MAX_TOKEN_LENGTH = 32 * 1024;
  private static final Set<String> CLAIMS = Set.of("iss", "aud", "iat", "jti", "events");
  private static final Set<String> PAYLOAD = Set.of("consentId", "deliveries", "erasedAt");

  private ErasureAttestations() {}

  /** A consumer's signer: with {@code keys}' current key, as {@code consumer}, to the broker. */
  public static Signer signer(SigningKeySet keys, AgencyId consumer, String brokerIssuer) {
    return new Signer(keys, consumer, brokerIssuer, Clock.systemUTC());
  }

  /** The broker's verifier of one consumer's attestations, signed with that consumer's keys. */
  public static Verifier verifier(
      VerificationKeySet consumerKeys, AgencyId consumer, String brokerIssuer) {
    return new Verifier(consumerKeys, consumer, brokerIssuer);
  }

  /** Signs a consumer's erasure attestations. Thread-safe. */
  public static final class Signer {
    private final JwsSigning signing;
    private final AgencyId consumer;
    private final String audience;
    private final Clock clock;

    private Signer(SigningKeySet keys, AgencyId consumer, String audience, Clock clock) {
      this.signing = JwsSigning.current(Checks.notNull("keys", keys).exportPrivateJwks());
      this.consumer = Checks.notNull("consumer", consumer);
      this.audience = Checks.issuer(audience);
      this.clock = clock;
    }

    /**
     * An attestation, with a fresh {@code jti}, that {@code deliveries} fetched under {@code
     * consentId} were erased at {@code erasedAt}. Keep it until the broker acknowledged it: sent
     * again, it is counted once.
     *
     * @throws IllegalArgumentException if a delivery id is malformed or repeated, there are none or
     *     more than {@value #MAX_DELIVERIES}, or {@code erasedAt} is in the future
     */
    public String sign(ConsentId consentId, List<String> deliveries, Instant erasedAt) {
      Checks.notNull("consent id", consentId);
      List<String> ids = ErasureAttestation.checkDeliveries(deliveries);
      Checks.notNull("erased at", erasedAt);
      long now = clock.instant().getEpochSecond();
      if (erasedAt.getEpochSecond() > now || erasedAt.getEpochSecond() < 0) {
        throw new IllegalArgumentException("erased at: expected a time from 1970 up to now");
      }
      ObjectNode claims = StrictJson.mapper().createObjectNode();
      claims.put("iss", consumer.value());
      claims.put("aud", audience);
      claims.put("iat", now);
      claims.put("jti", UUID.randomUUID().toString());
      ObjectNode payload = claims.putObject("events").putObject(EVENT_URI);
      payload.put("consentId", consentId.toString());
      ArrayNode list = payload.putArray("deliveries");
      ids.forEach(list::add);
      payload.put("erasedAt", erasedAt.getEpochSecond());
      return signing.sign(TYPE, claims.toString(), false);
    }

    @Override
    public String toString() {
      return "ErasureAttestations.Signer[" + consumer.value() + "]";
    }
  }

  /** Verifies one consumer's erasure attestations on the broker's side. Thread-safe. */
  public static final class Verifier {
    private final KeyRing keys;
    private final AgencyId consumer;
    private final String audience;

    private Verifier(VerificationKeySet keys, AgencyId consumer, String audience) {
      this.keys = KeyRing.of(Checks.notNull("keys", keys).toJson());
      this.consumer = Checks.notNull("consumer", consumer);
      this.audience = Checks.issuer(audience);
    }

    /**
     * The attestation, if {@code token} is a {@value #TYPE} signed by the consumer's keys, issued
     * by the consumer, for this broker, of exactly the form above.
     *
     * @throws InvalidSecurityEventException with the RFC 8935 code to answer
     */
    public ErasureAttestation verify(String token) throws InvalidSecurityEventException {
      ObjectNode claims;
      try {
        claims = SignedTokens.claims(token, keys, TYPE, MAX_TOKEN_LENGTH);
      } catch (JwsException e) {
        InvalidSecurityEventException.Code code =
            switch (e.fault()) {
              case UNKNOWN_KEY, BAD_SIGNATURE, ALGORITHM_MISMATCH ->
                  InvalidSecurityEventException.Code.INVALID_KEY;
              default -> InvalidSecurityEventException.Code.INVALID_REQUEST;
            };
        throw new InvalidSecurityEventException(code, e.fault().description());
      }
      try {
        onlyMembers(claims, CLAIMS, "the claims");
        if (!consumer.value().equals(SignedTokens.text(claims, "iss"))) {
          throw new InvalidSecurityEventException(
              InvalidSecurityEventException.Code.INVALID_ISSUER, "another issuer");
        }
        if (!audience.equals(SignedTokens.text(claims, "aud"))) {
          throw new InvalidSecurityEventException(
              InvalidSecurityEventException.Code.INVALID_AUDIENCE, "another audience");
        }
        String jti = SignedTokens.text(claims, "jti");
        long iat = SignedTokens.date(claims, "iat");
        if (jti == null || iat < 0) {
          throw bad("expected a jti and an iat");
        }
        JsonNode events = claims.get("events");
        if (events == null || !events.isObject() || events.size() != 1 || !events.has(EVENT_URI)) {
          throw bad("expected exactly the erasure-attested event");
        }
        JsonNode payload = events.get(EVENT_URI);
        if (!payload.isObject()) {
          throw bad("expected the event's members");
        }
        onlyMembers((ObjectNode) payload, PAYLOAD, "the event");
        ObjectNode event = (ObjectNode) payload;
        String consentId = SignedTokens.text(event, "consentId");
        long erasedAt = SignedTokens.date(event, "erasedAt");
        JsonNode list = event.get("deliveries");
        if (consentId == null || erasedAt < 0 || list == null || !list.isArray()) {
          throw bad("expected consentId, deliveries and erasedAt");
        }
        if (erasedAt > iat) {
          throw bad("expected erasedAt not after iat");
        }
        if (list.size() > MAX_DELIVERIES) {
          throw bad("expected at most " + MAX_DELIVERIES + " deliveries");
        }
        List<String> deliveries = new ArrayList<>();
        for (JsonNode delivery : list) {
          if (!delivery.isTextual()) {
            throw bad("expected delivery ids as text");
          }
          deliveries.add(delivery.asText());
        }
        return new ErasureAttestation(
            jti, consumer, ConsentId.parse(consentId), deliveries, Instant.ofEpochSecond(erasedAt));
      } catch (InvalidSecurityEventException e) {
        throw e;
      } catch (RuntimeException e) {
        // a member out of form; its message may quote the value: not kept
        throw bad("a member is missing or out of form");
      }
    }

    private static void onlyMembers(ObjectNode node, Set<String> allowed, String what)
        throws InvalidSecurityEventException {
      if (node.size() != allowed.size()) {
        throw bad("expected exactly the members of " + what);
      }
      for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
        if (!allowed.contains(names.next())) {
          throw bad("expected exactly the members of " + what);
        }
      }
    }

    private static InvalidSecurityEventException bad(String why) {
      return new InvalidSecurityEventException(
          InvalidSecurityEventException.Code.INVALID_REQUEST, why);
    }

    @Override
    public String toString() {
      return "ErasureAttestations.Verifier[" + consumer.value() + " to " + audience + "]";
    }
  }
}
