package org.mydatakit.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mydatakit.keys.SigningAlgorithm;
import org.mydatakit.keys.SigningKeySet;
import org.mydatakit.keys.VerificationKeySet;
import org.mydatakit.keys.VerificationKeySource;
import org.mydatakit.provider.HttpJwksSource;
import org.mydatakit.provider.ProviderGate;
import org.mydatakit.provider.ProviderGateFilter;
import org.mydatakit.provider.ProviderRequest;
import org.mydatakit.provider.Refusal;
import org.mydatakit.status.RevocationCheck;
import org.mydatakit.status.StatusLists;
import org.mydatakit.status.TokenStatus;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

class ProviderAutoConfigurationTest {
  /**
   * The broker's public keys, served on a loopback port: the gate's builders ask the key source for
   * its keys once at start, so the JWKS must be reachable then.
   */
  private static final VerificationKeySet BROKER_KEYS =
      SigningKeySet.generate(SigningAlgorithm.ES256).verificationKeys();

  private static HttpServer broker;
  private static String jwks;
  private static String[] required;

  @BeforeAll
  static void startBroker() throws IOException {
    broker = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    byte[] body = BROKER_KEYS.toJson().getBytes(StandardCharsets.UTF_8);
    broker.createContext(
        "/jwks.json",
        exchange -> {
          exchange.getResponseHeaders().set("Content-Type", "application/jwk-set+json");
          exchange.sendResponseHeaders(200, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    broker.start();
    jwks = "http://127.0.0.1:" + broker.getAddress().getPort() + "/jwks.json";
    required =
        new String[] {
          "mydatakit.provider.enabled=true",
          "mydatakit.provider.agency-id=NTS",
          "mydatakit.provider.issuer=https://broker.example",
          "mydatakit.provider.jwks-uri=" + jwks
        };
  }

  @AfterAll
  static void stopBroker() {
    broker.stop(0);
  }

  private final WebApplicationContextRunner web =
      new WebApplicationContextRunner()
          .withConfiguration(AutoConfigurations.of(ProviderAutoConfiguration.class));

  private final ApplicationContextRunner plain =
      new ApplicationContextRunner()
          .withConfiguration(AutoConfigurations.of(ProviderAutoConfiguration.class));

  @Test
  void isDisabledByDefault() {
    web.withPropertyValues(
            "mydatakit.provider.agency-id=NTS",
            "mydatakit.provider.issuer=https://broker.example",
            "mydatakit.provider.jwks-uri=" + jwks)
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context).doesNotHaveBean(ProviderGate.class);
              assertThat(context).doesNotHaveBean(FilterRegistrationBean.class);
              assertThat(context).doesNotHaveBean(ProviderProperties.class);
            });
  }

  @Test
  void buildsAGateFromPropertiesThatRefusesARequestWithoutAValidGrant() {
    web.withPropertyValues(required)
        .run(
            context -> {
              assertThat(context).hasSingleBean(ProviderGate.class);
              assertThat(context.getBean(VerificationKeySource.class))
                  .isInstanceOf(HttpJwksSource.class);
              assertThat(context.getBean(RevocationCheck.class)).isInstanceOf(StatusLists.class);
              ProviderGate gate = context.getBean(ProviderGate.class);
              ProviderRequest forged =
                  ProviderRequest.builder()
                      .method("GET")
                      .url(URI.create("https://nts.example/mydata/v1/items/nts.income"))
                      .header("X-Api-Tran-Id", "T0000000001")
                      .header("Authorization", "DPoP not-a-grant")
                      .header("DPoP", "not-a-proof")
                      .build();
              assertThat(gate.admit(forged)).isInstanceOf(Refusal.class);
              ProviderRequest bare =
                  ProviderRequest.builder()
                      .method("GET")
                      .url(URI.create("https://nts.example/mydata/v1/items/nts.income"))
                      .header("X-Api-Tran-Id", "T0000000002")
                      .build();
              assertThat(gate.admit(bare)).isInstanceOf(Refusal.class);
            });
  }

  @Test
  void registersTheFilterOnTheDefaultPath() {
    web.withPropertyValues(required)
        .run(
            context -> {
              FilterRegistrationBean<?> registration =
                  context.getBean("mydatakitProviderGateFilter", FilterRegistrationBean.class);
              assertThat(registration.getFilter()).isInstanceOf(ProviderGateFilter.class);
              assertThat(registration.getUrlPatterns()).containsExactly("/mydata/v1/*");
            });
  }

  @Test
  void registersTheFilterOnTheConfiguredPaths() {
    web.withPropertyValues(required)
        .withPropertyValues(
            "mydatakit.provider.paths=/records/*,/other/v2/*",
            "mydatakit.provider.base-url=https://nts.example",
            "mydatakit.provider.filter-order=5")
        .run(
            context -> {
              FilterRegistrationBean<?> registration =
                  context.getBean("mydatakitProviderGateFilter", FilterRegistrationBean.class);
              assertThat(registration.getUrlPatterns())
                  .containsExactly("/records/*", "/other/v2/*");
              assertThat(registration.getOrder()).isEqualTo(5);
            });
  }

