package org.mydatakit.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Whether a host names this machine, judged by its name alone (nothing is resolved): {@code
 * localhost}, {@code 127.0.0.0/8}, or an IPv6 loopback literal. Where plain {@code http} is allowed
 * only to this machine, this is the one check. Not an API.
 */
public final class Hosts {
  private static final Pattern IPV4 =
      Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");

  private Hosts() {}

  /** Whether {@code host} (as {@link java.net.URI#getHost()} gives it) names this machine. */
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
