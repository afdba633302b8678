package org.mydatakit.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import jakarta.servlet.Servlet;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mydatakit.broker.ConsentBroker;
import org.mydatakit.broker.InMemoryConsentStore;
import org.mydatakit.client.ConsumerEventListener;
import org.mydatakit.client.ConsumerEventReceiver;
import org.mydatakit.client.ConsumerEventServlet;
import org.mydatakit.consent.AgencyId;
import org.mydatakit.consent.Consent;
import org.mydatakit.consent.PairwiseSubjects;
import org.mydatakit.events.ConsentEvent;
import org.mydatakit.events.ConsentEventType;
import org.mydatakit.events.SecurityEventTokens;
import org.mydatakit.grant.DpopKey;
import org.mydatakit.grant.Grant;
import org.mydatakit.grant.InvalidGrantException;
import org.mydatakit.keys.SigningAlgorithm;
import org.mydatakit.keys.SigningKeySet;
import org.mydatakit.keys.VerificationKeySet;
import org.mydatakit.keys.VerificationKeySource;
import org.mydatakit.provider.Admission;
import org.mydatakit.provider.ConsentEventReceiver;
import org.mydatakit.provider.ConsentEventServlet;
import org.mydatakit.provider.HttpJwksSource;
import org.mydatakit.provider.ProviderGate;
import org.mydatakit.provider.ProviderRequest;
import org.mydatakit.provider.Refusal;
import org.mydatakit.testkit.FakeBroker;
import org.mydatakit.testkit.SampleCitizen;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/**
 * The consent events' receivers from properties: the provider's, wired into its gate, and the
 * consumer's, to the application's listener; each with its Servlet on its path.
 */
class ConsentEventsAutoConfigurationTest {
  private static final SigningKeySet TRUSTED = SigningKeySet.generate(SigningAlgorithm.ES256);
  private static final ConsentBroker BROKER =
      ConsentBroker.builder()
          .store(new InMemoryConsentStore())
          .signingKeys(TRUSTED)
          .issuer(FakeBroker.ISSUER)
          .pairwiseSubjects(
              PairwiseSubjects.of(
                  "FAKE-MASTER-SECRET: starter test only, never production"
                      .getBytes(StandardCharsets.US_ASCII)))
          .statusListUri(FakeBroker.STATUS_LIST_URI)
          .clock(Clock.systemUTC())
          .build();
  private static final List<String> HEARD = new CopyOnWriteArrayList<>();

  @TempDir static Path dir;
  private static HttpServer jwks;
  private static String[] consumer;

