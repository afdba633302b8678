package org.mydatakit.server;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.mydatakit.broker.AgencyRefusedException;
import org.mydatakit.broker.ConsentBroker;
import org.mydatakit.broker.ConsentNotFoundException;
import org.mydatakit.broker.ConsentStore;
import org.mydatakit.broker.FetchLimitException;
import org.mydatakit.broker.FetchOutcome;
import org.mydatakit.broker.GrantRecord;
import org.mydatakit.consent.AgencyId;
import org.mydatakit.consent.CitizenIdentifier;
import org.mydatakit.consent.Consent;
import org.mydatakit.consent.ConsentId;
import org.mydatakit.consent.ConsentStateException;
import org.mydatakit.consent.ItemCode;
import org.mydatakit.grant.ClientAssertionVerifier;
import org.mydatakit.grant.Grant;
import org.mydatakit.grant.InvalidGrantException;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * The consumer's API, every call authenticated by {@link ConsumerAuthentication}: {@code POST
 * /consents} (request a consent naming the citizen, 201), {@code GET /consents/{id}} and {@code GET
 * /consents} (the caller's own consents only; another consumer's is 404) and {@code POST /grants}
 * (the token endpoint: a grant for an ACTIVE consent and one of its providers, bound to the key of
 * the {@code DPoP} proof). A body carries the assertion as {@code client_assertion_type} and {@code
 * client_assertion}; a GET, which has no body, in the {@code Client-Assertion} header.
 *
 * <p>A consent is shown in the consumer's view: {@code ConsentJson} without {@code subject}, so
 * neither the broker-wide nor a provider's pairwise subject reaches a consumer. The citizen
 * identifier is accepted only in the body of {@code POST /consents}; it is never logged nor echoed.
 */
@RestController
class ConsumerController {
  static final String CONSENTS = "/consents";
  static final String GRANTS = "/grants";
  static final String FETCHES = "/fetches";
  static final String ASSERTION_HEADER = "Client-Assertion";
  static final String JSON_TYPE = HttpJson.TYPE;

  private static final ObjectMapper JSON = new ObjectMapper();

  private final ConsentBroker broker;
  private final ConsumerAuthentication callers;
  private final BrokerMetrics metrics;
  private final ConsentStore store;

  ConsumerController(
      ConsentBroker broker,
      ConsumerAuthentication callers,
      BrokerMetrics metrics,
      ConsentStore store) {
    this.broker = broker;
    this.store = store;
    this.callers = callers;
    this.metrics = metrics;
  }

  /** {@code POST /grants}. */
  record GrantBody(
      @JsonProperty("client_assertion_type") String clientAssertionType,
      @JsonProperty("client_assertion") String clientAssertion,
      String consentId,
      String provider) {
    @Override
    public String toString() {
      return "GrantBody[consentId=" + consentId + ", provider=" + provider + "]";
    }
  }

  /** {@code POST /fetches}. */
  record FetchBody(
      @JsonProperty("client_assertion_type") String clientAssertionType,
      @JsonProperty("client_assertion") String clientAssertion,
      String grantId,
      String provider,
      List<String> items,
      String transactionId,
      String outcome,
      String receipt) {
    @Override
    public String toString() {
      return "FetchBody[provider=" + provider + ", outcome=" + outcome + "]";
    }
  }

  @PostMapping(path = CONSENTS, consumes = JSON_TYPE)
  ResponseEntity<String> create(HttpServletRequest request) throws IOException {
    ConsentBodies.Create body = HttpJson.read(request, ConsentBodies.Create.class);
    AgencyId consumer = callers.consumer(body.clientAssertionType(), body.clientAssertion());
    var consentRequest = ConsentBodies.request(body, consumer);
    try (CitizenIdentifier citizen = citizen(body.citizen())) {
      Consent consent;
      try {
        consent = broker.request(consentRequest, citizen, body.idempotencyKey());
      } catch (AgencyRefusedException e) {
        throw Problem.of(403, "agency_refused");
      } catch (IllegalArgumentException e) {
        throw Problem.badRequest();
      }
      metrics.consentRequested();
      return HttpJson.answer(201, ConsentViews.withoutSubjects(consent));
    }
  }

