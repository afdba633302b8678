package org.mydatakit.examples.broker;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import org.mydatakit.broker.ReceiptRecord;
import org.mydatakit.consent.AgencyId;
import org.mydatakit.consent.CitizenIdentifier;
import org.mydatakit.consent.Consent;
import org.mydatakit.consent.ConsentId;
import org.mydatakit.consent.ConsentJson;
import org.mydatakit.consent.RevokedBy;
import org.mydatakit.grant.ClientAssertionVerifier;

/**
 * {@code /consents}: a consumer requests ({@code POST /consents}) and reads its consent ({@code GET
 * /consents/{id}}); the citizen approves, rejects, pauses, resumes, revokes and reads the receipts.
 */
final class ConsentEndpoint extends Endpoint {
  /** For {@code GET}, which has no body: the client assertion travels in this header. */
  static final String ASSERTION_HEADER = "Client-Assertion";

  ConsentEndpoint(BrokerServer.Context ctx) {
    super(ctx);
  }

  @Override
  void serve(HttpExchange ex, String method, String path) throws IOException {
    String[] parts = path.substring(1).split("/", -1); // consents, {id}, {action}
    if (parts.length == 1) {
      requireMethod(method, "POST");
      create(ex);
      return;
    }
    ConsentId id = consentId(parts[1], 404);
    String action = parts.length == 3 ? parts[2] : parts.length == 2 ? "" : null;
    if (action == null) {
      throw Problem.notFound();
    }
    if (action.isEmpty() || action.equals("receipts")) {
      requireMethod(method, "GET");
      if (action.isEmpty()) {
        AgencyId consumer =
            ctx.callers()
                .consumer(
                    ClientAssertionVerifier.ASSERTION_TYPE,
                    ex.getRequestHeaders().getFirst(ASSERTION_HEADER));
        Consent consent = consent(id);
        requireConsumer(consent, consumer);
        Exchanges.send(ex, 200, "application/json", ConsentJson.write(consent));
      } else {
        receipts(ex, id);
      }
      return;
    }
    requireMethod(method, "POST");
    Consent changed =
        switch (action) {
          case "approve" -> approve(ex, id);
          case "reject" -> asCitizen(ex, id, () -> broker().reject(id, reject(ex)));
          case "pause" -> asCitizen(ex, id, () -> broker().pause(id));
          case "resume" -> asCitizen(ex, id, () -> broker().resume(id));
          case "revoke" -> revoke(ex, id);
          default -> throw Problem.notFound();
        };
    Exchanges.send(ex, 200, "application/json", ConsentJson.write(changed));
  }

  private void create(HttpExchange ex) throws IOException {
    ConsentBodies.Create body = Exchanges.json(ex, ConsentBodies.Create.class);
    AgencyId consumer = ctx.callers().consumer(body.clientAssertionType(), body.clientAssertion());
    var request = ConsentBodies.request(body, consumer);
    try (CitizenIdentifier citizen = citizen(body.citizen())) {
      Consent consent = broker().request(request, citizen, body.idempotencyKey());
      Exchanges.send(ex, 201, "application/json", ConsentJson.write(consent));
    }
  }

  private Consent approve(HttpExchange ex, ConsentId id) throws IOException {
    ConsentBodies.Approve body = Exchanges.json(ex, ConsentBodies.Approve.class);
    var evidence = ConsentBodies.evidence(body.evidence());
    try (CitizenIdentifier citizen = citizen(body.citizen())) {
      requireOwnConsent(citizen, id);
      return broker().approve(id, citizen, evidence);
    }
  }

  private static String reject(HttpExchange ex) {
    try {
      return Exchanges.json(ex, ConsentBodies.Reject.class).reason();
    } catch (IOException e) {
      throw Problem.badRequest();
    }
  }

  private Consent revoke(HttpExchange ex, ConsentId id) throws IOException {
    ConsentBodies.Revoke body = Exchanges.json(ex, ConsentBodies.Revoke.class);
    RevokedBy by;
    try {
      by = RevokedBy.valueOf(String.valueOf(body.by()));
    } catch (IllegalArgumentException e) {
      throw Problem.badRequest();
    }
    switch (by) {
      case CITIZEN -> {
        return asCitizen(ex, id, () -> broker().revoke(id, by, body.reason()));
      }
      case CONSUMER -> {
        AgencyId consumer =
            ctx.callers().consumer(body.clientAssertionType(), body.clientAssertion());
        requireConsumer(consent(id), consumer);
        return broker().revoke(id, by, body.reason());
      }
      default -> // providers and operators revoke in process: this sample cannot authenticate them
          throw Problem.of(403, "revoker_not_supported");
    }
  }

  private void receipts(HttpExchange ex, ConsentId id) throws IOException {
    ArrayNode list = Exchanges.JSON.createArrayNode();
    asCitizen(ex, id, () -> null);
    for (ReceiptRecord r : broker().receipts(id)) {
      ObjectNode n = list.addObject();
      n.put("receiptId", r.receiptId());
      n.put("consentVersion", r.consentVersion());
      n.put("token", r.token());
    }
    Exchanges.json(ex, 200, list);
  }

  private Consent asCitizen(
      HttpExchange ex, ConsentId id, java.util.function.Supplier<Consent> step) {
    try (CitizenIdentifier citizen = citizen(ex)) {
      requireOwnConsent(citizen, id);
    }
    return step.get();
  }

  static void requireConsumer(Consent consent, AgencyId consumer) {
    if (!consent.consumer().equals(consumer)) {
      throw Problem.of(403, "not_the_consumer");
    }
  }
}
