package org.mydatakit.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import org.mydatakit.broker.Agency;
import org.mydatakit.broker.AgencyRegistry;
import org.mydatakit.broker.ConsentBroker;
import org.mydatakit.broker.ConsentNotFoundException;
import org.mydatakit.consent.AgencyId;
import org.mydatakit.dispatch.EventPoll;
import org.mydatakit.events.ErasureAttestation;
import org.mydatakit.events.ErasureAttestations;
import org.mydatakit.events.InvalidSecurityEventException;
import org.mydatakit.grant.ClientAssertionVerifier;
import org.mydatakit.keys.VerificationKeySet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * Consent events the agencies fetch or send: {@code POST /events/poll} (RFC 8936, for an agency
 * registered without an event endpoint; authenticated with its client assertion in the {@code
 * Client-Assertion} header) and {@code POST /events/erasure} (a consumer's erasure attestation, a
 * SET signed with its registered key, answered as RFC 8935 asks: {@code 202}, or {@code 400} with
 * an {@code err} code).
 */
@RestController
class EventsController {
  static final String POLL = "/events/poll";
  static final String ERASURE = "/events/erasure";
  static final String SET_TYPE = "application/secevent+jwt";
  private static final int MAX_SET = 32 * 1024;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Logger LOG = LoggerFactory.getLogger(EventsController.class);

  private final EventPoll poll;
  private final ConsumerAuthentication callers;
  private final AgencyRegistry agencies;
  private final ConsentBroker broker;
  private final String issuer;

  EventsController(
      EventPoll poll,
      ConsumerAuthentication callers,
      AgencyRegistry agencies,
      ConsentBroker broker,
      BrokerProperties properties) {
    this.poll = poll;
    this.callers = callers;
    this.agencies = agencies;
    this.broker = broker;
    this.issuer = properties.issuer();
  }

  @PostMapping(path = POLL, consumes = HttpJson.TYPE)
  ResponseEntity<String> poll(
      @RequestHeader(name = ConsumerController.ASSERTION_HEADER, required = false) String assertion,
      HttpServletRequest request)
      throws IOException {
    AgencyId agency = callers.agency(ClientAssertionVerifier.ASSERTION_TYPE, assertion);
    byte[] body = body(request, HttpJson.MAX_BODY);
    String answer;
    try {
      answer = poll.answer(agency, new String(body, StandardCharsets.UTF_8));
    } catch (IllegalArgumentException e) {
      return refused("invalid_request", e.getMessage());
    }
    return HttpJson.answer(200, JSON.readTree(answer));
  }

  @PostMapping(path = ERASURE, consumes = SET_TYPE)
  ResponseEntity<String> erasure(HttpServletRequest request) throws IOException {
    String token = new String(body(request, MAX_SET), StandardCharsets.US_ASCII);
    Optional<AgencyId> claimed = issuerOf(token);
    Optional<Agency> consumer = claimed.flatMap(agencies::find);
    if (consumer.isEmpty() || !consumer.get().roles().contains(Agency.Role.CONSUMER)) {
      return refused("invalid_issuer", "expected a registered consumer as the issuer");
    }
    AgencyId id = consumer.get().id();
    Optional<VerificationKeySet> keys = callers.keysOf(id);
    if (keys.isEmpty()) {
      return refused("invalid_key", "the consumer has no registered keys");
    }
    ErasureAttestation attestation;
    try {
      attestation = ErasureAttestations.verifier(keys.get(), id, issuer).verify(token);
    } catch (InvalidSecurityEventException e) {
      LOG.debug("erasure attestation refused: {}", e.code().err());
      return refused(e.code().err(), "the attestation was refused");
    }
    try {
      broker.recordErasure(
          attestation.jti(),
          attestation.consentId(),
          attestation.consumer(),
          attestation.deliveries(),
          attestation.erasedAt(),
          token);
    } catch (ConsentNotFoundException e) {
      return refused("invalid_request", "expected a consent of the broker's");
    } catch (IllegalArgumentException e) {
      return refused("access_denied", "expected the consent's own consumer");
    }
    return ResponseEntity.status(HttpStatus.ACCEPTED).build();
  }

  /** The unverified {@code iss} of a compact JWS, only to choose the keys that verify it. */
  private static Optional<AgencyId> issuerOf(String token) {
    String[] parts = token.split("\\.", -1);
    if (parts.length != 3) {
      return Optional.empty();
    }
    try {
      JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
      JsonNode iss = claims == null ? null : claims.get("iss");
      return iss != null && iss.isTextual()
          ? Optional.of(AgencyId.of(iss.asText()))
          : Optional.empty();
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  private static byte[] body(HttpServletRequest request, int max) throws IOException {
    if (request.getContentLengthLong() > max) {
      throw Problem.of(413, null);
    }
    byte[] bytes;
    try (InputStream in = request.getInputStream()) {
      bytes = in.readNBytes(max + 1);
    }
    if (bytes.length > max) {
      throw Problem.of(413, null);
    }
    return bytes;
  }

  /** RFC 8935 §2.4 / RFC 8936 §2.4.4: 400 with {@code err} and a fixed description. */
  private static ResponseEntity<String> refused(String err, String description) {
    ObjectNode body = JSON.createObjectNode();
    body.put("err", err);
    body.put("description", description);
    return HttpJson.answer(400, body);
  }
}
