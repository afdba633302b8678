package org.mydatakit.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.mydatakit.consent.Consent;
import org.mydatakit.consent.RevokedBy;
import org.mydatakit.keys.VerificationKeySet;

/** The public JWKS and the status list: types, ETags, cache lifetimes, 304s, and no database. */
class PublicKeysEndpointTest extends ServerTestBase {

  @Test
  void theJwksIsThePublicSigningKeysWithAStrongETagAndFiveMinutesOfCache() throws Exception {
    HttpResponse<String> jwks = get("/.well-known/jwks.json");
    assertThat(jwks.statusCode()).isEqualTo(200);
    assertThat(jwks.headers().firstValue("Content-Type")).hasValue("application/jwk-set+json");
    assertThat(jwks.headers().firstValue("Cache-Control")).hasValue("max-age=300");
    String etag = jwks.headers().firstValue("ETag").orElseThrow();
    assertThat(etag).matches("\"[A-Za-z0-9_-]{43}\""); // strong: no W/
    assertThat(JSON.readTree(jwks.body()).path("keys")).isNotEmpty();
    assertThat(jwks.body()).doesNotContain("\"d\"").doesNotContain("PRIVATE");
    assertThat(VerificationKeySet.parse(jwks.body()).toJson()).isEqualTo(jwks.body());

    HttpResponse<String> again = get("/.well-known/jwks.json", etag);
    assertThat(again.statusCode()).isEqualTo(304);
    assertThat(again.body()).isEmpty();
    assertThat(again.headers().firstValue("ETag")).hasValue(etag);
    assertThat(get("/.well-known/jwks.json", "\"other\"").statusCode()).isEqualTo(200);
  }

  @Test
  void theStatusListIsTheBrokersWithItsETagAndCacheUntilItsRefresh() {
    HttpResponse<String> first = get("/status/1");
    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(first.headers().firstValue("Content-Type")).hasValue("application/statuslist+jwt");
    assertThat(first.body()).isEqualTo(broker.statusList());
    String etag = first.headers().firstValue("ETag").orElseThrow();
    assertThat(etag).isEqualTo(broker.publishedStatusList().etag());
    assertThat(first.headers().firstValue("Cache-Control").orElseThrow())
        .matches("max-age=(1[0-4][0-9]|150|[0-9]{1,2})"); // at most half the 5-minute ttl

    HttpResponse<String> again = get("/status/1", etag);
    assertThat(again.statusCode()).isEqualTo(304);
    assertThat(again.body()).isEmpty();
    assertThat(again.headers().firstValue("ETag")).hasValue(etag);
    assertThat(again.headers().firstValue("Cache-Control").orElseThrow()).startsWith("max-age=");
    assertThat(get("/status/1", "W/" + etag + ", \"x\"").statusCode()).isEqualTo(304);
    assertThat(get("/status/1", "\"not-the-tag\"").statusCode()).isEqualTo(200);
  }

  @Test
  void tenThousandStatusListReadsTouchNoDatabaseAndARevokeChangesTheETag() {
    Consent consent = activeConsent();
    String before = get("/status/1").headers().firstValue("ETag").orElseThrow();
    long connections = CONNECTIONS.get();
    for (int i = 0; i < 10_000; i++) {
      HttpResponse<String> response = i % 2 == 0 ? get("/status/1") : get("/status/1", before);
      assertThat(response.statusCode()).isIn(200, 304);
    }
    assertThat(CONNECTIONS.get()).isEqualTo(connections);

    broker.revoke(consent.id(), RevokedBy.CITIZEN, "no longer needed");
    HttpResponse<String> after = get("/status/1", before);
    assertThat(after.statusCode()).isEqualTo(200);
    assertThat(after.headers().firstValue("ETag").orElseThrow()).isNotEqualTo(before);
    assertThat(after.body()).isEqualTo(broker.statusList());
  }
}
