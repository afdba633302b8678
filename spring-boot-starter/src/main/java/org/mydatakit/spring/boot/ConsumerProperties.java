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
}
