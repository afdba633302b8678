package org.mydatakit.status;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;

/**
 * Where a provider agency fetches signed status lists from: the seam between {@link StatusLists}
 * and a transport (files and memory here; HTTP in its own module).
 *
 * <p>Implementations only transport: they return the token as published and never verify it (the
 * caller does), and they throw {@link IOException} for any failure to obtain it. They must be
 * thread-safe, and must never put the token into an exception message.
 *
 * <pre>{@code
 * StatusListSource source = StatusListSource.files(
 *     Map.of(URI.create("https://broker.example/status/1"), Path.of("/var/lib/mydata/status-1.jwt")));
 * }</pre>
 */
@FunctionalInterface
public interface StatusListSource {

  /**
   * Returns the Status List Token published at {@code listUri}.
   *
   * @throws IOException if the list cannot be obtained
   */
  String fetch(URI listUri) throws IOException;

  /** A source held in memory, filled with {@link InMemoryStatusListSource#put}. */
  static InMemoryStatusListSource inMemory() {
    return new InMemoryStatusListSource();
  }

  /**
   * A source reading each list's token from a file (surrounding whitespace ignored, at most {@link
   * StatusListVerifier#DEFAULT_MAX_TOKEN_LENGTH} bytes); a uri not in {@code files} fails.
   */
  static StatusListSource files(Map<URI, Path> files) {
    return new FileStatusListSource(files);
  }
}