  @BeforeAll
  static void start() throws IOException {
    jwks = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    byte[] body = TRUSTED.verificationKeys().toJson().getBytes(StandardCharsets.UTF_8);
    jwks.createContext(
        "/jwks.json",
        exchange -> {
          exchange.sendResponseHeaders(200, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    jwks.start();
    Path clientKey = dir.resolve("client.jwks.json");
    Files.writeString(
        clientKey, SigningKeySet.generate(SigningAlgorithm.ES256).exportPrivateJwks());
    consumer =
        new String[] {
          "mydatakit.consumer.enabled=true",
          "mydatakit.consumer.agency-id=KB-BANK",
          "mydatakit.consumer.broker-url=http://127.0.0.1:9",
          "mydatakit.consumer.client-key-file=" + clientKey,
          "mydatakit.consumer.providers.NHIS=http://127.0.0.1:9/",
          "mydatakit.consumer.events.issuer=" + FakeBroker.ISSUER
        };
  }

  @AfterAll
  static void stop() {
    jwks.stop(0);
  }

  private final WebApplicationContextRunner provider =
      new WebApplicationContextRunner()
          .withConfiguration(AutoConfigurations.of(ProviderAutoConfiguration.class))
          .withUserConfiguration(BrokerKeys.class)
          .withPropertyValues(
              "mydatakit.provider.enabled=true",
              "mydatakit.provider.agency-id=NHIS",
              "mydatakit.provider.issuer=" + FakeBroker.ISSUER,
              // the key source bean replaces the JWKS
              "mydatakit.provider.jwks-uri=http://127.0.0.1:1/jwks.json",
              "mydatakit.provider.revocation-check=none");

  private final WebApplicationContextRunner consumerRunner =
      new WebApplicationContextRunner()
          .withConfiguration(AutoConfigurations.of(ConsumerAutoConfiguration.class));

  private static String set(ConsentEventType type, Consent consent, AgencyId receiver) {
    return SecurityEventTokens.signer(TRUSTED, FakeBroker.ISSUER)
        .sign(ConsentEvent.of(type, consent, receiver, Instant.now()));
  }

  private static MockHttpServletResponse push(ServletRegistrationBean<?> registration, String set)
      throws Exception {
    MockHttpServletRequest request =
        new MockHttpServletRequest("POST", registration.getUrlMappings().iterator().next());
    request.setContentType("application/secevent+jwt");
    request.setContent(set.getBytes(StandardCharsets.US_ASCII));
    MockHttpServletResponse response = new MockHttpServletResponse();
    Servlet servlet = registration.getServlet();
    servlet.service(request, response);
    return response;
  }

  /** A request for the item with {@code grant}, bound to {@code key}, and a fresh proof. */
  private static ProviderRequest itemRequest(Grant grant, DpopKey key) {
    URI url = URI.create("https://nhis.example/mydata/v1/items/nhis.qualification");
    return ProviderRequest.builder()
        .method("GET")
        .url(url)
        .header("Authorization", "DPoP " + grant.token())
        .header("DPoP", key.proof("GET", url, grant.token()))
        .header("X-Api-Tran-Id", "tran-" + UUID.randomUUID().toString().substring(0, 8))
        .build();
  }

  @Test
  void theProvidersEventsAreOffByDefault() {
    provider.run(
        context -> {
          assertThat(context).hasNotFailed();
          assertThat(context).doesNotHaveBean(ConsentEventReceiver.class);
          assertThat(context).doesNotHaveBean("mydatakitConsentEventServlet");
        });
  }

  @Test
  void aPushedRevocationMakesTheStartersGateRefuseAtOnce() {
    provider
        .withPropertyValues("mydatakit.provider.events.enabled=true")
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              ServletRegistrationBean<?> registration =
                  context.getBean("mydatakitConsentEventServlet", ServletRegistrationBean.class);
              assertThat(registration.getServlet()).isInstanceOf(ConsentEventServlet.class);
              assertThat(registration.getUrlMappings()).containsExactly("/mydata/events");
              ProviderGate gate = context.getBean(ProviderGate.class);
              Consent consent = Consents.approved(BROKER, SampleCitizen.HONG_GILDONG);
              DpopKey key = DpopKey.generate();
              Grant grant = BROKER.issueGrant(consent.id(), Consents.NHIS, key.thumbprint());
              assertThat(gate.admit(itemRequest(grant, key))).isInstanceOf(Admission.class);

              MockHttpServletResponse response =
                  push(registration, set(ConsentEventType.CONSENT_REVOKED, consent, Consents.NHIS));
              assertThat(response.getStatus()).isEqualTo(202);

              // the same grant again: refused for the revocation, before its use is looked at
              Refusal refusal = (Refusal) gate.admit(itemRequest(grant, key));
              assertThat(refusal.status()).isEqualTo(403);
              assertThat(refusal.grantReason()).contains(InvalidGrantException.Reason.REVOKED);
              MockHttpServletResponse forTheBank =
                  push(
                      registration,
                      set(ConsentEventType.CONSENT_PAUSED, consent, Consents.CONSUMER));
              assertThat(forTheBank.getStatus()).isEqualTo(400);
              assertThat(forTheBank.getContentAsString()).contains("\"invalid_audience\"");
            });
  }

  @Test
  void theEventsPathIsConfigurableButNeverUnderTheGatesPaths() {
    provider
        .withPropertyValues(
            "mydatakit.provider.events.enabled=true",
            "mydatakit.provider.events.path=/hooks/mydata",
            "mydatakit.provider.events.hold-for=2h")
        .run(
            context ->
                assertThat(
                        context
                            .getBean("mydatakitConsentEventServlet", ServletRegistrationBean.class)
                            .getUrlMappings())
                    .containsExactly("/hooks/mydata"));
    provider
        .withPropertyValues(
            "mydatakit.provider.events.enabled=true",
            "mydatakit.provider.events.path=/mydata/v1/events")
        .run(
            context -> {
              assertThat(context).hasFailed();
              assertThat(Failures.messages(context.getStartupFailure()))
                  .contains("mydatakit.provider.events.path outside mydatakit.provider.paths");
            });
    provider
        .withPropertyValues(
            "mydatakit.provider.events.enabled=true", "mydatakit.provider.events.hold-for=1m")
        .run(
            context -> {
              assertThat(context).hasFailed();
              assertThat(Failures.messages(context.getStartupFailure()))
                  .contains("mydatakit.provider.events.hold-for");
            });
  }

  @Test
  void theConsumersReceiverExistsOnlyWithAListener() {
    consumerRunner
        .withPropertyValues(consumer)
        .withUserConfiguration(BrokerKeys.class)
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context).doesNotHaveBean(ConsumerEventReceiver.class);
              assertThat(context).doesNotHaveBean("mydatakitConsumerEventServlet");
            });
  }

  @Test
  void theConsumersListenerHearsThePushedEvents() {
    consumerRunner
        .withPropertyValues(consumer)
        .withUserConfiguration(BrokerKeys.class, Listener.class)
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              ServletRegistrationBean<?> registration =
                  context.getBean("mydatakitConsumerEventServlet", ServletRegistrationBean.class);
              assertThat(registration.getServlet()).isInstanceOf(ConsumerEventServlet.class);
              assertThat(registration.getUrlMappings()).containsExactly("/mydata/consumer-events");
              Consent consent = Consents.approved(BROKER, SampleCitizen.KIM_CHEOLSU);
              HEARD.clear();
              String ended = set(ConsentEventType.RETENTION_ENDED, consent, Consents.CONSUMER);
              assertThat(push(registration, ended).getStatus()).isEqualTo(202);
              assertThat(push(registration, ended).getStatus()).isEqualTo(202);
              assertThat(HEARD).containsExactly("erase " + consent.id());
            });
  }

  @Test
  void theConsumersEventsNeedTheBrokersIssuerAndKeys() {
    String[] withoutIssuer = java.util.Arrays.copyOf(consumer, consumer.length - 1);
    consumerRunner
        .withPropertyValues(withoutIssuer)
        .withUserConfiguration(BrokerKeys.class, Listener.class)
        .run(
            context -> {
              assertThat(context).hasFailed();
              assertThat(Failures.messages(context.getStartupFailure()))
                  .contains("mydatakit.consumer.events.issuer");
            });
    consumerRunner
        .withPropertyValues(consumer)
        .withUserConfiguration(Listener.class)
        .run(
            context -> {
              assertThat(context).hasFailed();
              assertThat(Failures.messages(context.getStartupFailure()))
                  .contains("mydatakit.consumer.events.jwks-uri");
            });
    consumerRunner
        .withPropertyValues(consumer)
        .withPropertyValues(
            "mydatakit.consumer.events.jwks-uri=http://127.0.0.1:"
                + jwks.getAddress().getPort()
                + "/jwks.json")
        .withUserConfiguration(Listener.class)
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context).hasSingleBean(ConsumerEventReceiver.class);
              assertThat(context).doesNotHaveBean(HttpJwksSource.class);
            });
  }

  @Test
  void theEventsPropertiesArePublishedInTheMetadata() throws Exception {
    assertThat(Failures.metadata("mydatakit.provider"))
        .contains("mydatakit.provider.events.enabled")
        .contains("mydatakit.provider.events.path")
        .contains("mydatakit.provider.events.hold-for");
    assertThat(Failures.metadata("mydatakit.consumer"))
        .contains("mydatakit.consumer.events.path")
        .contains("mydatakit.consumer.events.issuer")
        .contains("mydatakit.consumer.events.jwks-uri");
  }

  @Configuration(proxyBeanMethods = false)
  static class BrokerKeys {
    @Bean
    VerificationKeySource brokerKeys() {
      return new VerificationKeySource() {
        @Override
        public VerificationKeySet current() {
          return TRUSTED.verificationKeys();
        }

        @Override
        public Optional<VerificationKeySet> refresh() {
          return Optional.empty();
        }
      };
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class Listener {
    @Bean
    ConsumerEventListener listener() {
      return new ConsumerEventListener() {
        @Override
        public void onRevoked(ConsentEvent event) {
          HEARD.add("stop " + event.consentId());
        }

        @Override
        public void onRetentionEnded(ConsentEvent event) {
          HEARD.add("erase " + event.consentId());
        }
      };
    }
  }
}