  @GetMapping(path = CONSENTS + "/{id}")
  ResponseEntity<String> read(
      @PathVariable("id") String id,
      @RequestHeader(name = ASSERTION_HEADER, required = false) String assertion) {
    AgencyId consumer = callers.consumer(ClientAssertionVerifier.ASSERTION_TYPE, assertion);
    return HttpJson.answer(200, ConsentViews.withoutSubjects(own(consentId(id, 404), consumer)));
  }

  @GetMapping(path = CONSENTS)
  ResponseEntity<String> list(
      @RequestHeader(name = ASSERTION_HEADER, required = false) String assertion) {
    AgencyId consumer = callers.consumer(ClientAssertionVerifier.ASSERTION_TYPE, assertion);
    ArrayNode list = JSON.createArrayNode();
    for (Consent consent : broker.consentsOf(consumer)) {
      list.add(ConsentViews.withoutSubjects(consent));
    }
    return HttpJson.answer(200, list);
  }

  @PostMapping(path = GRANTS, consumes = JSON_TYPE)
  ResponseEntity<String> grant(HttpServletRequest request) throws IOException {
    Grant grant;
    try {
      grant = issue(request);
    } catch (Problem refused) {
      metrics.grantRefused(refused);
      throw refused;
    }
    metrics.grantIssued();
    ObjectNode answer = JSON.createObjectNode();
    answer.put("grant", grant.token());
    answer.put("grantId", grant.grantId());
    answer.put("expiresAt", grant.expiresAt().toString());
    return HttpJson.answer(200, answer);
  }

  /**
   * {@code POST /fetches}: the consumer reports a fetch made with one of its grants, for the
   * citizen's access history; a delivery may carry the provider's signed receipt, which the broker
   * verifies when it is configured with the providers' keys. A grant that is unknown or another
   * consumer's is a 404 {@code unknown_grant}; 204 once recorded.
   */
  @PostMapping(path = FETCHES, consumes = JSON_TYPE)
  ResponseEntity<Void> fetched(HttpServletRequest request) throws IOException {
    FetchBody body = HttpJson.read(request, FetchBody.class);
    AgencyId consumer = callers.consumer(body.clientAssertionType(), body.clientAssertion());
    String proof = proof(request);
    if (proof != null) { // optional here; checked when sent
      callers.proofKey(proof, "POST", FETCHES);
    }
    GrantRecord grant =
        (body.grantId() == null ? Optional.<GrantRecord>empty() : store.findGrant(body.grantId()))
            .filter(
                g ->
                    broker
                        .find(g.consentId())
                        .map(c -> c.consumer().equals(consumer))
                        .orElse(false))
            .orElseThrow(() -> Problem.of(404, "unknown_grant"));
    AgencyId provider = agency(body.provider());
    Set<ItemCode> items = new TreeSet<>();
    FetchOutcome outcome;
    try {
      body.items().forEach(i -> items.add(ItemCode.of(i)));
      outcome = FetchOutcome.valueOf(body.outcome());
    } catch (RuntimeException e) {
      throw Problem.badRequest();
    }
    if (!provider.equals(grant.provider())
        || !grant.scope().containsAll(items)
        || items.isEmpty()) {
      throw Problem.badRequest();
    }
    try {
      if (body.receipt() != null && broker.requiresDeliveryReceipts()) {
        if (outcome != FetchOutcome.DELIVERED) {
          throw Problem.badRequest();
        }
        broker.recordDelivery(provider, body.receipt());
      } else if (outcome == FetchOutcome.DELIVERED && broker.requiresDeliveryReceipts()) {
        throw Problem.of(400, "receipt_required");
      } else {
        broker.recordFetch(grant.grantId(), provider, items, body.transactionId(), outcome);
      }
    } catch (InvalidGrantException e) {
      throw Problem.of(400, "invalid_receipt");
    } catch (IllegalArgumentException e) {
      throw Problem.badRequest(); // a transaction id that is not a token, say
    }
    metrics.fetchRecorded(outcome);
    return ResponseEntity.noContent().header("Cache-Control", "no-store").build();
  }

