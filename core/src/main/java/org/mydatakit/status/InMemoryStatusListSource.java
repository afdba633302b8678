package org.mydatakit.status;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.net.URI;
import java.util.concurrent.ConcurrentHashMap;
import org.mydatakit.internal.Checks;

/**
 * A {@link StatusListSource} held in memory: for tests, and for a broker that serves its own lists
 * in-process.
 *
 * <pre>{@code
 * InMemoryStatusListSource source = StatusListSource.inMemory().put(listUri, issuer.sign(listUri, list));
 * }</pre>
 *
 * <p>Thread-safe.
 */
public final class InMemoryStatusListSource implements StatusListSource {
  private final ConcurrentHashMap<URI, String> tokens = new ConcurrentHashMap<>();

  InMemoryStatusListSource() {}

  /** Publishes {@code token} at {@code uri}, replacing any previous one. */
  public InMemoryStatusListSource put(URI uri, String token) {
    tokens.put(Checks.notNull("status list uri", uri), Checks.notNull("status list token", token));
    return this;
  }

  /** Withdraws the list at {@code uri}; fetching it then fails. */
  public InMemoryStatusListSource remove(URI uri) {
    tokens.remove(uri);
    return this;
  }

  @Override
  public String fetch(URI listUri) throws IOException {
    String token = tokens.get(listUri);
    if (token == null) {
      throw new FileNotFoundException("no status list held for this uri");
    }
    return token;
  }

  @Override
  public String toString() {
    return "InMemoryStatusListSource[lists=" + tokens.size() + "]";
  }
}
