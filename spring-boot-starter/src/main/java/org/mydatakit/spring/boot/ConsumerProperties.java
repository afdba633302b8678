package org.mydatakit.spring.boot;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The consumer agency's client, under {@code mydatakit.consumer}. With {@code enabled=true}, {@code
 * agency-id}, {@code broker-url}, {@code client-key-file} and {@code providers} are required
 * (unless the application defines the beans that use them).
 */
@ConfigurationProperties(prefix = "mydatakit.consumer")
@Validated
public class ConsumerProperties {
  /** Whether to build the consumer's {@code MyDataClient}. */
  private boolean enabled = false;

  /** This agency's id: the consumer named in its consents and every transaction id. */
  private String agencyId;

  /**
   * The broker's base URL, where grants are asked for (https, or plain http to a loopback host).
   */
  private URI brokerUrl;

  /**
   * The consumer's private key as a private JWK Set (JSON, as {@code SigningKeySet} exports it),
   * whose public half the broker knows: it signs the client assertions that authenticate this
   * agency to the broker. Keep the file owner-only.
   */
  private Path clientKeyFile;

  /**
   * The consumer's DPoP key as a private JWK (JSON, as {@code DpopKey} exports it): grants are
   * bound to it. Default: a key generated when the application starts, for this process only.
   */
  private Path dpopKeyFile;

  /** Each provider agency's id and base URL (https, or plain http to a loopback host). */
  private Map<String, URI> providers = new LinkedHashMap<>();

  /** Bounds each call to the broker, start to end (default 10 s). */
  private Duration brokerCallTimeout;

  /** Bounds each fetch from a provider, start to end, retries included (default 30 s). */
  private Duration callTimeout;

  /** The endpoint the broker pushes its consent events to, made when a listener bean exists. */
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

  public URI getBrokerUrl() {
    return brokerUrl;
  }

  public void setBrokerUrl(URI brokerUrl) {
    this.brokerUrl = brokerUrl;
  }

  public Path getClientKeyFile() {
    return clientKeyFile;
  }

  public void setClientKeyFile(Path clientKeyFile) {
    this.clientKeyFile = clientKeyFile;
  }

  public Path getDpopKeyFile() {
    return dpopKeyFile;
  }

  public void setDpopKeyFile(Path dpopKeyFile) {
    this.dpopKeyFile = dpopKeyFile;
  }

  public Map<String, URI> getProviders() {
    return providers;
  }

  public void setProviders(Map<String, URI> providers) {
    this.providers = providers;
  }

  public Duration getBrokerCallTimeout() {
    return brokerCallTimeout;
  }

  public void setBrokerCallTimeout(Duration brokerCallTimeout) {
    this.brokerCallTimeout = brokerCallTimeout;
  }

  public Duration getCallTimeout() {
    return callTimeout;
  }

  public void setCallTimeout(Duration callTimeout) {
    this.callTimeout = callTimeout;
  }

  public Events getEvents() {
    return events;
  }

  /**
   * The broker's consent events (RFC 8935 push), under {@code mydatakit.consumer.events}: received
   * when the application defines a {@code ConsumerEventListener} bean.
   */
  public static class Events {
    /** The URL path the broker pushes to (POST). */
    private String path = "/mydata/consumer-events";

    /** The broker's exact issuer ({@code iss}) of its events. */
    private String issuer;

    /**
     * The broker's JWKS (https, or plain http to a loopback host); read with the provider kit's
     * {@code HttpJwksSource}, so {@code mydatakit-provider} must be on the class path. Not needed
     * when the application defines a {@code VerificationKeySource} bean.
     */
    private URI jwksUri;

    /** How long a handled event's id is remembered (1 minute to 30 days; default 24 hours). */
    private Duration retention;

    public String getPath() {
      return path;
    }

    public void setPath(String path) {
      this.path = path;
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

    public Duration getRetention() {
      return retention;
    }

    public void setRetention(Duration retention) {
      this.retention = retention;
    }
  }
}
