package org.mydatakit.spring.boot;

/** The path of a consent events endpoint, checked once for both roles. */
final class EventsPath {
  private EventsPath() {}

  /**
   * {@code path} if it is an exact path starting with '/', no wildcard; named by {@code prefix}.
   */
  static String of(String path, String prefix) {
    if (path == null || !path.startsWith("/") || path.contains("*") || path.length() > 200) {
      throw new IllegalStateException(
          "mydatakit: expected the property "
              + prefix
              + "events.path to be an exact path starting with '/'");
    }
    return path;
  }
}
