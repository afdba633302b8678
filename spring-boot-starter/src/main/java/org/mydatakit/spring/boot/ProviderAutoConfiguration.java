package org.mydatakit.spring.boot;

import java.util.LinkedHashSet;
import java.util.Set;
import okhttp3.OkHttpClient;
import org.mydatakit.consent.AgencyId;
import org.mydatakit.consent.ItemCode;
import org.mydatakit.events.SeenEvents;
import org.mydatakit.grant.DpopReplayCache;
import org.mydatakit.keys.VerificationKeySource;
import org.mydatakit.provider.ConsentEventReceiver;
import org.mydatakit.provider.ConsentEventServlet;
import org.mydatakit.provider.GrantUseLedger;
import org.mydatakit.provider.HttpJwksSource;
import org.mydatakit.provider.HttpStatusListSource;
import org.mydatakit.provider.ProviderGate;
import org.mydatakit.provider.ProviderGateFilter;
import org.mydatakit.provider.RefusedConsents;
import org.mydatakit.status.RevocationCheck;
import org.mydatakit.status.StatusLists;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

/**
 * The provider agency's {@link ProviderGate}, built from {@code mydatakit.provider.*} when {@code
 * mydatakit.provider.enabled=true}: the broker's keys from its JWKS ({@link HttpJwksSource}), the
 * consent's status from its status lists ({@link HttpStatusListSource}, unless {@code
 * revocation-check=none}), uses in memory unless the application defines a {@link GrantUseLedger},
 * and in a Servlet web application the gate's {@link ProviderGateFilter} on {@code paths}, or with
 * {@code filter=spring-security} a {@link MyDataProviderSecurity} for the application's Spring
 * Security filter chain. With {@code events.enabled=true}, a {@link ConsentEventReceiver} the gate
 * consults, and in a Servlet web application its {@link ConsentEventServlet} on {@code
 * events.path}. Every bean backs off when the application defines its own.
 */
@AutoConfiguration
@ConditionalOnClass({ProviderGate.class, OkHttpClient.class})
@ConditionalOnProperty(prefix = "mydatakit.provider", name = "enabled", havingValue = "true")
@EnableConfigurationProperties(ProviderProperties.class)
public class ProviderAutoConfiguration {
  static final String PREFIX = "mydatakit.provider.";

  /** The broker's JWKS, loaded on first use and following its rotation. */
  @Bean
  @ConditionalOnMissingBean
  public VerificationKeySource mydatakitBrokerKeys(
      ProviderProperties properties, ObjectProvider<OkHttpClient> client) {
    required(properties.getJwksUri(), "jwks-uri");
    return HttpJwksSource.of(client.getIfAvailable(OkHttpClient::new), properties.getJwksUri());
  }

  /** The consent's status: the broker's signed status lists, cached. */
  @Bean
  @ConditionalOnMissingBean
  @ConditionalOnProperty(
      prefix = "mydatakit.provider",
      name = "revocation-check",
      havingValue = "status-list",
      matchIfMissing = true)
  public RevocationCheck mydatakitRevocationCheck(
      ProviderProperties properties,
      VerificationKeySource brokerKeys,
      ObjectProvider<OkHttpClient> client) {
    return StatusLists.builder()
        .source(HttpStatusListSource.of(client.getIfAvailable(OkHttpClient::new)))
        .trustedIssuer(required(properties.getIssuer(), "issuer"), brokerKeys)
        .build();
  }

