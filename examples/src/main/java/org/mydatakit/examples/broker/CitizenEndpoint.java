package org.mydatakit.examples.broker;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import org.mydatakit.broker.AccessRecord;
import org.mydatakit.broker.FetchRecord;
import org.mydatakit.broker.GrantRecord;
import org.mydatakit.consent.CitizenIdentifier;
import org.mydatakit.consent.Consent;
import org.mydatakit.consent.ConsentJson;
import org.mydatakit.consent.ItemCode;

/**
 * The citizen's views: {@code GET /citizen/consents}, {@code GET /citizen/history} (every grant
 * issued and every fetch made; never a token, never data) and {@code GET /citizen/log-proofs} (for
 * each of her consents, the proof files of its entries in the broker's log, which verify offline
 * with {@code mydatakit audit verify-proof}). The citizen is named by the sample's {@value
 * Endpoint#CITIZEN_HEADER} header, a stand-in for an authenticated session.
 */
final class CitizenEndpoint extends Endpoint {
  CitizenEndpoint(BrokerServer.Context ctx) {
    super(ctx);
  }

  @Override
  void serve(HttpExchange ex, String method, String path) throws IOException {
    if (!path.equals("/citizen/consents")
        && !path.equals("/citizen/history")
        && !path.equals("/citizen/log-proofs")) {
      throw Problem.notFound();
    }
    requireMethod(method, "GET");
    ArrayNode list = Exchanges.JSON.createArrayNode();
    try (CitizenIdentifier citizen = citizen(ex)) {
      if (path.endsWith("/consents")) {
        for (Consent c : broker().consentsOf(citizen)) {
          list.add(Exchanges.JSON.readTree(ConsentJson.write(c)));
        }
      } else if (path.endsWith("/log-proofs")) {
        for (Consent c : broker().consentsOf(citizen)) {
          ObjectNode one = list.addObject();
          one.put("consentId", c.id().toString());
          broker().logProofs(c.id()).forEach(one.withArray("proofs")::add);
        }
      } else {
        broker().accessHistory(citizen).forEach(r -> write(list.addObject(), r));
      }
    }
    Exchanges.json(ex, 200, list);
  }

  private static void write(ObjectNode n, AccessRecord record) {
    if (record instanceof GrantRecord g) {
      n.put("kind", "GRANT");
      common(n, g.grantId(), g.consentId().toString(), g.provider().value(), g.at().toString());
      g.scope().forEach(i -> n.withArray("items").add(i.value()));
      n.put("expiresAt", g.expiresAt().toString());
      n.put("period", g.period());
    } else if (record instanceof FetchRecord f) {
      n.put("kind", "FETCH");
      common(n, f.grantId(), f.consentId().toString(), f.provider().value(), f.at().toString());
      f.items().stream().map(ItemCode::value).forEach(n.withArray("items")::add);
      n.put("transactionId", f.transactionId());
      n.put("outcome", f.outcome().name());
    }
  }

  private static void common(
      ObjectNode n, String grantId, String consent, String provider, String at) {
    n.put("grantId", grantId);
    n.put("consentId", consent);
    n.put("provider", provider);
    n.put("at", at);
  }
}
