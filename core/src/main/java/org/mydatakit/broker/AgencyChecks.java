package org.mydatakit.broker;

import java.net.URI;
import java.util.Locale;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.Function;
import org.mydatakit.internal.Hosts;

/** The checks behind {@link Agency}; messages name what was expected and never echo free text. */
final class AgencyChecks {
  static final int MAX_NAME = 100;
  static final int MAX_URI = 2048;
  static final int MAX_CODES = 500;
  static final int MAX_JWKS = 65536;

  private AgencyChecks() {}

  /** Requires a display name of 1 to 100 characters, not blank, without control characters. */
  static String name(String name) {
    if (name == null) {
      throw new IllegalArgumentException("agency name: expected a value, got null");
    }
    if (name.isBlank() || name.length() > MAX_NAME) {
      throw new IllegalArgumentException(
          "agency name: expected 1 to "
              + MAX_NAME
              + " characters, not blank, got "
              + name.length()
              + " characters");
    }
    if (name.chars().anyMatch(Character::isISOControl)) {
      throw new IllegalArgumentException(
          "agency name: expected no control characters (such as a line break), got some");
    }
    return name;
  }

  /**
   * Requires an absolute {@code https} URI with a host, or {@code http} to a loopback host ({@code
   * localhost}, {@code 127.0.0.0/8}, {@code ::1}), without user info or fragment. The host is
   * judged by its name alone: nothing is resolved.
   */
  static URI endpoint(String what, URI uri) {
    if (uri == null) {
      throw new IllegalArgumentException(what + ": expected a value, got null");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!uri.isAbsolute() || uri.isOpaque() || uri.getHost() == null) {
      throw new IllegalArgumentException(what + ": expected an absolute https uri with a host");
    }
    if (uri.toString().length() > MAX_URI) {
      throw new IllegalArgumentException(
          what + ": expected at most " + MAX_URI + " characters, got " + uri.toString().length());
    }
    if (uri.getRawUserInfo() != null || uri.getRawFragment() != null) {
      throw new IllegalArgumentException(what + ": expected a uri without user info or fragment");
    }
    if (scheme.equals("https") || (scheme.equals("http") && Hosts.isLoopback(uri.getHost()))) {
      return uri;
    }
    throw new IllegalArgumentException(
        what
            + ": expected an https uri (or http to localhost, 127.0.0.0/8 or ::1), got "
            + (scheme.equals("http") ? "http to another host" : "scheme " + scheme));
  }

  /** Copies at most 500 codes, checking each with {@code check}, into a sorted unmodifiable set. */
  static <T extends Comparable<T>> SortedSet<T> codes(
      String what, Set<T> values, Function<T, T> check) {
    if (values == null) {
      throw new IllegalArgumentException(what + ": expected a set, got null");
    }
    if (values.size() > MAX_CODES) {
      throw new IllegalArgumentException(
          what + ": expected at most " + MAX_CODES + ", got " + values.size());
    }
    TreeSet<T> copy = new TreeSet<>();
    for (T value : values) {
      if (value == null) {
        throw new IllegalArgumentException(what + ": expected no null element");
      }
      copy.add(check.apply(value));
    }
    return java.util.Collections.unmodifiableSortedSet(copy);
  }
}
