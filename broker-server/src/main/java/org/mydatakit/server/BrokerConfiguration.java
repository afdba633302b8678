package org.mydatakit.server;

import javax.sql.DataSource;
import org.mydatakit.broker.Agency;
import org.mydatakit.broker.AgencyRegistry;
import org.mydatakit.broker.BrokerKeyFiles;
import org.mydatakit.broker.ConsentBroker;
import org.mydatakit.broker.ConsentBrokerBuilder;
import org.mydatakit.consent.PairwiseSubjects;
import org.mydatakit.store.jdbc.JdbcAgencyRegistry;
import org.mydatakit.store.jdbc.JdbcCitizenInbox;
import org.mydatakit.store.jdbc.JdbcConsentStore;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The broker's beans: its keys, the store (migrated on start), the agency registry and the {@link
 * ConsentBroker} over them.
 */
@Configuration(proxyBeanMethods = false)
class BrokerConfiguration {

  @Bean
  BrokerKeyFiles brokerKeys(BrokerProperties properties) {
    return BrokerKeyFiles.load(properties.home(), properties.logOrigin());
  }

  @Bean
  Database database(BrokerProperties properties) {
    return new Database(properties.effectiveStoreUrl());
  }

  /** Closed through {@link Database}, not here. */
  @Bean(destroyMethod = "")
  DataSource dataSource(Database database) {
    return database.dataSource();
  }

  @Bean
  JdbcConsentStore consentStore(DataSource dataSource) {
    JdbcConsentStore store = JdbcConsentStore.builder(dataSource).build();
    store.migrate();
    return store;
  }

  /**
   * The agency registry in the store's database: manage it with {@code mydatakit agencies}. The
   * broker consults it only when {@code mydatakit.broker.enforce-agency-registry=true}.
   */
  @Bean
  AgencyRegistry agencyRegistry(DataSource dataSource, JdbcConsentStore migrated) {
    return JdbcAgencyRegistry.of(dataSource);
  }

  /** Seen assertions and proofs, shared by every node ({@link ReplayCacheProperties}). */
  @Bean
  ReplayCaches replayCaches(
      ReplayCacheProperties properties, DataSource dataSource, JdbcConsentStore migrated) {
    return ReplayCaches.of(properties, dataSource);
  }

  @Bean
  ConsentBroker consentBroker(
      BrokerProperties properties,
      BrokerKeyFiles keys,
      JdbcConsentStore store,
      AgencyRegistry agencies,
      DeliveryReceiptProperties receipts,
      JdbcCitizenInbox inbox) {
    ConsentBrokerBuilder builder =
        ConsentBroker.builder()
            .store(store)
            .signingKeys(keys.signingKeys())
            .issuer(properties.issuer())
            .pairwiseSubjects(PairwiseSubjects.of(keys.pairwiseSecret()))
            .statusListUri(properties.statusListUri())
            .statusListTtl(properties.statusListTtl())
            .checkpointEvery(properties.checkpointEvery())
            .logKey(keys.logKey())
            .witnesses(properties.witnessKeys())
            .citizenNotifier(inbox);
    if (properties.enforceAgencyRegistry()) {
      builder.agencies(agencies);
    }
    if (receipts.fromRegistry()) {
      // the providers' receipt keys as registered now; a provider registered later: next start
      for (Agency agency : agencies.list()) {
        if (agency.roles().contains(Agency.Role.PROVIDER)
            && agency.status() == Agency.Status.ACTIVE) {
          agency.jwks().ifPresent(jwks -> builder.providerKeys(agency.id(), jwks));
        }
      }
    }
    return builder.build();
  }
}
