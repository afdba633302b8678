package org.mydatakit.provider;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One request as it reached the agency, untrusted and unparsed: the method, the full URL (path and
 * query as received) and the headers the profile reads — {@code Authorization}, {@code DPoP},
 * {@code X-Api-Tran-Id} and {@code Idempotency-Key}. The {@link ProviderGate} reads everything else
 * from these: the item from the path ({@code /mydata/v1/items/{item}}) unless {@link
 * Builder#item(String)} names it, the requested range from the query's {@code from} and {@code to}.
 *
 * <pre>{@code
 * ProviderRequest request = ProviderRequest.builder()
 *     .method("GET")
 *     .url(URI.create("https://api.nts.example/mydata/v1/items/nts.income?from=2025-01-01"))
 *     .header("Authorization", "DPoP " + grant)
 *     .header("DPoP", proof)
 *     .header("X-Api-Tran-Id", transactionId)
 *     .build();
 * }</pre>
 *
 * <p>The adapters ({@link ProviderGateFilter}, {@link ProviderGateHandler}) build it for you.
 * {@link #toString()} shows the method only.
 */
public final class ProviderRequest {
  /** The headers the gate reads; others given to the builder are ignored. */
  static final List<String> READ_HEADERS =
      List.of("authorization", "dpop", "x-api-tran-id", "idempotency-key");

  private final String method;
  private final URI url;
  private final Map<String, List<String>> headers;
  private final String item;

  private ProviderRequest(Builder b) {
    this.method = b.method;
    this.url = b.url;
    this.headers = b.headers;
    this.item = b.item;
  }

  /** Starts a request; {@code method} and {@code url} are required. */
  public static Builder builder() {
    return new Builder();
  }

  /** The method as received. */
  public String method() {
    return method;
  }

  /** The URL as received (the gate reads its path and query). */
  public URI url() {
    return url;
  }

  /** Every value received for the header {@code name} (case-insensitive), in order. */
  List<String> header(String name) {
    return headers.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
  }

  /** The item the adapter named, or null to read it from the path. */
  String item() {
    return item;
  }

  @Override
  public String toString() {
    return "ProviderRequest[" + method + "]";
  }

  /** Builds a {@link ProviderRequest}. */
  public static final class Builder {
    private String method;
    private URI url;
    private final Map<String, List<String>> headers = new TreeMap<>();
    private String item;

    private Builder() {}

    /** The HTTP method as received. */
    public Builder method(String method) {
      this.method = Objects.requireNonNull(method, "method");
      return this;
    }

    /** The request's absolute URL as received, with its query. */
    public Builder url(URI url) {
      this.url = Objects.requireNonNull(url, "url");
      return this;
    }

    /**
     * Adds one received value of the header {@code name}; call once per value (a header sent twice
     * is refused where the profile allows one). Headers the gate does not read are dropped here.
     */
    public Builder header(String name, String value) {
      String key = Objects.requireNonNull(name, "header name").toLowerCase(Locale.ROOT);
      if (value != null && READ_HEADERS.contains(key)) {
        headers.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
      }
      return this;
    }

    /**
     * The requested item, when the agency's route is not the profile's {@code
     * /mydata/v1/items/{item}}; untrusted, checked by the gate.
     */
    public Builder item(String item) {
      this.item = Objects.requireNonNull(item, "item");
      return this;
    }

    /**
     * Builds the request.
     *
     * @throws IllegalStateException if the method or the url is missing, or the url is relative
     */
    public ProviderRequest build() {
      if (method == null || url == null) {
        throw new IllegalStateException("provider request: expected method(...) and url(...)");
      }
      if (!url.isAbsolute() || url.getRawPath() == null) {
        throw new IllegalStateException("provider request: expected an absolute url with a path");
      }
      Map<String, List<String>> copy = new TreeMap<>();
      headers.forEach((k, v) -> copy.put(k, List.copyOf(v)));
      Builder snapshot = new Builder();
      snapshot.method = method;
      snapshot.url = url;
      snapshot.headers.putAll(copy);
      snapshot.item = item;
      return new ProviderRequest(snapshot);
    }
  }
}
