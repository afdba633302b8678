package org.mydatakit.spring.boot;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import javax.sql.DataSource;
import org.mydatakit.broker.AgencyRegistry;
import org.mydatakit.broker.BrokerKeyFiles;
import org.mydatakit.broker.ConsentBroker;
import org.mydatakit.broker.ConsentBrokerBuilder;
import org.mydatakit.broker.ConsentStore;
import org.mydatakit.consent.PairwiseSubjects;
import org.mydatakit.store.jdbc.JdbcConsentStore;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * A {@link ConsentBroker} embedded in the application, built from {@code mydatakit.broker.*} when
 * {@code mydatakit.broker.enabled=true}: its store a {@link JdbcConsentStore} on the application's
 * {@link DataSource} (migrated at start unless {@code migrate=false}), its keys read from {@code
 * home/keys} as the broker server reads them (created on the first start), and the application's
 * {@link AgencyRegistry} if it defines one. Every bean backs off when the application defines its
 * own {@link ConsentStore} or {@link ConsentBroker}.
 */
@AutoConfiguration(
    afterName = "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration")
@ConditionalOnClass(ConsentBroker.class)
@ConditionalOnProperty(prefix = "mydatakit.broker", name = "enabled", havingValue = "true")
@EnableConfigurationProperties(BrokerStarterProperties.class)
public class BrokerAutoConfiguration {
  static final String PREFIX = "mydatakit.broker.";
  private static final Set<String> LOOPBACK = Set.of("localhost", "127.0.0.1", "[::1]");

  /** The store: the consent-store module's JDBC store on the application's DataSource. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(JdbcConsentStore.class)
  @ConditionalOnBean(DataSource.class)
  static class StoreConfiguration {
    @Bean
    @ConditionalOnMissingBean(ConsentStore.class)
    JdbcConsentStore mydatakitConsentStore(
        DataSource dataSource, BrokerStarterProperties properties) {
      JdbcConsentStore store = JdbcConsentStore.builder(dataSource).build();
      if (properties.isMigrate()) {
        store.migrate();
      }
      return store;
    }
  }

  /** The broker, built once from the properties, the store and the keys under {@code home}. */
  @Bean
  @ConditionalOnMissingBean
  public ConsentBroker mydatakitConsentBroker(
      BrokerStarterProperties properties,
      ObjectProvider<ConsentStore> store,
      ObjectProvider<AgencyRegistry> agencies) {
    String issuer = issuer(properties.getIssuer());
    Duration ttl = properties.getStatusListTtl();
    if (ttl == null
        || ttl.getNano() != 0
        || ttl.compareTo(Duration.ofSeconds(1)) < 0
        || ttl.compareTo(Duration.ofDays(1)) > 0) {
      throw new IllegalStateException(
          "mydatakit: expected the property "
              + PREFIX
              + "status-list-ttl to be whole seconds from 1s to 1d, got "
              + ttl);
    }
    int checkpointEvery = properties.getCheckpointEvery();
    if (checkpointEvery < 0 || checkpointEvery > 1_000_000) {
      throw new IllegalStateException(
          "mydatakit: expected the property "
              + PREFIX
              + "checkpoint-every to be 0 to 1000000, got "
              + checkpointEvery);
    }
    if (properties.getHome() == null) {
      throw new IllegalStateException(
          "mydatakit: expected the property " + PREFIX + "home to name a directory");
    }
    ConsentStore consents = store.getIfAvailable();
    if (consents == null) {
      throw new IllegalStateException(
          "mydatakit: "
              + PREFIX
              + "enabled=true expects a DataSource bean for the consent store (or a ConsentStore"
              + " bean)");
    }
    BrokerKeyFiles keys;
    try {
      keys =
          BrokerKeyFiles.load(
              properties.getHome(), issuer.substring(issuer.indexOf("://") + 3) + "/log");
    } catch (java.io.UncheckedIOException | IllegalStateException e) {
      // the message names a file under the home, never a key
      throw new IllegalStateException(
          "mydatakit: " + PREFIX + "home: " + e.getMessage(), e.getCause());
    }
    ConsentBrokerBuilder builder =
        ConsentBroker.builder()
            .store(consents)
            .signingKeys(keys.signingKeys())
            .issuer(issuer)
            .pairwiseSubjects(PairwiseSubjects.of(keys.pairwiseSecret()))
            .statusListUri(URI.create(issuer + "/status/1"))
            .statusListTtl(ttl)
            .checkpointEvery(checkpointEvery)
            .logKey(keys.logKey());
    agencies.ifAvailable(builder::agencies);
    return builder.build();
  }

  /** The issuer, checked as the broker server checks it. */
  static String issuer(String issuer) {
    if (issuer == null || issuer.isBlank()) {
      throw new IllegalStateException(
          "mydatakit: expected the property " + PREFIX + "issuer to be set");
    }
    URI uri;
    try {
      uri = new URI(issuer);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(
          "mydatakit: expected the property " + PREFIX + "issuer to be a URL", null);
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
    if (host.isEmpty()
        || uri.getRawQuery() != null
        || uri.getRawFragment() != null
        || uri.getRawUserInfo() != null
        || issuer.endsWith("/")
        || issuer.length() > 256) {
      throw new IllegalStateException(
          "mydatakit: expected the property "
              + PREFIX
              + "issuer to be an absolute URL with a host and no trailing slash, query or"
              + " fragment");
    }
    if (!scheme.equals("https") && !(scheme.equals("http") && LOOPBACK.contains(host))) {
      throw new IllegalStateException(
          "mydatakit: expected the property "
              + PREFIX
              + "issuer to be https, or http on localhost, 127.0.0.1 or [::1]");
    }
    return issuer;
  }
}