  /** The gate, built once from the properties. */
  @Bean
  @ConditionalOnMissingBean
  public ProviderGate mydatakitProviderGate(
      ProviderProperties properties,
      VerificationKeySource brokerKeys,
      ObjectProvider<RevocationCheck> revocationCheck,
      ObjectProvider<GrantUseLedger> ledger,
      ObjectProvider<DpopReplayCache> replayCache,
      ObjectProvider<RefusedConsents> consentEvents) {
    ProviderGate.Builder gate =
        ProviderGate.builder()
            .trustedIssuer(required(properties.getIssuer(), "issuer"), brokerKeys)
            .audience(AgencyId.of(required(properties.getAgencyId(), "agency-id")));
    if (properties.getRevocationCheck() == ProviderProperties.RevocationCheckMode.NONE) {
      gate.withoutRevocationCheck();
    } else {
      RevocationCheck check = revocationCheck.getIfAvailable();
      if (check == null) {
        throw new IllegalStateException(
            "mydatakit: expected a RevocationCheck bean, or "
                + PREFIX
                + "revocation-check=none to run without one");
      }
      gate.revocationCheck(check);
    }
    ledger.ifAvailable(gate::ledger);
    replayCache.ifAvailable(gate::replayCache);
    consentEvents.ifAvailable(gate::consentEvents);
    if (!properties.getServes().isEmpty()) {
      Set<ItemCode> items = new LinkedHashSet<>();
      properties.getServes().forEach(item -> items.add(ItemCode.of(item)));
      gate.serves(items);
    }
    if (properties.getBaseUrl() != null) {
      gate.baseUrl(properties.getBaseUrl());
    }
    if (properties.getClockSkew() != null) {
      gate.clockSkew(properties.getClockSkew());
    }
    if (properties.getProofMaxAge() != null) {
      gate.proofMaxAge(properties.getProofMaxAge());
    }
    return gate.build();
  }

  /**
   * The broker's consent events, with {@code mydatakit.provider.events.enabled=true}: verified with
   * the broker's keys, for this agency; the gate refuses what they say at once.
   */
  @Bean
  @ConditionalOnMissingBean
  @ConditionalOnProperty(
      prefix = "mydatakit.provider.events",
      name = "enabled",
      havingValue = "true")
  public ConsentEventReceiver mydatakitConsentEvents(
      ProviderProperties properties,
      VerificationKeySource brokerKeys,
      ObjectProvider<SeenEvents> seenEvents) {
    ConsentEventReceiver.Builder events =
        ConsentEventReceiver.builder()
            .trustedIssuer(required(properties.getIssuer(), "issuer"), brokerKeys)
            .audience(AgencyId.of(required(properties.getAgencyId(), "agency-id")));
    seenEvents.ifAvailable(events::seenEvents);
    ProviderProperties.Events settings = properties.getEvents();
    if (settings.getHoldFor() != null) {
      events.holdFor(settings.getHoldFor());
    }
    if (settings.getRetention() != null) {
      events.retention(settings.getRetention());
    }
    try {
      return events.build();
    } catch (IllegalStateException e) {
      throw new IllegalStateException(
          "mydatakit: the properties "
              + PREFIX
              + "events.hold-for or "
              + PREFIX
              + "events.retention are invalid: "
              + e.getMessage(),
          null);
    }
  }

