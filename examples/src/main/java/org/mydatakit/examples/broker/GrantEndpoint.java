package org.mydatakit.examples.broker;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.mydatakit.broker.FetchOutcome;
import org.mydatakit.consent.AgencyId;
import org.mydatakit.consent.Consent;
import org.mydatakit.consent.ItemCode;
import org.mydatakit.grant.Grant;
import org.mydatakit.grant.InvalidGrantException;

/**
 * {@code POST /grants} (the token endpoint: client assertion plus DPoP proof, the grant bound to
 * the proof's key) and {@code POST /fetches} (the consumer reports a fetch for the access history;
 * a delivery with the provider's signed {@code receipt}, which the broker verifies).
 */
final class GrantEndpoint extends Endpoint {
  /** Which consumer got which grant: fetches are recorded only by the grant's own consumer. */
  private final Map<String, Issued> issued = new ConcurrentHashMap<>();

  private record Issued(AgencyId consumer, Instant forgetAfter) {}

  record GrantBody(
      @JsonProperty("client_assertion_type") String clientAssertionType,
      @JsonProperty("client_assertion") String clientAssertion,
      String consentId,
      String provider) {}

  record FetchBody(
      @JsonProperty("client_assertion_type") String clientAssertionType,
      @JsonProperty("client_assertion") String clientAssertion,
      String grantId,
      String provider,
      List<String> items,
      String transactionId,
      String outcome,
      String receipt) {}

  GrantEndpoint(BrokerServer.Context ctx) {
    super(ctx);
  }

  @Override
  void serve(HttpExchange ex, String method, String path) throws IOException {
    if (!path.equals("/grants") && !path.equals("/fetches")) {
      throw Problem.notFound();
    }
    requireMethod(method, "POST");
    if (path.equals("/grants")) {
      grant(ex);
    } else {
      fetched(ex);
    }
  }

  private void grant(HttpExchange ex) throws IOException {
    GrantBody body;
    if (Exchanges.isForm(ex)) { // RFC 7523 §2.2 as a form, or the same members as JSON
      Map<String, String> f = Exchanges.form(ex);
      body =
          new GrantBody(
              f.get("client_assertion_type"),
              f.get("client_assertion"),
              f.get("consentId"),
              f.get("provider"));
    } else {
      body = Exchanges.json(ex, GrantBody.class);
    }
    AgencyId consumer = ctx.callers().consumer(body.clientAssertionType(), body.clientAssertion());
    String jkt = ctx.callers().proofKey(proof(ex), "POST", endpoint("/grants"));
    Consent consent = consent(consentId(body.consentId(), 400));
    ConsentEndpoint.requireConsumer(consent, consumer);
    Grant grant = broker().issueGrant(consent.id(), agency(body.provider()), jkt);
    Instant now = Instant.now(ctx.clock());
    issued.values().removeIf(i -> i.forgetAfter().isBefore(now));
    issued.put(grant.grantId(), new Issued(consumer, grant.expiresAt().plus(Duration.ofHours(1))));
    ObjectNode answer = Exchanges.JSON.createObjectNode();
    answer.put("grant", grant.token());
    answer.put("grantId", grant.grantId());
    answer.put("expiresAt", grant.expiresAt().toString());
    Exchanges.json(ex, 200, answer);
  }

  private void fetched(HttpExchange ex) throws IOException {
    FetchBody body = Exchanges.json(ex, FetchBody.class);
    AgencyId consumer = ctx.callers().consumer(body.clientAssertionType(), body.clientAssertion());
    if (proof(ex) != null) { // optional here; checked when sent
      ctx.callers().proofKey(proof(ex), "POST", endpoint("/fetches"));
    }
    Issued grant = body.grantId() == null ? null : issued.get(body.grantId());
    if (grant == null) {
      throw Problem.of(404, "unknown_grant");
    }
    if (!grant.consumer().equals(consumer)) {
      throw Problem.of(403, "not_the_consumer");
    }
    Set<ItemCode> items = new TreeSet<>();
    FetchOutcome outcome;
    try {
      body.items().forEach(i -> items.add(ItemCode.of(i)));
      outcome = FetchOutcome.valueOf(body.outcome());
    } catch (RuntimeException e) {
      throw Problem.badRequest();
    }
    if (body.receipt() != null && broker().requiresDeliveryReceipts()) {
      if (outcome != FetchOutcome.DELIVERED) {
        throw Problem.badRequest();
      }
      try {
        broker().recordDelivery(agency(body.provider()), body.receipt());
      } catch (InvalidGrantException e) {
        throw Problem.of(400, "invalid_receipt");
      }
    } else if (outcome == FetchOutcome.DELIVERED && broker().requiresDeliveryReceipts()) {
      throw Problem.of(400, "receipt_required");
    } else {
      broker()
          .recordFetch(
              body.grantId(), agency(body.provider()), items, body.transactionId(), outcome);
    }
    Exchanges.noContent(ex);
  }

  private URI endpoint(String path) {
    return URI.create(ctx.baseUrl() + path);
  }

  private static String proof(HttpExchange ex) {
    List<String> proofs = ex.getRequestHeaders().get("DPoP");
    if (proofs != null && proofs.size() > 1) {
      throw Problem.of(401, "invalid_dpop_proof"); // RFC 9449 §4.3: exactly one
    }
    return proofs == null ? null : proofs.get(0);
  }

  private static AgencyId agency(String id) {
    try {
      return AgencyId.of(id);
    } catch (RuntimeException e) {
      throw Problem.badRequest();
    }
  }
}
