package org.mydatakit.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mydatakit.client.ClientFixture.NHIS;
import static org.mydatakit.client.ClientFixture.QUALIFICATION;

import java.net.URI;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Plain http only to this machine unless allowed: every entry point that takes a provider or broker
 * URL refuses http to another host when it is built (or, for a directory of the caller's own, when
 * it first resolves the provider), before any grant is asked for.
 */
class TransportTest {
  private static final String EXPECTATION = "expected an https url (or http to localhost";
  private final ClientFixture f = new ClientFixture();

  @AfterEach
  void stop() {
    f.close();
  }

  private MyDataClient client(String url, UnaryOperator<MyDataClientBuilder> tweak) {
    return f.client(
        b -> tweak.apply(b.directory(ProviderDirectory.of(Map.of(NHIS, URI.create(url))))));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "https://api.nhis.example",
        "https://api.nhis.example/gw",
        "http://127.0.0.1:8080",
        "http://127.10.20.30",
        "http://localhost:8080/nhis",
        "http://LOCALHOST",
        "http://[::1]:8080"
      })
  void httpsAndLoopbackHttpAreAccepted(String url) {
    assertThat(client(url, b -> b)).isNotNull();
    assertThat(ProviderDirectory.parse("{\"NHIS\":\"" + url + "\"}").baseUrl(NHIS).orElseThrow())
        .hasToString(url);
    assertThat(remote(url, b -> b)).isNotNull();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "http://example.org",
        "http://api.nhis.example:8080/nhis",
        "http://10.0.0.7",
        "http://128.0.0.1",
        "http://127.0.0.1.example.org",
        "http://localhost.example.org",
        "http://[::2]"
      })
  void httpToAnotherHostIsRefusedUnlessAllowed(String url) {
    assertThatThrownBy(() -> client(url, b -> b))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("provider NHIS url: " + EXPECTATION)
        .hasMessageContaining("allowInsecureHttp()")
        .hasMessageNotContaining(URI.create(url).getHost());
    assertThat(client(url, MyDataClientBuilder::allowInsecureHttp)).isNotNull();

    MyDataClientBuilder parsed =
        MyDataClient.builder()
            .consumer(ClientFixture.KB_BANK)
            .directory(ProviderDirectory.parse("{\"NHIS\":\"" + url + "\"}"))
            .dpopKey(f.dpopKey)
            .grantSource(f.grantSource());
    assertThatThrownBy(parsed::build)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(EXPECTATION);
    assertThat(parsed.allowInsecureHttp().build()).isNotNull();

    assertThatThrownBy(() -> remote(url, b -> b))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("broker base url: " + EXPECTATION);
    assertThat(remote(url, RemoteGrantSource.Builder::allowInsecureHttp)).isNotNull();
  }

  @Test
  void aDirectoryOfTheCallersOwnIsCheckedBeforeAGrantIsAsked() {
    ProviderDirectory registry = agency -> Optional.of(URI.create("http://api.nhis.example"));
    MyDataClient client = f.client(b -> b.directory(registry));
    assertThatThrownBy(() -> client.fetch(f.consentId, QUALIFICATION))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("provider NHIS url: " + EXPECTATION);
    assertThatThrownBy(() -> client.fetchAll(f.consentId))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(f.grantsIssued).hasValue(0);
  }

  @Test
  void aDirectoryOfTheCallersOwnMayUseHttpWhenAllowed() {
    f.wm.stubFor(
        ClientFixture.itemGet("/nhis", QUALIFICATION)
            .willReturn(ClientFixture.records(QUALIFICATION)));
    // 127.0.0.1 is loopback anyway; what matters is that allowing changes nothing for it
    ProviderDirectory registry =
        agency -> Optional.of(URI.create("http://127.0.0.1:" + f.wm.port() + "/nhis"));
    assertThat(
            f.client(b -> b.directory(registry).allowInsecureHttp())
                .fetch(f.consentId, QUALIFICATION)
                .attempts())
        .isEqualTo(1);
  }

  private RemoteGrantSource remote(String url, UnaryOperator<RemoteGrantSource.Builder> tweak) {
    return tweak
        .apply(
            RemoteGrantSource.builder(
                new OkHttpClient(), URI.create(url), ClientFixture.KB_BANK, f.keys, f.dpopKey))
        .build();
  }
}
