package org.mydatakit.grant;

import java.net.URI;
import java.util.Set;
import java.util.TreeSet;
import org.mydatakit.consent.ItemCode;
import org.mydatakit.internal.Checks;
import org.mydatakit.internal.Htu;

/**
 * One request as a provider agency received it: the presented grant and DPoP proof (untrusted, as
 * they arrived), and what the agency itself knows — the method, its own URL for the request, and
 * the items the request asks for.
 *
 * <pre>{@code
 * GrantRequest request = GrantRequest.builder()
 *     .grant(grantFromAuthorizationHeader)   // the text after "DPoP "
 *     .dpopProof(request.header("DPoP"))     // may be null: the verifier rejects with DPOP_MISSING
 *     .method("GET")
 *     .url(URI.create("https://api.nhis.example/mydata/v1/items/nhis.qualification"))
 *     .item(ItemCode.of("nhis.qualification"))
 *     .build();
 * }</pre>
 *
 * <p>{@link #toString()} never shows the grant or the proof.
 */
public final class GrantRequest {
  private final String grant;
  private final String dpopProof;
  private final String method;
  private final URI url;
  private final String htu;
  private final Set<ItemCode> items;
  private final boolean scopeChecked;

  private GrantRequest(Builder b) {
    this.grant = b.grant;
    this.dpopProof = b.dpopProof;
    this.method = b.method;
    this.url = b.url;
    this.htu = Htu.normalize(b.url);
    this.items = Set.copyOf(b.items);
    this.scopeChecked = !b.withoutScopeCheck;
  }

  /** Starts a request; {@code method}, {@code url} and at least one {@code item} are required. */
  public static Builder builder() {
    return new Builder();
  }

  /** The presented grant exactly as received (may be null or garbage). */
  public String grant() {
    return grant;
  }

  /** The presented DPoP proof exactly as received, or null if none was sent. */
  public String dpopProof() {
    return dpopProof;
  }

  public String method() {
    return method;
  }

  public URI url() {
    return url;
  }

  /** The items the request asks for; the grant's scope must cover all of them. */
  public Set<ItemCode> items() {
    return items;
  }

  /** False only if the request was built {@link Builder#withoutScopeCheck()}. */
  public boolean scopeChecked() {
    return scopeChecked;
  }

  String htu() {
    return htu;
  }

  @Override
  public String toString() {
    return "GrantRequest[method=" + method + ", items=" + new TreeSet<>(items) + "]";
  }

  /** Builds a {@link GrantRequest}; validation happens in {@link #build()}. */
  public static final class Builder {
    private String grant;
    private String dpopProof;
    private String method;
    private URI url;
    private final Set<ItemCode> items = new TreeSet<>();
    private boolean withoutScopeCheck;

    private Builder() {}

    /** The grant as presented; untrusted, not validated here. */
    public Builder grant(String grant) {
      this.grant = grant;
      return this;
    }

    /** The DPoP proof as presented; untrusted, not validated here; null if absent. */
    public Builder dpopProof(String dpopProof) {
      this.dpopProof = dpopProof;
      return this;
    }

    /** The HTTP method of the request, upper case. */
    public Builder method(String method) {
      this.method = method;
      return this;
    }

    /** The agency's own absolute URL of this request (query and fragment are ignored). */
    public Builder url(URI url) {
      this.url = url;
      return this;
    }

    /** Adds an item the request asks for. */
    public Builder item(ItemCode item) {
      items.add(Checks.notNull("item", item));
      return this;
    }

    /**
     * Loosening: asks for no particular item, so the grant's scope is not checked. For tools that
     * inspect grants (the CLI), never for a request that releases records.
     */
    public Builder withoutScopeCheck() {
      this.withoutScopeCheck = true;
      return this;
    }

    /**
     * Validates and builds.
     *
     * @throws IllegalArgumentException if the method, url or items are missing or malformed
     */
    public GrantRequest build() {
      if (method == null || !method.matches("[A-Z]{1,16}")) {
        throw new IllegalArgumentException("method: expected an upper-case http method");
      }
      Checks.notNull("url", url);
      if (items.isEmpty() && !withoutScopeCheck) {
        throw new IllegalArgumentException(
            "items: expected at least one requested item, or explicitly withoutScopeCheck()");
      }
      if (!items.isEmpty() && withoutScopeCheck) {
        throw new IllegalArgumentException("items: item(...) contradicts withoutScopeCheck()");
      }
      return new GrantRequest(this);
    }
  }
}
