package org.mydatakit.spring.boot;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import okhttp3.OkHttpClient;
import org.mydatakit.client.ConsumerEventListener;
import org.mydatakit.client.ConsumerEventReceiver;
import org.mydatakit.client.ConsumerEventServlet;
import org.mydatakit.client.GrantSource;
import org.mydatakit.client.MyDataClient;
import org.mydatakit.client.MyDataClientBuilder;
import org.mydatakit.client.ProviderDirectory;
import org.mydatakit.client.RemoteGrantSource;
import org.mydatakit.consent.AgencyId;
import org.mydatakit.events.SeenEvents;
import org.mydatakit.grant.DpopKey;
import org.mydatakit.keys.SigningKeySet;
import org.mydatakit.keys.VerificationKeySource;
import org.mydatakit.provider.HttpJwksSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.ClassUtils;

/**
 * The consumer agency's {@link MyDataClient}, built from {@code mydatakit.consumer.*} when {@code
 * mydatakit.consumer.enabled=true}: grants from the broker at {@code broker-url} ({@link
 * RemoteGrantSource}, authenticated with the private key in {@code client-key-file}), bound to the
 * DPoP key in {@code dpop-key-file} (or one generated at start), and the provider agencies at the
 * URLs of {@code providers}. Every bean backs off when the application defines its own: a {@link
 * GrantSource} (for example {@code GrantSource.of(broker)} beside an embedded broker), a {@link
 * ProviderDirectory}, a {@link DpopKey} or the client itself.
 *
 * <p>When the application defines a {@link ConsumerEventListener} bean, also a {@link
 * ConsumerEventReceiver} of the broker's consent events ({@code events.issuer}, the broker's keys
 * from the application's {@link VerificationKeySource} bean or {@code events.jwks-uri}) and in a
 * Servlet web application its {@link ConsumerEventServlet} on {@code events.path}.
 */
@AutoConfiguration
@ConditionalOnClass({MyDataClient.class, OkHttpClient.class})
@ConditionalOnProperty(prefix = "mydatakit.consumer", name = "enabled", havingValue = "true")
@EnableConfigurationProperties(ConsumerProperties.class)
public class ConsumerAutoConfiguration {
  static final String PREFIX = "mydatakit.consumer.";

  /** The consumer's DPoP key: from {@code dpop-key-file}, or generated for this process. */
  @Bean
  @ConditionalOnMissingBean
  public DpopKey mydatakitConsumerDpopKey(ConsumerProperties properties) {
    if (properties.getDpopKeyFile() == null) {
      return DpopKey.generate();
    }
    return KeyFiles.read(
        properties.getDpopKeyFile(), PREFIX + "dpop-key-file", "a private JWK", DpopKey::parse);
  }

  /** Grants from the broker at {@code broker-url}, asked for with a client assertion. */
  @Bean
  @ConditionalOnMissingBean
  public GrantSource mydatakitGrantSource(
      ConsumerProperties properties, DpopKey dpopKey, ObjectProvider<OkHttpClient> client) {
    URI brokerUrl = required(properties.getBrokerUrl(), "broker-url");
    SigningKeySet clientKey =
        KeyFiles.read(
            required(properties.getClientKeyFile(), "client-key-file"),
            PREFIX + "client-key-file",
            "a private JWK Set",
            SigningKeySet::parse);
    RemoteGrantSource.Builder grants =
        RemoteGrantSource.builder(
            client.getIfAvailable(OkHttpClient::new),
            brokerUrl,
            agencyId(properties),
            clientKey,
            dpopKey);
    if (properties.getBrokerCallTimeout() != null) {
      grants.callTimeout(properties.getBrokerCallTimeout());
    }
    try {
      return grants.build();
    } catch (IllegalArgumentException e) {
      throw invalid("broker-url or " + PREFIX + "broker-call-timeout", e);
    }
  }

  /** The provider agencies of {@code providers}. */
  @Bean
  @ConditionalOnMissingBean
  public ProviderDirectory mydatakitProviderDirectory(ConsumerProperties properties) {
    if (properties.getProviders().isEmpty()) {
      throw new IllegalStateException(
          "mydatakit: expected the property "
              + PREFIX
              + "providers to name at least one provider agency and its base URL");
    }
    Map<AgencyId, URI> urls = new LinkedHashMap<>();
    properties
        .getProviders()
        .forEach(
            (agency, url) -> {
              AgencyId id;
              try {
                id = AgencyId.of(agency);
              } catch (IllegalArgumentException e) {
                throw new IllegalStateException(
                    "mydatakit: the property "
                        + PREFIX
                        + "providers has a key that is not an agency id",
                    null);
              }
              urls.put(id, url);
            });
    try {
      return ProviderDirectory.of(urls);
    } catch (IllegalArgumentException e) {
      throw invalid("providers", e);
    }
  }

