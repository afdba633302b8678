package org.mydatakit.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletResponse;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mydatakit.broker.ConsentBroker;
import org.mydatakit.broker.InMemoryConsentStore;
import org.mydatakit.consent.Consent;
import org.mydatakit.consent.PairwiseSubjects;
import org.mydatakit.grant.DpopKey;
import org.mydatakit.grant.Grant;
import org.mydatakit.keys.SigningAlgorithm;
import org.mydatakit.keys.SigningKeySet;
import org.mydatakit.keys.VerificationKeySet;
import org.mydatakit.keys.VerificationKeySource;
import org.mydatakit.provider.ProviderGateFilter;
import org.mydatakit.testkit.FakeBroker;
import org.mydatakit.testkit.SampleCitizen;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableWebApplicationContext;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.SecurityFilterChain;

class MyDataProviderSecurityTest {
  /** The broker the agency trusts: its keys, now and an hour ago. */
  private static final SigningKeySet TRUSTED = SigningKeySet.generate(SigningAlgorithm.ES256);

  private static final ConsentBroker BROKER = broker(Clock.systemUTC());
  private static final String ITEM_PATH = "/mydata/v1/items/nhis.qualification";

  private final WebApplicationContextRunner runner =
      new WebApplicationContextRunner()
          .withConfiguration(AutoConfigurations.of(ProviderAutoConfiguration.class))
          .withPropertyValues(
              "mydatakit.provider.enabled=true",
              "mydatakit.provider.agency-id=NHIS",
              "mydatakit.provider.issuer=" + FakeBroker.ISSUER,
              // the key source below replaces the JWKS; the status list is not served here
              "mydatakit.provider.jwks-uri=http://127.0.0.1:1/jwks.json",
              "mydatakit.provider.revocation-check=none",
              "mydatakit.provider.filter=spring-security");

  @ParameterizedTest
  @ValueSource(classes = {Security.class, ExplicitSecurity.class})
  void admitsAValidGrantWithAnAuthenticationOfItsItems(Class<?> security) {
    runner
        .withUserConfiguration(BrokerKeys.class, security)
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context).doesNotHaveBean(FilterRegistrationBean.class);
              Consent consent = Consents.approved(BROKER, SampleCitizen.HONG_GILDONG);
              DpopKey key = DpopKey.generate();
              Grant grant = BROKER.issueGrant(consent.id(), Consents.NHIS, key.thumbprint());

              AtomicReference<Authentication> seen = new AtomicReference<>();
              MockHttpServletResponse response = send(context, request(grant.token(), key), seen);

