package org.mydatakit.server;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.apache.catalina.connector.Connector;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.core.Ordered;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The admin API's own Tomcat connector ({@link AdminProperties}) and the filter that keeps the two
 * ports apart: {@code /admin/**} answers only on the admin connector, and only with the admin
 * token; the admin connector answers nothing else. Anything refused is a 404 or 401 problem; the
 * token is never logged.
 */
final class AdminConnector extends OncePerRequestFilter
    implements WebServerFactoryCustomizer<TomcatServletWebServerFactory>, Ordered {
  static final String BASE = "/admin";

  private final AdminProperties properties;
  private final byte[] tokenSha256; // empty when off
  private volatile Connector connector;

  AdminConnector(AdminProperties properties) {
    this.properties = properties;
    this.tokenSha256 =
        properties.enabled() ? HexFormat.of().parseHex(properties.tokenSha256()) : new byte[0];
  }

  @Override
  public void customize(TomcatServletWebServerFactory factory) {
    if (!properties.enabled()) {
      return;
    }
    Connector admin = new Connector();
    admin.setPort(properties.port());
    admin.setProperty("address", properties.address());
    factory.addAdditionalConnectors(admin);
    this.connector = admin;
  }

  /** The port the admin connector listens on once started; -1 when the admin API is off. */
  int localPort() {
    Connector admin = connector;
    return admin == null ? -1 : admin.getLocalPort();
  }

  @Override
  public int getOrder() {
    return Ordered.HIGHEST_PRECEDENCE + 10;
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    boolean onAdminPort = connector != null && request.getLocalPort() == localPort();
    // the container's decoded and normalized path (no "..", no ";params"), the one MVC maps:
    // the raw URI could name /admin to MVC and something else to this check
    String path =
        request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
    boolean adminPath = path.equals(BASE) || path.startsWith(BASE + "/");
    if (onAdminPort != adminPath) {
      Problems.write(response, 404, null); // as if it did not exist
      return;
    }
    if (adminPath && !authorized(request.getHeader("Authorization"))) {
      response.setHeader("WWW-Authenticate", "Bearer");
      Problems.write(response, 401, "admin_token_required");
      return;
    }
    chain.doFilter(request, response);
  }

  private boolean authorized(String header) {
    if (header == null || !header.startsWith("Bearer ") || tokenSha256.length == 0) {
      return false;
    }
    try {
      byte[] presented =
          MessageDigest.getInstance("SHA-256")
              .digest(header.substring(7).getBytes(StandardCharsets.UTF_8));
      return MessageDigest.isEqual(presented, tokenSha256);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("sha-256: expected every jdk to provide it", e);
    }
  }
}