  @Test
  void registersNoFilterOutsideAServletApplication() {
    plain
        .withPropertyValues(required)
        .run(
            context -> {
              assertThat(context).hasSingleBean(ProviderGate.class);
              assertThat(context).doesNotHaveBean(FilterRegistrationBean.class);
            });
  }

  @ParameterizedTest
  @ValueSource(strings = {"agency-id", "issuer", "jwks-uri"})
  void failsToStartWithoutARequiredPropertyNamingIt(String property) {
    String[] without =
        java.util.Arrays.stream(required)
            .filter(p -> !p.startsWith("mydatakit.provider." + property + "="))
            .toArray(String[]::new);
    web.withPropertyValues(without)
        .run(
            context -> {
              assertThat(context).hasFailed();
              assertThat(rootMessage(context.getStartupFailure()))
                  .contains("mydatakit.provider." + property);
            });
  }

  @Test
  void failsToStartOnAJwksUriOverPlainHttpToAnotherHost() {
    web.withPropertyValues(required)
        .withPropertyValues("mydatakit.provider.jwks-uri=http://broker.example/jwks.json")
        .run(context -> assertThat(context).hasFailed());
  }

  @Test
  void runsWithoutRevocationCheckOnlyWhenToldExplicitly() {
    web.withPropertyValues(required)
        .withPropertyValues("mydatakit.provider.revocation-check=none")
        .run(
            context -> {
              assertThat(context).hasSingleBean(ProviderGate.class);
              assertThat(context).doesNotHaveBean(RevocationCheck.class);
            });
  }

  @Test
  void takesTheServedItems() {
    web.withPropertyValues(required)
        .withPropertyValues("mydatakit.provider.serves=nts.income,nts.tax")
        .run(
            context -> {
              assertThat(context).hasSingleBean(ProviderGate.class);
              assertThat(context.getBean(ProviderProperties.class).getServes())
                  .containsExactly("nts.income", "nts.tax");
            });
  }

  @Test
  void backsOffWhenTheApplicationDefinesItsBeans() {
    web.withPropertyValues(required)
        .withUserConfiguration(OwnBeans.class)
        .run(
            context -> {
              assertThat(context).hasSingleBean(ProviderGate.class);
              assertThat(context.getBean(ProviderGate.class)).isSameAs(OwnBeans.GATE);
              assertThat(context.getBean(RevocationCheck.class)).isSameAs(OwnBeans.CHECK);
              assertThat(context.getBean(VerificationKeySource.class)).isSameAs(OwnBeans.KEYS);
              assertThat(
                      context
                          .getBean("mydatakitProviderGateFilter", FilterRegistrationBean.class)
                          .getUrlPatterns())
                  .containsExactly("/own/*");
            });
  }

  @Test
  void publishesPropertyMetadata() throws IOException {
    String metadata = null;
    for (URL url :
        Collections.list(
            getClass()
                .getClassLoader()
                .getResources("META-INF/spring-configuration-metadata.json"))) {
      try (InputStream in = url.openStream()) {
        String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        if (text.contains("mydatakit.provider")) {
          metadata = text;
        }
      }
    }
    assertThat(metadata)
        .contains("\"mydatakit.provider.agency-id\"")
        .contains("\"mydatakit.provider.jwks-uri\"")
        .contains("\"mydatakit.provider.revocation-check\"")
        .contains("\"mydatakit.provider.paths\"");
  }

  private static String rootMessage(Throwable failure) {
    Throwable t = failure;
    StringBuilder messages = new StringBuilder();
    while (t != null) {
      messages.append(t.getMessage()).append('\n');
      t = t.getCause();
    }
    return messages.toString();
  }

  @Configuration(proxyBeanMethods = false)
  static class OwnBeans {
    static final VerificationKeySource KEYS =
        new VerificationKeySource() {
          @Override
          public VerificationKeySet current() {
            return BROKER_KEYS;
          }

          @Override
          public Optional<VerificationKeySet> refresh() {
            return Optional.empty();
          }
        };
    static final RevocationCheck CHECK = reference -> TokenStatus.VALID;
    static final ProviderGate GATE =
        ProviderGate.builder()
            .trustedIssuer("https://broker.example", KEYS)
            .audience(org.mydatakit.consent.AgencyId.of("OWN"))
            .withoutRevocationCheck()
            .build();

    @Bean
    VerificationKeySource keys() {
      return KEYS;
    }

    @Bean
    RevocationCheck check() {
      return CHECK;
    }

    @Bean
    ProviderGate gate() {
      return GATE;
    }

    @Bean
    FilterRegistrationBean<ProviderGateFilter> mydatakitProviderGateFilter(ProviderGate gate) {
      FilterRegistrationBean<ProviderGateFilter> registration =
          new FilterRegistrationBean<>(ProviderGateFilter.of(gate));
      registration.addUrlPatterns("/own/*");
      return registration;
    }
  }
}
