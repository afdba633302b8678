package org.mydatakit.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.Map;
import okhttp3.Cache;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mydatakit.keys.SigningAlgorithm;
import org.mydatakit.keys.SigningKeySet;

/** Transport hygiene of both HTTP sources: no redirects, https only, size caps, no HTTP cache. */
class HttpTransportTest {
  private final OkHttpClient client = new OkHttpClient(); // follows redirects by default
  private final LocalBroker broker;

  HttpTransportTest() throws Exception {
    broker = new LocalBroker();
  }

  @AfterEach
  void stop() {
    broker.close();
  }

  @ParameterizedTest
  @ValueSource(ints = {301, 302, 303, 307, 308})
  void aRedirectIsAFailureNamingTheStatusAndItsLocationIsNeverFetched(int status) {
    SigningKeySet keys = SigningKeySet.generate(SigningAlgorithm.ES256);
    broker.publishKeys(keys, -1);
    broker.serve("/status/1", "not a list", Map.of());
    Map<String, String> toKeys = Map.of("Location", broker.uri("/jwks.json").toString());
    broker.serve("/moved", new LocalBroker.Page(status, "", toKeys, false));
    Map<String, String> toList = Map.of("Location", broker.uri("/status/1").toString());
    broker.serve("/status/moved", new LocalBroker.Page(status, "", toList, false));

    HttpJwksSource jwks = HttpJwksSource.of(client, broker.uri("/moved"));
    assertThatThrownBy(jwks::current)
        .isInstanceOf(UncheckedIOException.class)
        .cause()
        .hasMessageContaining("expected status 200, got " + status);
    assertThatThrownBy(() -> HttpStatusListSource.of(client).fetch(broker.uri("/status/moved")))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("got " + status);
    assertThat(broker.hits("/jwks.json")).isZero();
    assertThat(broker.hits("/status/1")).isZero();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "http://broker.example/jwks.json",
        "http://10.0.0.1/jwks.json",
        "http://128.0.0.1/jwks.json",
        "http://127.example/jwks.json",
        "http://localhost.evil.example/jwks.json",
        "ftp://broker.example/jwks.json"
      })
  void plainHttpToAnotherHostIsRefusedUnlessAllowed(String uri) {
    assertThatThrownBy(() -> HttpJwksSource.of(client, URI.create(uri)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("jwks uri: expected");
    assertThatThrownBy(() -> HttpStatusListSource.of(client).fetch(URI.create(uri)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("status list uri: expected");
    if (uri.startsWith("http:")) {
      assertThat(HttpJwksSource.builder(client, URI.create(uri)).allowInsecureHttp().build())
          .isNotNull();
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "https://broker.example/jwks.json",
        "http://127.0.0.1:8080/jwks.json",
        "http://127.1.2.3/jwks.json",
        "http://localhost/jwks.json",
        "http://LOCALHOST/jwks.json",
        "http://[::1]:8080/jwks.json"
      })
  void httpsAndLoopbackHttpAreAccepted(String uri) {
    assertThat(HttpJwksSource.of(client, URI.create(uri))).isNotNull();
  }

  @Test
  void anOversizeJwksIsRefusedWithOrWithoutADeclaredLength() {
    String big = "{\"keys\":[],\"pad\":\"" + "x".repeat((int) HttpJwksSource.MAX_BYTES) + "\"}";
    broker.serve("/declared", new LocalBroker.Page(200, big, Map.of(), false));
    broker.serve("/streamed", new LocalBroker.Page(200, big, Map.of(), true));
    for (String path : new String[] {"/declared", "/streamed"}) {
      assertThatThrownBy(HttpJwksSource.of(client, broker.uri(path))::current)
          .isInstanceOf(UncheckedIOException.class)
          .cause()
          .hasMessageContaining("expected at most 1048576 bytes");
    }
  }

  @Test
  void derivedClientsFollowNoRedirectAndKeepNoHttpCache() {
    OkHttpClient shared =
        new OkHttpClient.Builder()
            .cache(new Cache(new File("target/unused-http-cache"), 1024))
            .followRedirects(true)
            .followSslRedirects(true)
            .build();
    for (OkHttpClient derived :
        new OkHttpClient[] {
          HttpJwksSource.of(shared, URI.create("https://broker.example/jwks.json")).client(),
          HttpStatusListSource.of(shared).client()
        }) {
      assertThat(derived.followRedirects()).isFalse();
      assertThat(derived.followSslRedirects()).isFalse();
      assertThat(derived.cache()).isNull();
      assertThat(derived.callTimeoutMillis()).isPositive();
    }
  }
}
