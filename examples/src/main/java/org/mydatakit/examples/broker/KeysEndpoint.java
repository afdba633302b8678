package org.mydatakit.examples.broker;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.mydatakit.broker.PublishedStatusList;

/**
 * What provider agencies read, without authentication: the broker's public JWKS ({@code
 * /.well-known/jwks.json}) and its signed status list ({@code /status/1}, built once per change,
 * with {@code ETag}, {@code Cache-Control: max-age} until the broker builds it again, and {@code
 * 304} for a matching {@code If-None-Match}); a 404 problem for any other path.
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
      case BrokerServer.STATUS_PATH -> statusList(ex);
      default -> throw Problem.notFound();
    }
  }

  private void statusList(HttpExchange ex) throws IOException {
    PublishedStatusList list = broker().publishedStatusList();
    ex.getResponseHeaders().set("ETag", list.etag());
    String maxAge = "max-age=" + list.maxAge(ctx.clock().instant()).toSeconds();
    String match = ex.getRequestHeaders().getFirst("If-None-Match");
    if (list.etag().equals(match)) {
      ex.getResponseHeaders().set("Cache-Control", maxAge);
      ex.sendResponseHeaders(304, -1);
      return;
    }
    byte[] bytes = list.token().getBytes(StandardCharsets.US_ASCII);
    ex.getResponseHeaders().set("Content-Type", "application/statuslist+jwt");
    ex.getResponseHeaders().set("Cache-Control", maxAge);
    ex.sendResponseHeaders(200, bytes.length);
    ex.getResponseBody().write(bytes);
  }
}
