package org.mydatakit.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.function.UnaryOperator;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;
import org.mydatakit.consent.AgencyId;
import org.mydatakit.grant.DpopKey;

/** The builder fails fast and never clamps; the directory parses strictly. */
class ConfigurationTest {
  private static final ProviderDirectory DIRECTORY =
      ProviderDirectory.of(Map.of(AgencyId.of("NHIS"), URI.create("https://api.nhis.example")));
  private static final GrantSource NO_GRANTS =
      new GrantSource() {
        @Override
        public org.mydatakit.grant.Grant grant(
            org.mydatakit.consent.ConsentId c, AgencyId p, String jkt) {
          throw new UnsupportedOperationException();
        }

        @Override
        public java.util.Set<org.mydatakit.consent.DataItem> items(
            org.mydatakit.consent.ConsentId c) {
          return java.util.Set.of();
        }
      };

  private static MyDataClientBuilder complete() {
    return MyDataClient.builder()
        .consumer(AgencyId.of("KB-BANK"))
        .directory(DIRECTORY)
        .dpopKey(DpopKey.generate())
        .grantSource(NO_GRANTS);
  }

  private static void rejects(UnaryOperator<MyDataClientBuilder> change, String message) {
    assertThatThrownBy(() -> change.apply(complete()).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(message);
  }

  @Test
  void buildNamesWhatIsMissingOrOutOfRange() {
    rejects(b -> b.consumer(null), "consumer: missing");
    rejects(b -> b.directory(null), "directory: missing");
    rejects(b -> b.dpopKey(null), "dpopKey: missing");
    rejects(b -> b.grantSource(null), "grantSource: missing");
    rejects(b -> b.callTimeout(Duration.ZERO), "callTimeout");
    rejects(b -> b.callTimeout(null), "callTimeout");
    rejects(b -> b.readTimeout(Duration.ofSeconds(-1)), "readTimeout");
    rejects(b -> b.connectTimeout(Duration.ZERO), "connectTimeout");
    rejects(b -> b.maxAttempts(0), "maxAttempts: expected 1 to 10, got 0");
    rejects(b -> b.maxAttempts(11), "maxAttempts");
    rejects(b -> b.maxRetryAfter(Duration.ofSeconds(-1)), "maxRetryAfter");
    rejects(b -> b.maxResponseBytes(0), "maxResponseBytes");
    rejects(b -> b.maxConcurrency(0), "maxConcurrency");
    rejects(b -> b.clock(null), "clock: missing");
    assertThat(complete().build()).isNotNull();
  }

  @Test
  void theSharedOkHttpClientIsNeverChanged() {
    OkHttpClient shared = new OkHttpClient.Builder().followRedirects(true).build();
    complete().okHttpClient(shared).callTimeout(Duration.ofSeconds(3)).build();
    assertThat(shared.followRedirects()).isTrue();
    assertThat(shared.callTimeoutMillis()).isZero();
    assertThat(shared.retryOnConnectionFailure()).isTrue();
  }

  @Test
  void aDirectoryParsesStrictJsonOfHttpUrls() {
    ProviderDirectory d =
        ProviderDirectory.parse(
            "{\"NHIS\":\"https://api.nhis.example\",\"NTS\":\"http://localhost:8080/nts\"}");
    assertThat(d.baseUrl(AgencyId.of("NTS"))).contains(URI.create("http://localhost:8080/nts"));
    assertThat(d.baseUrl(AgencyId.of("MOIS"))).isEmpty();
  }

  @Test
  void aDirectoryNamesTheBadEntry() {
    assertThatThrownBy(() -> ProviderDirectory.parse("{\"NHIS\":\"ftp://x.example\"}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("entry NHIS expected an https or http url");
    assertThatThrownBy(
            () -> ProviderDirectory.parse("{\"NHIS\":\"https://x\",\"NHIS\":\"https://y\"}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("strict json");
    assertThatThrownBy(() -> ProviderDirectory.parse("{\"NHIS\":\"https://x\"} x"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ProviderDirectory.parse("{\"bad id!\":\"https://x\"}"))
        .hasMessageContaining("'bad id!' is not a valid agency id");
    assertThatThrownBy(() -> ProviderDirectory.parse("{\"NTS\":42}"))
        .hasMessageContaining("entry NTS expected a url string");
    assertThatThrownBy(() -> ProviderDirectory.parse("{\"NTS\":\"https://u:p@x.example\"}"))
        .hasMessageContaining("entry NTS expected a url with a host and no user info");
    assertThatThrownBy(
            () -> ProviderDirectory.of(Map.of(AgencyId.of("NTS"), URI.create("https://x?a=1"))))
        .hasMessageContaining("entry NTS");
  }
}