  /** The client, built once and shared. */
  @Bean
  @ConditionalOnMissingBean
  public MyDataClient mydatakitClient(
      ConsumerProperties properties,
      ProviderDirectory directory,
      DpopKey dpopKey,
      GrantSource grantSource,
      ObjectProvider<OkHttpClient> client) {
    MyDataClientBuilder builder =
        MyDataClient.builder()
            .consumer(agencyId(properties))
            .directory(directory)
            .dpopKey(dpopKey)
            .grantSource(grantSource);
    client.ifAvailable(builder::okHttpClient);
    if (properties.getCallTimeout() != null) {
      builder.callTimeout(properties.getCallTimeout());
    }
    try {
      return builder.build();
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw invalid("providers or " + PREFIX + "call-timeout", e);
    }
  }

  /**
   * The broker's consent events to the application's listener: verified with the broker's keys (the
   * application's {@link VerificationKeySource} bean, or its JWKS at {@code events.jwks-uri}), from
   * {@code events.issuer}, for this consumer.
   */
  @Bean
  @ConditionalOnMissingBean
  @ConditionalOnBean(ConsumerEventListener.class)
  public ConsumerEventReceiver mydatakitConsumerEvents(
      ConsumerProperties properties,
      ConsumerEventListener listener,
      ObjectProvider<VerificationKeySource> keys,
      ObjectProvider<SeenEvents> seenEvents,
      ObjectProvider<OkHttpClient> client) {
    ConsumerProperties.Events settings = properties.getEvents();
    String issuer = required(settings.getIssuer(), "events.issuer");
    VerificationKeySource brokerKeys = keys.getIfAvailable();
    if (brokerKeys == null) {
      URI jwks = required(settings.getJwksUri(), "events.jwks-uri");
      if (!ClassUtils.isPresent("org.mydatakit.provider.HttpJwksSource", null)) {
        throw new IllegalStateException(
            "mydatakit: "
                + PREFIX
                + "events.jwks-uri is read with mydatakit-provider's HttpJwksSource, which is not"
                + " on the class path: add it, or define a VerificationKeySource bean");
      }
      try {
        brokerKeys = ProviderJwks.of(client.getIfAvailable(OkHttpClient::new), jwks);
      } catch (IllegalArgumentException e) {
        throw invalid("events.jwks-uri", e);
      }
    }
    ConsumerEventReceiver.Builder events =
        ConsumerEventReceiver.builder()
            .trustedIssuer(issuer, brokerKeys)
            .audience(agencyId(properties))
            .listener(listener);
    seenEvents.ifAvailable(events::seenEvents);
    if (settings.getRetention() != null) {
      events.retention(settings.getRetention());
    }
    try {
      return events.build();
    } catch (IllegalStateException | IllegalArgumentException e) {
      throw invalid("events.issuer or " + PREFIX + "events.retention", e);
    }
  }

  /** The consent events' endpoint, a Servlet on {@code mydatakit.consumer.events.path}. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
  @ConditionalOnClass({jakarta.servlet.Servlet.class, ServletRegistrationBean.class})
  @ConditionalOnBean(ConsumerEventListener.class)
  static class EventsConfiguration {
    @Bean
    @ConditionalOnMissingBean(name = "mydatakitConsumerEventServlet")
    ServletRegistrationBean<ConsumerEventServlet> mydatakitConsumerEventServlet(
        ConsumerEventReceiver events, ConsumerProperties properties) {
      String path = EventsPath.of(properties.getEvents().getPath(), PREFIX);
      ServletRegistrationBean<ConsumerEventServlet> registration =
          new ServletRegistrationBean<>(ConsumerEventServlet.of(events), path);
      registration.setName("mydatakitConsumerEvents");
      return registration;
    }
  }

  /** The provider kit's JWKS source, touched only once it is known to be on the class path. */
  private static final class ProviderJwks {
    static VerificationKeySource of(OkHttpClient client, URI jwks) {
      return HttpJwksSource.of(client, jwks);
    }
  }

  private static AgencyId agencyId(ConsumerProperties properties) {
    String value = required(properties.getAgencyId(), "agency-id");
    try {
      return AgencyId.of(value);
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException(
          "mydatakit: expected the property " + PREFIX + "agency-id to be an agency id", null);
    }
  }

  /** The library's own message names the setting and never a key or a citizen. */
  private static IllegalStateException invalid(String property, RuntimeException e) {
    return new IllegalStateException(
        "mydatakit: the property " + PREFIX + property + " is invalid: " + e.getMessage(), null);
  }

  static <T> T required(T value, String property) {
    if (value == null || value instanceof String s && s.isBlank()) {
      throw new IllegalStateException(
          "mydatakit: expected the property " + PREFIX + property + " to be set");
    }
    return value;
  }
}
