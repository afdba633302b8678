package org.mydatakit.client.internal;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Which base URLs the client may talk to: {@code https}, or {@code http} to a loopback host only
 * ({@code localhost}, {@code 127.0.0.0/8}, {@code ::1}) unless plain {@code http} was explicitly
 * allowed. Grants, proofs and citizens' records must not cross a network in the clear. The host is
 * judged by its name alone: nothing is resolved.
 */
public final class Transport {
  private static final Pattern IPV4 =
      Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");

  private Transport() {}

  /**
   * Requires {@code url} to be {@code https}, or {@code http} to a loopback host, or {@code http}
   * with {@code allowInsecureHttp}.
   *
   * @param what names the setting in the message, e.g. {@code "provider NHIS"}
   * @throws IllegalArgumentException naming {@code what} and the expectation (never the url)
   */
  public static void require(URI url, boolean allowInsecureHttp, String what) {
    String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
    if (scheme.equals("https") || allowInsecureHttp || isLoopback(url.getHost())) {
      return;
    }
    throw new IllegalArgumentException(
        what
            + ": expected an https url (or http to localhost, 127.0.0.0/8 or ::1), got "
            + (scheme.isEmpty() ? "no scheme" : scheme)
            + " to another host; allowInsecureHttp() permits plain http");
  }

  /** Whether {@code host} (as {@link URI#getHost()} gives it) names this machine. */
  public static boolean isLoopback(String host) {
    if (host == null || host.isEmpty()) {
      return false;
    }
    String h = host.toLowerCase(Locale.ROOT);
    if (h.equals("localhost")) {
      return true;
    }
    var v4 = IPV4.matcher(h);
    if (v4.matches()) {
      for (int i = 1; i <= 4; i++) {
        if (Integer.parseInt(v4.group(i)) > 255) {
          return false;
        }
      }
      return v4.group(1).equals("127");
    }
    if (h.startsWith("[") && h.endsWith("]") && h.indexOf(':') > 0) {
      try {
        // an IPv6 literal: parsed, never looked up
        return InetAddress.getByName(h.substring(1, h.length() - 1)).isLoopbackAddress();
      } catch (UnknownHostException e) {
        return false;
      }
    }
    return false;
  }
}
