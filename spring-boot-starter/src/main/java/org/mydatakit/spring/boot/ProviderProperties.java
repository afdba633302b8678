package org.mydatakit.spring.boot;

import jakarta.validation.constraints.NotEmpty;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The provider agency's gate, under {@code mydatakit.provider}. With {@code enabled=true}, {@code
 * agency-id}, {@code issuer} and {@code jwks-uri} are required.
 */
@ConfigurationProperties(prefix = "mydatakit.provider")
@Validated
public class ProviderProperties {
  /** How the gate asks whether a grant's consent was revoked. */
  public enum RevocationCheckMode {
    /** The broker's signed status lists, fetched over HTTP, verified with its JWKS and cached. */
    STATUS_LIST,
    /** Loosening: no revocation check at all. */
    NONE
  }

  /** How the gate is put in front of the application's endpoints. */
  public enum FilterMode {
    /** A plain Servlet filter on {@code paths}, registered by the starter. */
    SERVLET,
    /**
     * In the application's Spring Security filter chain, through the {@code MyDataProviderSecurity}
     * bean that the application applies to its chain; admitted requests are authenticated.
     */
    SPRING_SECURITY
  }

  /** Whether to build the provider gate and register its Servlet filter. */
  private boolean enabled = false;

  /** This agency's id: grants must name it, alone, as their audience. */
  private String agencyId;

  /** The broker whose grants are trusted: its exact issuer ({@code iss}). */
  private String issuer;

  /** The broker's JWKS (https, or plain http to a loopback host), loaded on first use. */
  private URI jwksUri;

  /** How the consent's status is checked: the broker's status lists, or explicitly none. */
  private RevocationCheckMode revocationCheck = RevocationCheckMode.STATUS_LIST;

  /**
   * This agency's public base URL (scheme, host and port) when behind a proxy: the DPoP proof's URL
   * is checked against it plus the request's path. Default: the URL the request arrived with.
   */
  private URI baseUrl;

  /** The items this agency serves; others are refused. Empty: any item. */
  private List<String> serves = new ArrayList<>();

  /** The URL patterns the gate's Servlet filter covers. */
  @NotEmpty private List<String> paths = new ArrayList<>(List.of("/mydata/v1/*"));

  /** Allowed clock difference with the broker and consumers (0 to 5 minutes; default 30 s). */
  private Duration clockSkew;

  /** Oldest accepted DPoP proof (1 s to 5 minutes; default 60 s). */
  private Duration proofMaxAge;

  /** The order of the gate's filter among the application's filters. */
  private int filterOrder = 0;

  /**
   * Where the gate runs: a plain Servlet filter, or in the application's Spring Security filter
   * chain (which must then apply the {@code MyDataProviderSecurity} bean).
   */
  private FilterMode filter = FilterMode.SERVLET;

  /** The endpoint the broker pushes its consent events to. */
  private final Events events = new Events();

  public boolean isEnabled() {
    return enabled;
  }

  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  public String getAgencyId() {
    return agencyId;
  }

  public void setAgencyId(String agencyId) {
    this.agencyId = agencyId;
  }

  public String getIssuer() {
    return issuer;
  }

  public void setIssuer(String issuer) {
    this.issuer = issuer;
  }

  public URI getJwksUri() {
    return jwksUri;
  }

  public void setJwksUri(URI jwksUri) {
    this.jwksUri = jwksUri;
  }

  public RevocationCheckMode getRevocationCheck() {
    return revocationCheck;
  }

  public void setRevocationCheck(RevocationCheckMode revocationCheck) {
    this.revocationCheck = revocationCheck;
  }

  public URI getBaseUrl() {
    return baseUrl;
  }

  public void setBaseUrl(URI baseUrl) {
    this.baseUrl = baseUrl;
  }

  public List<String> getServes() {
    return serves;
  }

  public void setServes(List<String> serves) {
    this.serves = serves;
  }

  public List<String> getPaths() {
    return paths;
  }

  public void setPaths(List<String> paths) {
    this.paths = paths;
  }

  public Duration getClockSkew() {
    return clockSkew;
  }

  public void setClockSkew(Duration clockSkew) {
    this.clockSkew = clockSkew;
  }

  public Duration getProofMaxAge() {
    return proofMaxAge;
  }

  public void setProofMaxAge(Duration proofMaxAge) {
    this.proofMaxAge = proofMaxAge;
  }

  public int getFilterOrder() {
    return filterOrder;
  }

  public void setFilterOrder(int filterOrder) {
    this.filterOrder = filterOrder;
  }

  public FilterMode getFilter() {
    return filter;
  }

  public void setFilter(FilterMode filter) {
    this.filter = filter;
  }

  public Events getEvents() {
    return events;
  }

  /**
   * The broker's consent events (RFC 8935 push), under {@code mydatakit.provider.events}: with
   * {@code enabled=true} a revoked, expired, superseded or paused consent is refused by the gate at
   * once, before its status list says so.
   */
  public static class Events {
    /** Whether to receive the broker's consent events and let them refuse consents at once. */
    private boolean enabled = false;

    /** The URL path the broker pushes to (POST); outside the gate's {@code paths}. */
    private String path = "/mydata/events";

    /** How long an event's refusal is held (10 minutes to 7 days; default 1 hour). */
    private Duration holdFor;

    /** How long a handled event's id is remembered (1 minute to 30 days; default 24 hours). */
    private Duration retention;

    public boolean isEnabled() {
      return enabled;
    }

    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    public String getPath() {
      return path;
    }

    public void setPath(String path) {
      this.path = path;
    }

    public Duration getHoldFor() {
      return holdFor;
    }

    public void setHoldFor(Duration holdFor) {
      this.holdFor = holdFor;
    }

    public Duration getRetention() {
      return retention;
    }

    public void setRetention(Duration retention) {
      this.retention = retention;
    }
  }
}
