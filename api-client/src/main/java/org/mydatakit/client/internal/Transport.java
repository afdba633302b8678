package org.mydatakit.client.internal;

import java.net.URI;
import java.util.Locale;
import org.mydatakit.internal.Hosts;

/**
 * Which base URLs the client may talk to: {@code https}, or {@code http} to a loopback host only
 * ({@code localhost}, {@code 127.0.0.0/8}, {@code ::1}) unless plain {@code http} was explicitly
 * allowed. Grants, proofs and citizens' records must not cross a network in the clear. The host is
 * judged by its name alone: nothing is resolved.
 */
public final class Transport {
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
    if (scheme.equals("https") || allowInsecureHttp || Hosts.isLoopback(url.getHost())) {
      return;
    }
    throw new IllegalArgumentException(
        what
            + ": expected an https url (or http to localhost, 127.0.0.0/8 or ::1), got "
            + (scheme.isEmpty() ? "no scheme" : scheme)
            + " to another host; allowInsecureHttp() permits plain http");
  }
}