              assertThat(response.getStatus()).as(response.getContentAsString()).isEqualTo(200);
              assertThat(response.getContentAsString()).isEqualTo("{\"ok\":true}");
              assertThat(response.getHeader("X-Api-Tran-Id")).isNotNull();
              assertThat(seen.get()).isInstanceOf(MyDataGrantAuthentication.class);
              MyDataGrantAuthentication authentication = (MyDataGrantAuthentication) seen.get();
              assertThat(authentication.isAuthenticated()).isTrue();
              assertThat(authentication.getName()).isEqualTo(consent.id().toString());
              assertThat(authentication.getCredentials()).isNull();
              assertThat(
                      authentication.getAuthorities().stream()
                          .map(GrantedAuthority::getAuthority)
                          .toList())
                  .containsExactly("MYDATA_ITEM_nhis.qualification");
              assertThat(authentication.admission().item()).isEqualTo(Consents.QUALIFICATION);
              String shown = authentication.toString();
              assertThat(shown).contains(consent.id().toString());
              assertThat(shown)
                  .doesNotContain(authentication.admission().grant().subject().value())
                  .doesNotContain(grant.token());
              // the gate's request restored the caller's context
              assertThat(SecurityContextHolder.getContext().getAuthentication()).isNull();
            });
  }

  @Test
  void refusesAForgedOrExpiredGrantWithTheGatesProblem() {
    runner
        .withUserConfiguration(BrokerKeys.class, Security.class)
        .run(
            context -> {
              DpopKey key = DpopKey.generate();
              // a broker whose keys the agency does not trust
              FakeBroker forger = FakeBroker.create();
              Consent forgedConsent = Consents.approved(forger.broker(), SampleCitizen.KIM_CHEOLSU);
              Grant forged = forger.issueGrant(forgedConsent.id(), Consents.NHIS, key);
              // the trusted broker's keys, an hour ago: the grant has expired
              Clock hourAgo = Clock.fixed(Instant.now().minus(Duration.ofHours(1)), ZoneOffset.UTC);
              ConsentBroker past = broker(hourAgo);
              Consent pastConsent = Consents.approved(past, SampleCitizen.KIM_CHEOLSU, hourAgo);
              Grant expired = past.issueGrant(pastConsent.id(), Consents.NHIS, key.thumbprint());

              for (Grant grant : List.of(forged, expired)) {
                AtomicReference<Authentication> seen = new AtomicReference<>();
                MockHttpServletResponse response = send(context, request(grant.token(), key), seen);
                assertThat(response.getStatus()).isEqualTo(HttpServletResponse.SC_UNAUTHORIZED);
                assertThat(response.getContentType()).contains("problem+json");
                assertThat(response.getContentAsString())
                    .contains(grant == expired ? "\"EXPIRED\"" : "\"UNKNOWN_KEY\"")
                    .doesNotContain(grant.token());
                assertThat(seen.get()).as("the endpoint is not reached").isNull();
              }
            });
  }

  @Test
  void refusesARequestWithoutAGrantAndPassesOtherPaths() {
    runner
        .withUserConfiguration(BrokerKeys.class, Security.class)
        .run(
            context -> {
              MockHttpServletRequest bare = new MockHttpServletRequest("GET", ITEM_PATH);
              bare.addHeader(
                  "X-Api-Tran-Id", "tran-" + UUID.randomUUID().toString().substring(0, 8));
              AtomicReference<Authentication> seen = new AtomicReference<>();
              assertThat(send(context, bare, seen).getStatus()).isEqualTo(401);
              assertThat(seen.get()).isNull();

              MockHttpServletResponse other =
                  send(context, new MockHttpServletRequest("GET", "/health"), seen);
              assertThat(other.getStatus()).isEqualTo(200);
              assertThat(seen.get()).isNotInstanceOf(MyDataGrantAuthentication.class);
            });
  }

  @Test
  void failsToStartWhenNoChainAppliesIt() {
    runner
        .withUserConfiguration(BrokerKeys.class)
        .run(
            context -> {
              assertThat(context).hasFailed();
              assertThat(Failures.messages(context.getStartupFailure()))
                  .contains("mydatakit.provider.filter")
                  .contains("MyDataProviderSecurity");
            });
  }

  @ParameterizedTest
  @ValueSource(strings = {"SPRING_SECURITY", "spring_security", "Spring-Security"})
  void takesTheModeInAnySpellingThePropertiesBind(String spelling) {
    runner
        .withUserConfiguration(BrokerKeys.class, Security.class)
        .withPropertyValues("mydatakit.provider.filter=" + spelling)
        .run(
            context -> {
              assertThat(context).hasSingleBean(MyDataProviderSecurity.class);
              assertThat(context).doesNotHaveBean(FilterRegistrationBean.class);
            });
  }

  @Test
  void failsToStartOnAnUnknownMode() {
    runner
        .withUserConfiguration(BrokerKeys.class, Security.class)
        .withPropertyValues("mydatakit.provider.filter=none")
        .run(
            context -> {
              assertThat(context).hasFailed();
              assertThat(Failures.messages(context.getStartupFailure()))
                  .contains("mydatakit.provider.filter");
            });
  }

  @Test
  void failsToStartWhenSpringSecurityIsMissing() {
    runner
        .withClassLoader(new FilteredClassLoader(HttpSecurity.class))
        .withUserConfiguration(BrokerKeys.class)
        .run(
            context -> {
              assertThat(context).hasFailed();
              assertThat(Failures.messages(context.getStartupFailure()))
                  .contains("mydatakit.provider.filter=spring-security");
            });
  }

  @Test
  void takesOnlyServletUrlPatterns() {
    ProviderGateFilter filter =
        ProviderGateFilter.of(
            org.mydatakit.provider.ProviderGate.builder()
                .trustedIssuer(FakeBroker.ISSUER, BrokerKeys.KEYS)
                .audience(Consents.NHIS)
                .withoutRevocationCheck()
                .build());
    assertThatThrownBy(() -> MyDataProviderSecurity.of(filter, List.of("/mydata/**")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> MyDataProviderSecurity.of(filter, List.of()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(MyDataProviderSecurity.matches(List.of("/mydata/v1/*"), "/mydata/v1/items/x"))
        .isTrue();
    assertThat(MyDataProviderSecurity.matches(List.of("/mydata/v1/*"), "/mydata/v10/items"))
        .isFalse();
    assertThat(MyDataProviderSecurity.matches(List.of("*.json"), "/a/b.json")).isTrue();
    assertThat(MyDataProviderSecurity.matches(List.of("/exact"), "/exact/more")).isFalse();
  }

  /** A broker with the trusted keys on {@code clock}, named as the fake broker is. */
  private static ConsentBroker broker(Clock clock) {
    return ConsentBroker.builder()
        .store(new InMemoryConsentStore())
        .signingKeys(TRUSTED)
        .issuer(FakeBroker.ISSUER)
        .pairwiseSubjects(
            PairwiseSubjects.of(
                "FAKE-MASTER-SECRET: starter test only, never production"
                    .getBytes(StandardCharsets.US_ASCII)))
        .statusListUri(FakeBroker.STATUS_LIST_URI)
        .clock(clock)
        .build();
  }

  private static MockHttpServletRequest request(String token, DpopKey key) {
    MockHttpServletRequest request = new MockHttpServletRequest("GET", ITEM_PATH);
    request.addHeader("Authorization", "DPoP " + token);
    request.addHeader("DPoP", key.proof("GET", URI.create("http://localhost" + ITEM_PATH), token));
    request.addHeader("X-Api-Tran-Id", "tran-" + UUID.randomUUID().toString().substring(0, 8));
    return request;
  }

  /** Sends {@code request} through the security chain to an endpoint that notes the caller. */
  private static MockHttpServletResponse send(
      AssertableWebApplicationContext context,
      MockHttpServletRequest request,
      AtomicReference<Authentication> seen)
      throws Exception {
    Filter chain = context.getBean("springSecurityFilterChain", Filter.class);
    MockHttpServletResponse response = new MockHttpServletResponse();
    seen.set(null);
    chain.doFilter(
        request,
        response,
        (req, res) -> {
          seen.set(SecurityContextHolder.getContext().getAuthentication());
          res.setContentType("application/json");
          res.getWriter().write("{\"ok\":true}");
          ProviderGateFilter.recordCount(req, 1);
        });
    return response;
  }

  @Configuration(proxyBeanMethods = false)
  static class BrokerKeys {
    static final VerificationKeySource KEYS =
        new VerificationKeySource() {
          @Override
          public VerificationKeySet current() {
            return TRUSTED.verificationKeys();
          }

          @Override
          public Optional<VerificationKeySet> refresh() {
            return Optional.empty();
          }
        };

    @Bean
    VerificationKeySource brokerKeys() {
      return KEYS;
    }
  }

  /** A chain from Spring Security's HttpSecurity bean: the gate is applied to it. */
  @Configuration(proxyBeanMethods = false)
  @EnableWebSecurity
  static class Security {
    @Bean
    SecurityFilterChain chain(HttpSecurity http) throws Exception {
      return http.authorizeHttpRequests(
              a ->
                  a.requestMatchers("/mydata/**")
                      .hasAuthority("MYDATA_ITEM_nhis.qualification")
                      .anyRequest()
                      .permitAll())
          .build();
    }
  }

  /** The same, applying the gate again by hand: it runs once. */
  @Configuration(proxyBeanMethods = false)
  @EnableWebSecurity
  static class ExplicitSecurity {
    @Bean
    SecurityFilterChain chain(HttpSecurity http, MyDataProviderSecurity mydata) throws Exception {
      mydata.customize(http);
      return http.authorizeHttpRequests(
              a ->
                  a.requestMatchers("/mydata/**")
                      .hasAuthority("MYDATA_ITEM_nhis.qualification")
                      .anyRequest()
                      .permitAll())
          .build();
    }
  }
}
