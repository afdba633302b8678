package org.mydatakit.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mydatakit.client.BrokerUnavailableException;
import org.mydatakit.client.GrantSource;
import org.mydatakit.client.MyDataClient;
import org.mydatakit.client.ProviderDirectory;
import org.mydatakit.client.RemoteGrantSource;
import org.mydatakit.consent.AgencyId;
import org.mydatakit.consent.ConsentId;
import org.mydatakit.consent.ItemCode;
import org.mydatakit.grant.DpopKey;
import org.mydatakit.keys.SigningAlgorithm;
import org.mydatakit.keys.SigningKeySet;
import org.mydatakit.testkit.FakeBroker;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

class ConsumerAutoConfigurationTest {
  /** A broker on a loopback port that records each request and answers 503. */
  private static HttpServer broker;

  private static final List<String> SEEN = new CopyOnWriteArrayList<>();

  @TempDir static Path dir;
  private static Path clientKeyFile;
  private static Path dpopKeyFile;
  private static DpopKey dpopKey;
  private static String[] required;

  @BeforeAll
  static void start() throws IOException {
    broker = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    broker.createContext(
        "/",
        exchange -> {
          SEEN.add(
              exchange.getRequestMethod()
                  + " "
                  + exchange.getRequestURI().getPath()
                  + " "
                  + exchange.getRequestHeaders().getFirst("Client-Assertion"));
          exchange.sendResponseHeaders(503, -1);
          exchange.close();
        });
    broker.start();
    clientKeyFile = dir.resolve("client.jwks.json");
    Files.writeString(
        clientKeyFile, SigningKeySet.generate(SigningAlgorithm.ES256).exportPrivateJwks());
    dpopKey = DpopKey.generate();
    dpopKeyFile = dir.resolve("dpop.jwk.json");
    Files.writeString(dpopKeyFile, dpopKey.exportPrivateJwk());
    required =
        new String[] {
          "mydatakit.consumer.enabled=true",
          "mydatakit.consumer.agency-id=KB-BANK",
          "mydatakit.consumer.broker-url=http://127.0.0.1:" + broker.getAddress().getPort(),
          "mydatakit.consumer.client-key-file=" + clientKeyFile,
          "mydatakit.consumer.providers.NHIS=http://127.0.0.1:9/",
          "mydatakit.consumer.providers.NTS=https://nts.example"
        };
  }

  @AfterAll
  static void stop() {
    broker.stop(0);
  }

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(AutoConfigurations.of(ConsumerAutoConfiguration.class));

