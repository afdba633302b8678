package org.mydatakit.server;

import java.util.regex.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The operator's admin API (the agency registry over HTTP), {@code mydatakit.broker.admin.*}. It
 * listens only where configured: on its own port, by default on the loopback address only, and
 * answers nothing on the public port. Each call carries {@code Authorization: Bearer TOKEN}; the
 * server keeps only the token's SHA-256, so the configuration holds no usable secret.
 *
 * <pre>
 * mydatakit.broker.admin.port=8081
 * mydatakit.broker.admin.token-sha256=$(printf %s "$TOKEN" | sha256sum | cut -d' ' -f1)
 * </pre>
 *
 * @param port the admin port; unset (the default) turns the admin API off; 0 picks a free port
 * @param address the address the admin port listens on; default {@code 127.0.0.1}
 * @param tokenSha256 the lower-case hex SHA-256 of the admin token; required with a port
 */
@ConfigurationProperties("mydatakit.broker.admin")
public record AdminProperties(
    Integer port, @DefaultValue("127.0.0.1") String address, String tokenSha256) {
  private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

  /** Validates. */
  public AdminProperties {
    if (port != null) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException(
            "mydatakit.broker.admin.port: expected 0 to 65535, got " + port);
      }
      if (tokenSha256 == null || !SHA256_HEX.matcher(tokenSha256).matches()) {
        throw new IllegalArgumentException(
            "mydatakit.broker.admin.token-sha256: expected the admin token's SHA-256 as 64"
                + " lower-case hex characters when mydatakit.broker.admin.port is set");
      }
      if (address == null || address.isBlank()) {
        throw new IllegalArgumentException(
            "mydatakit.broker.admin.address: expected an address to listen on");
      }
    }
  }

  /** Whether the admin API is on. */
  boolean enabled() {
    return port != null;
  }
}
