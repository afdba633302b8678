package org.mydatakit.spring.boot;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * A consent broker embedded in the application, under {@code mydatakit.broker}: the names and
 * meanings are those of the broker server's own properties, so one configuration serves both. With
 * {@code enabled=true}, {@code issuer} is required and the application supplies the store's {@code
 * DataSource}.
 */
@ConfigurationProperties(prefix = "mydatakit.broker")
@Validated
public class BrokerStarterProperties {
  /** Whether to build the consent broker over the application's DataSource. */
  private boolean enabled = false;

  /**
   * The broker's identifier, the {@code iss} of every grant and the base of its public URLs (the
   * status list is {@code issuer + "/status/1"}): https, or http on a loopback host; no trailing
   * slash, query or fragment.
   */
  private String issuer;

  /**
   * The broker's directory: its keys under {@code keys/} (the grant-signing keys, the log key and
   * the pairwise-subject secret), created owner-only on the first start and never rewritten.
   */
  private Path home = Path.of("./.mydatakit-broker");

  /** How long providers may cache the status list: whole seconds, 1 second to 1 day. */
  private Duration statusListTtl = Duration.ofMinutes(5);

  /** Sign a checkpoint of the audit log every this many entries: 0 (off) to 1,000,000. */
  private int checkpointEvery = 1000;

  /** Whether to create or update the store's tables when the application starts. */
  private boolean migrate = true;

  public boolean isEnabled() {
    return enabled;
  }

  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  public String getIssuer() {
    return issuer;
  }

  public void setIssuer(String issuer) {
    this.issuer = issuer;
  }

  public Path getHome() {
    return home;
  }

  public void setHome(Path home) {
    this.home = home;
  }

  public Duration getStatusListTtl() {
    return statusListTtl;
  }

  public void setStatusListTtl(Duration statusListTtl) {
    this.statusListTtl = statusListTtl;
  }

  public int getCheckpointEvery() {
    return checkpointEvery;
  }

  public void setCheckpointEvery(int checkpointEvery) {
    this.checkpointEvery = checkpointEvery;
  }

  public boolean isMigrate() {
    return migrate;
  }

  public void setMigrate(boolean migrate) {
    this.migrate = migrate;
  }
}
