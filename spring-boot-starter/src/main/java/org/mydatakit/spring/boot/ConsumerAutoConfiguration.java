package org.mydatakit.spring.boot;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import okhttp3.OkHttpClient;
import org.mydatakit.client.GrantSource;
import org.mydatakit.client.MyDataClient;
import org.mydatakit.client.MyDataClientBuilder;
import org.mydatakit.client.ProviderDirectory;
import org.mydatakit.client.RemoteGrantSource;
import org.mydatakit.consent.AgencyId;
import org.mydatakit.grant.DpopKey;
import org.mydatakit.keys.SigningKeySet;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * The consumer agency's {@link MyDataClient}, built from {@code mydatakit.consumer.*} when {@code
 * mydatakit.consumer.enabled=true}: grants from the broker at {@code broker-url} ({@link
 * RemoteGrantSource}, authenticated with the private key in {@code client-key-file}), bound to the
 * DPoP key in {@code dpop-key-file} (or one generated at start), and the provider agencies at the
 * URLs of {@code providers}. Every bean backs off when the application defines its own: a {@link
 * GrantSource} (for example {@code GrantSource.of(broker)} beside an embedded broker), a {@link
 * ProviderDirectory}, a {@link DpopKey} or the client itself.
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