  /** The consent events' endpoint, a Servlet on {@code mydatakit.provider.events.path}. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
  @ConditionalOnClass({jakarta.servlet.Servlet.class, ServletRegistrationBean.class})
  @ConditionalOnProperty(
      prefix = "mydatakit.provider.events",
      name = "enabled",
      havingValue = "true")
  static class EventsConfiguration {
    @Bean
    @ConditionalOnMissingBean(name = "mydatakitConsentEventServlet")
    ServletRegistrationBean<ConsentEventServlet> mydatakitConsentEventServlet(
        ConsentEventReceiver events, ProviderProperties properties) {
      String path = EventsPath.of(properties.getEvents().getPath(), PREFIX);
      if (MyDataProviderSecurity.matches(properties.getPaths(), path)) {
        throw new IllegalStateException(
            "mydatakit: expected "
                + PREFIX
                + "events.path outside "
                + PREFIX
                + "paths, where the gate would refuse the broker's pushes");
      }
      ServletRegistrationBean<ConsentEventServlet> registration =
          new ServletRegistrationBean<>(ConsentEventServlet.of(events), path);
      registration.setName("mydatakitConsentEvents");
      return registration;
    }
  }

  /** The gate's Servlet filter on {@code mydatakit.provider.paths}. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
  @ConditionalOnClass({jakarta.servlet.Filter.class, FilterRegistrationBean.class})
  @Conditional(FilterModeCondition.Servlet.class)
  static class FilterConfiguration {
    @Bean
    @ConditionalOnMissingBean(name = "mydatakitProviderGateFilter")
    FilterRegistrationBean<ProviderGateFilter> mydatakitProviderGateFilter(
        ProviderGate gate, ProviderProperties properties) {
      ProviderGateFilter filter =
          properties.getBaseUrl() == null
              ? ProviderGateFilter.of(gate)
              : ProviderGateFilter.of(gate, properties.getBaseUrl());
      FilterRegistrationBean<ProviderGateFilter> registration =
          new FilterRegistrationBean<>(filter);
      registration.setName("mydatakitProviderGate");
      registration.setUrlPatterns(properties.getPaths());
      registration.setOrder(properties.getFilterOrder());
      return registration;
    }
  }

  /**
   * With {@code mydatakit.provider.filter=spring-security}: the gate as a {@link
   * MyDataProviderSecurity} for the application's Spring Security filter chain, and a check, once
   * every bean is made, that a chain applied it.
   */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
  @ConditionalOnClass(
      name = {
        "org.springframework.security.web.SecurityFilterChain",
        "org.springframework.security.config.annotation.web.builders.HttpSecurity"
      })
  @Conditional(FilterModeCondition.SpringSecurity.class)
  static class SecurityConfiguration {
    @Bean
    @ConditionalOnMissingBean
    MyDataProviderSecurity mydatakitProviderSecurity(
        ProviderGate gate, ProviderProperties properties) {
      ProviderGateFilter filter =
          properties.getBaseUrl() == null
              ? ProviderGateFilter.of(gate)
              : ProviderGateFilter.of(gate, properties.getBaseUrl());
      try {
        return MyDataProviderSecurity.of(filter, properties.getPaths());
      } catch (IllegalArgumentException e) {
        throw new IllegalStateException("mydatakit: the property " + PREFIX + e.getMessage(), null);
      }
    }

    @Bean
    static SmartInitializingSingleton mydatakitProviderSecurityCheck(
        ObjectProvider<MyDataProviderSecurity> security) {
      return () ->
          security.ifAvailable(
              s -> {
                if (!s.applied()) {
                  throw new IllegalStateException(
                      "mydatakit: "
                          + PREFIX
                          + "filter=spring-security expects a Spring Security filter chain that"
                          + " applies the MyDataProviderSecurity bean (one built from the"
                          + " HttpSecurity bean, or mydata.customize(http)); none did, so "
                          + s.paths()
                          + " would be unprotected");
                }
              });
    }
  }

  /**
   * With {@code filter=spring-security} but no Spring Security: the start stops, paths not open.
   */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
  @ConditionalOnMissingClass(
      "org.springframework.security.config.annotation.web.builders.HttpSecurity")
  @Conditional(FilterModeCondition.SpringSecurity.class)
  static class MissingSecurityConfiguration {
    @Bean
    static SmartInitializingSingleton mydatakitProviderSecurityCheck() {
      return () -> {
        throw new IllegalStateException(
            "mydatakit: "
                + PREFIX
                + "filter=spring-security expects Spring Security on the class path"
                + " (spring-security-config and spring-security-web); found none, so the gate's"
                + " paths would be unprotected");
      };
    }
  }

  static <T> T required(T value, String property) {
    if (value == null || value instanceof String s && s.isBlank()) {
      throw new IllegalStateException(
          "mydatakit: expected the property " + PREFIX + property + " to be set");
    }
    return value;
  }
}
