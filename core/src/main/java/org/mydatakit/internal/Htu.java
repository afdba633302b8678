package org.mydatakit.internal;

import java.net.URI;
import java.util.Locale;

/**
 * The DPoP {@code htu} form of a URL (RFC 9449 §4.3): scheme and host in lower case, default port
 * dropped, no query, no fragment. Two URLs match when their normal forms are equal.
 */
public final class Htu {
  private Htu() {}

  /**
   * Returns the normal form, or throws {@link IllegalArgumentException} for a URL that is not an
   * absolute http(s) URL.
   */
  public static String normalize(URI uri) {
    String scheme = uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!"https".equals(scheme) && !"http".equals(scheme)) {
      throw new IllegalArgumentException("url: expected an absolute http or https url");
    }
    String host = uri.getHost();
    if (host == null || uri.getRawUserInfo() != null) {
      throw new IllegalArgumentException("url: expected a host and no user info");
    }
    int port = uri.getPort();
    boolean defaultPort =
        port == -1
            || ("https".equals(scheme) && port == 443)
            || ("http".equals(scheme) && port == 80);
    String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
    return scheme + "://" + host.toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port) + path;
  }

  /** Parses and normalises text, or throws {@link IllegalArgumentException}. */
  public static String normalize(String url) {
    return normalize(URI.create(url));
  }
}