  /** {@code POST /consents/{id}/revoke}. */
  record RevokeBody(
      @JsonProperty("client_assertion_type") String clientAssertionType,
      @JsonProperty("client_assertion") String clientAssertion,
      String reason) {
    @Override
    public String toString() {
      return "RevokeBody[]";
    }
  }

  /**
   * {@code POST /consents/{id}/revoke}: the consumer revokes one of its own ACTIVE or PAUSED
   * consents (it no longer needs the data, say), recorded as revoked by the consumer; 409 {@code
   * illegal_transition} in another state, 404 for another consumer's.
   */
  @PostMapping(path = CONSENTS + "/{id}/revoke", consumes = JSON_TYPE)
  ResponseEntity<String> revoke(@PathVariable("id") String id, HttpServletRequest request)
      throws IOException {
    RevokeBody body = HttpJson.read(request, RevokeBody.class);
    AgencyId consumer = callers.consumer(body.clientAssertionType(), body.clientAssertion());
    Consent consent = own(consentId(id, 404), consumer);
    String reason = body.reason() == null ? "revoked by the consumer" : body.reason();
    if (reason.isBlank() || reason.length() > 200) {
      throw Problem.badRequest();
    }
    try {
      return HttpJson.answer(
          200,
          ConsentViews.withoutSubjects(
              broker.revoke(consent.id(), org.mydatakit.consent.RevokedBy.CONSUMER, reason)));
    } catch (ConsentStateException e) {
      throw Problem.of(409, "illegal_transition");
    } catch (ConsentNotFoundException e) {
      throw Problem.notFound();
    }
  }

  /** The grant {@code POST /grants} asks for, or the problem that refuses it. */
  private Grant issue(HttpServletRequest request) throws IOException {
    GrantBody body = HttpJson.read(request, GrantBody.class);
    AgencyId consumer = callers.consumer(body.clientAssertionType(), body.clientAssertion());
    String jkt = callers.proofKey(proof(request), "POST", GRANTS);
    Consent consent = own(consentId(body.consentId(), 400), consumer);
    AgencyId provider = agency(body.provider());
    try {
      return broker.issueGrant(consent.id(), provider, jkt);
    } catch (ConsentNotFoundException e) {
      throw Problem.notFound();
    } catch (AgencyRefusedException e) {
      throw Problem.of(403, "agency_refused");
    } catch (ConsentStateException e) {
      throw Problem.of(409, "illegal_transition");
    } catch (FetchLimitException e) {
      throw Problem.fetchLimit(e.limit().name(), e.nextAllowedAt().orElse(null));
    } catch (IllegalArgumentException e) {
      throw Problem.badRequest(); // no items at that provider
    }
  }

  /** The consent if {@code consumer} is its consumer; 404 otherwise, as if it did not exist. */
  private Consent own(ConsentId id, AgencyId consumer) {
    return broker
        .find(id)
        .filter(c -> c.consumer().equals(consumer))
        .orElseThrow(Problem::notFound);
  }

  /** The one {@code DPoP} header (RFC 9449 §4.3), or null; several are a 401. */
  private static String proof(HttpServletRequest request) {
    List<String> proofs = Collections.list(request.getHeaders("DPoP"));
    if (proofs.size() > 1) {
      throw Problem.of(401, "invalid_dpop_proof");
    }
    return proofs.isEmpty() ? null : proofs.get(0);
  }

  private static ConsentId consentId(String text, int statusIfBad) {
    try {
      return ConsentId.parse(text);
    } catch (RuntimeException e) {
      throw statusIfBad == 404 ? Problem.notFound() : Problem.badRequest();
    }
  }

  private static AgencyId agency(String id) {
    try {
      return AgencyId.of(id);
    } catch (RuntimeException e) {
      throw Problem.badRequest();
    }
  }

  private static CitizenIdentifier citizen(String ci) {
    try {
      return CitizenIdentifier.of(ci);
    } catch (RuntimeException e) {
      throw Problem.badRequest();
    }
  }
}