  @Test
  void isDisabledByDefault() {
    runner
        .withPropertyValues(Arrays.copyOfRange(required, 1, required.length))
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context).doesNotHaveBean(MyDataClient.class);
              assertThat(context).doesNotHaveBean(GrantSource.class);
              assertThat(context).doesNotHaveBean(ConsumerProperties.class);
            });
  }

  @Test
  void buildsAClientThatAsksTheConfiguredBrokerAsTheConfiguredConsumer() {
    runner
        .withPropertyValues(required)
        .run(
            context -> {
              assertThat(context).hasSingleBean(MyDataClient.class);
              assertThat(context.getBean(GrantSource.class)).isInstanceOf(RemoteGrantSource.class);
              ProviderDirectory directory = context.getBean(ProviderDirectory.class);
              assertThat(directory.baseUrl(AgencyId.of("NHIS")))
                  .contains(URI.create("http://127.0.0.1:9/"));
              assertThat(directory.baseUrl(AgencyId.of("NTS")))
                  .contains(URI.create("https://nts.example"));
              assertThat(directory.baseUrl(AgencyId.of("MOIS"))).isEmpty();

              SEEN.clear();
              ConsentId consent = ConsentId.generate(java.time.Instant.now());
              MyDataClient client = context.getBean(MyDataClient.class);
              assertThatThrownBy(() -> client.fetch(consent, ItemCode.of("nhis.qualification")))
                  .isInstanceOf(BrokerUnavailableException.class);
              assertThat(SEEN).hasSize(1);
              String[] seen = SEEN.get(0).split(" ");
              assertThat(seen[0] + " " + seen[1]).isEqualTo("GET /consents/" + consent);
              // the client assertion names this consumer as its issuer
              String payload =
                  new String(
                      Base64.getUrlDecoder().decode(seen[2].split("\\.")[1]),
                      StandardCharsets.UTF_8);
              assertThat(payload).contains("\"iss\":\"KB-BANK\"");
            });
  }

  @Test
  void generatesADpopKeyUnlessAFileNamesOne() {
    runner
        .withPropertyValues(required)
        .run(
            context ->
                assertThat(context.getBean(DpopKey.class).thumbprint())
                    .isNotEqualTo(dpopKey.thumbprint()));
    runner
        .withPropertyValues(required)
        .withPropertyValues("mydatakit.consumer.dpop-key-file=" + dpopKeyFile)
        .run(
            context ->
                assertThat(context.getBean(DpopKey.class).thumbprint())
                    .isEqualTo(dpopKey.thumbprint()));
  }

  @ParameterizedTest
  @ValueSource(strings = {"agency-id", "broker-url", "client-key-file", "providers"})
  void failsToStartWithoutARequiredPropertyNamingIt(String property) {
    String[] without =
        Arrays.stream(required)
            .filter(p -> !p.startsWith("mydatakit.consumer." + property))
            .toArray(String[]::new);
    runner
        .withPropertyValues(without)
        .run(
            context -> {
              assertThat(context).hasFailed();
              assertThat(Failures.messages(context.getStartupFailure()))
                  .contains("mydatakit.consumer." + property);
            });
  }

  @Test
  void failsToStartOnAKeyFileThatIsNotAKeyNamingThePropertyButNotTheContent() throws IOException {
    Path notAKey = dir.resolve("not-a-key.json");
    Files.writeString(notAKey, "{\"kty\":\"EC\",\"d\":\"SECRET-LOOKING-VALUE\"}");
    runner
        .withPropertyValues(required)
        .withPropertyValues("mydatakit.consumer.client-key-file=" + notAKey)
        .run(
            context -> {
              assertThat(context).hasFailed();
              String messages = Failures.messages(context.getStartupFailure());
              assertThat(messages).contains("mydatakit.consumer.client-key-file");
              assertThat(messages).doesNotContain("SECRET-LOOKING-VALUE");
            });
  }

  @Test
  void failsToStartOnAPlainHttpProviderOnAnotherHost() {
    runner
        .withPropertyValues(required)
        .withPropertyValues("mydatakit.consumer.providers.NTS=http://nts.example")
        .run(
            context -> {
              assertThat(context).hasFailed();
              assertThat(Failures.messages(context.getStartupFailure()))
                  .contains("mydatakit.consumer.providers");
            });
  }

  @Test
  void backsOffWhenTheApplicationDefinesItsGrantSourceAndDirectory() {
    runner
        .withPropertyValues(
            "mydatakit.consumer.enabled=true", "mydatakit.consumer.agency-id=KB-BANK")
        .withUserConfiguration(OwnSources.class)
        .run(
            context -> {
              assertThat(context).hasSingleBean(MyDataClient.class);
              assertThat(context.getBean(GrantSource.class)).isSameAs(OwnSources.GRANTS);
              assertThat(context.getBean(ProviderDirectory.class)).isSameAs(OwnSources.DIRECTORY);
            });
  }

  @Test
  void backsOffWhenTheApplicationDefinesItsClient() {
    runner
        .withPropertyValues(required)
        .withUserConfiguration(OwnClient.class)
        .run(
            context -> {
              assertThat(context).hasSingleBean(MyDataClient.class);
              assertThat(context.getBean(MyDataClient.class)).isSameAs(OwnClient.CLIENT);
            });
  }

  @Test
  void publishesPropertyMetadata() throws IOException {
    assertThat(Failures.metadata("mydatakit.consumer"))
        .contains("\"mydatakit.consumer.agency-id\"")
        .contains("\"mydatakit.consumer.broker-url\"")
        .contains("\"mydatakit.consumer.client-key-file\"")
        .contains("\"mydatakit.consumer.providers\"");
  }

  @Configuration(proxyBeanMethods = false)
  static class OwnSources {
    static final GrantSource GRANTS = GrantSource.of(FakeBroker.create().broker());
    static final ProviderDirectory DIRECTORY =
        ProviderDirectory.of(Map.of(AgencyId.of("NHIS"), URI.create("https://nhis.example")));

    @Bean
    GrantSource grants() {
      return GRANTS;
    }

    @Bean
    ProviderDirectory directory() {
      return DIRECTORY;
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class OwnClient {
    static final MyDataClient CLIENT =
        MyDataClient.builder()
            .consumer(AgencyId.of("OWN"))
            .directory(OwnSources.DIRECTORY)
            .dpopKey(DpopKey.generate())
            .grantSource(OwnSources.GRANTS)
            .build();

    @Bean
    MyDataClient client() {
      return CLIENT;
    }
  }
}
