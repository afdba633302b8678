package org.mydatakit.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.mydatakit.broker.ConsentBroker;
import org.mydatakit.broker.ConsentStore;
import org.mydatakit.broker.InMemoryConsentStore;
import org.mydatakit.consent.Consent;
import org.mydatakit.consent.ConsentId;
import org.mydatakit.consent.ConsentStatus;
import org.mydatakit.grant.DpopKey;
import org.mydatakit.grant.Grant;
import org.mydatakit.store.jdbc.JdbcConsentStore;
import org.mydatakit.testkit.FakeBroker;
import org.mydatakit.testkit.SampleCitizen;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

class BrokerAutoConfigurationTest {
  @TempDir Path home;

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(AutoConfigurations.of(BrokerAutoConfiguration.class));

  private String[] required() {
    return new String[] {
      "mydatakit.broker.enabled=true",
      "mydatakit.broker.issuer=https://broker.example",
      "mydatakit.broker.home=" + home
    };
  }

  @Test
  void isDisabledByDefault() {
    runner
        .withUserConfiguration(Database.class)
        .withPropertyValues("mydatakit.broker.issuer=https://broker.example")
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context).doesNotHaveBean(ConsentBroker.class);
              assertThat(context).doesNotHaveBean(ConsentStore.class);
              assertThat(context).doesNotHaveBean(BrokerStarterProperties.class);
            });
  }

  @Test
  void buildsABrokerOverTheApplicationsDatabaseThatKeepsItsConsentsAndKeysAcrossRestarts() {
    String url = "jdbc:h2:mem:broker-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
    AtomicReference<ConsentId> consent = new AtomicReference<>();
    AtomicReference<String> keys = new AtomicReference<>();
    runner
        .withBean(DataSource.class, () -> Database.h2(url))
        .withPropertyValues(required())
        .run(
            context -> {
              assertThat(context).hasSingleBean(ConsentBroker.class);
              assertThat(context.getBean(ConsentStore.class)).isInstanceOf(JdbcConsentStore.class);
              ConsentBroker broker = context.getBean(ConsentBroker.class);
              Consent approved = Consents.approved(broker, SampleCitizen.HONG_GILDONG);
              assertThat(approved.status()).isEqualTo(ConsentStatus.ACTIVE);
              Grant grant =
                  broker.issueGrant(approved.id(), Consents.NHIS, DpopKey.generate().thumbprint());
              assertThat(grant.consentId()).isEqualTo(approved.id());
              consent.set(approved.id());
              Path signing = home.resolve("keys").resolve("broker.jwks.json");
              assertThat(signing).exists();
              assertThat(home.resolve("keys").resolve("log.skey")).exists();
              assertThat(home.resolve("keys").resolve("pairwise.secret")).exists();
              keys.set(Files.readString(signing, StandardCharsets.UTF_8));
            });
    runner
        .withBean(DataSource.class, () -> Database.h2(url))
        .withPropertyValues(required())
        .run(
            context -> {
              ConsentBroker broker = context.getBean(ConsentBroker.class);
              assertThat(broker.find(consent.get())).isPresent();
              assertThat(broker.verifyAudit().intact()).isTrue();
              assertThat(
                      Files.readString(
                          home.resolve("keys").resolve("broker.jwks.json"), StandardCharsets.UTF_8))
                  .isEqualTo(keys.get());
            });
  }

  @Test
  void backsOffWhenTheApplicationDefinesItsStore() {
    runner
        .withUserConfiguration(OwnStore.class)
        .withPropertyValues(required())
        .run(
            context -> {
              assertThat(context).hasSingleBean(ConsentStore.class);
              assertThat(context.getBean(ConsentStore.class)).isSameAs(OwnStore.STORE);
              ConsentBroker broker = context.getBean(ConsentBroker.class);
              Consent approved = Consents.approved(broker, SampleCitizen.KIM_CHEOLSU);
              assertThat(OwnStore.STORE.find(approved.id())).isPresent();
            });
  }

  @Test
  void backsOffWhenTheApplicationDefinesItsBroker() {
    ConsentBroker own = FakeBroker.create().broker();
    runner
        .withUserConfiguration(Database.class)
        .withBean(ConsentBroker.class, () -> own)
        .withPropertyValues(required())
        .run(
            context -> {
              assertThat(context).hasSingleBean(ConsentBroker.class);
              assertThat(context.getBean(ConsentBroker.class)).isSameAs(own);
              assertThat(home.resolve("keys")).doesNotExist();
            });
  }

  @Test
  void failsToStartWithoutADatabaseNamingWhatItExpects() {
    runner
        .withPropertyValues(required())
        .run(
            context -> {
              assertThat(context).hasFailed();
              assertThat(Failures.messages(context.getStartupFailure()))
                  .contains("mydatakit.broker.enabled")
                  .contains("DataSource");
            });
  }

  @ParameterizedTest
  @CsvSource({
    "issuer,",
    "issuer,http://broker.example",
    "issuer,https://broker.example/",
    "status-list-ttl,500ms",
    "status-list-ttl,2d",
    "checkpoint-every,-1"
  })
  void failsToStartOnAMissingOrInvalidPropertyNamingIt(String property, String value) {
    runner
        .withUserConfiguration(Database.class)
        .withPropertyValues(required())
        .withPropertyValues("mydatakit.broker." + property + "=" + (value == null ? "" : value))
        .run(
            context -> {
              assertThat(context).hasFailed();
              assertThat(Failures.messages(context.getStartupFailure()))
                  .contains("mydatakit.broker." + property);
            });
  }

  @Test
  void publishesPropertyMetadata() throws Exception {
    assertThat(Failures.metadata("mydatakit.broker"))
        .contains("\"mydatakit.broker.issuer\"")
        .contains("\"mydatakit.broker.home\"")
        .contains("\"mydatakit.broker.status-list-ttl\"")
        .contains("\"mydatakit.broker.migrate\"");
  }

  @Configuration(proxyBeanMethods = false)
  static class Database {
    static DataSource h2(String url) {
      JdbcDataSource dataSource = new JdbcDataSource();
      dataSource.setURL(url);
      return dataSource;
    }

    @Bean
    DataSource dataSource() {
      return h2("jdbc:h2:mem:broker-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class OwnStore {
    static final ConsentStore STORE = new InMemoryConsentStore();

    @Bean
    ConsentStore store() {
      return STORE;
    }
  }
}
