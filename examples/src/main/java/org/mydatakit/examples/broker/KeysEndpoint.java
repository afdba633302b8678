package org.mydatakit.examples.broker;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;

/**
 * What provider agencies read, without authentication: the broker's public JWKS ({@code
 * /.well-known/jwks.json}) and its signed status list ({@code /status/1}); a 404 problem for any
 * other path.
 */
final class KeysEndpoint extends Endpoint {
  KeysEndpoint(BrokerServer.Context ctx) {
    super(ctx);
  }

  @Override
  void serve(HttpExchange ex, String method, String path) throws IOException {
    if (!path.equals(BrokerServer.JWKS_PATH) && !path.equals(BrokerServer.STATUS_PATH)) {
      throw Problem.notFound(); // also every path no other endpoint claims
    }
    requireMethod(method, "GET");
    switch (path) {
      case BrokerServer.JWKS_PATH ->
          Exchanges.send(
              ex, 200, "application/jwk-set+json", ctx.keys().verificationKeys().toJson());
      case BrokerServer.STATUS_PATH ->
          Exchanges.send(ex, 200, "application/statuslist+jwt", broker().statusList());
      default -> throw Problem.notFound();
    }
  }
}
