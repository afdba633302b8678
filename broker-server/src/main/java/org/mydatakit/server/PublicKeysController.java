package org.mydatakit.server;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.Base64;
import org.mydatakit.broker.BrokerKeyFiles;
import org.mydatakit.broker.ConsentBroker;
import org.mydatakit.broker.PublishedStatusList;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * What provider agencies read, without authentication: the broker's public JWKS ({@code
 * /.well-known/jwks.json}, {@code max-age=300}) and its signed status list ({@code /status/1},
 * {@code max-age} until the broker builds it again). Both carry a strong {@code ETag} and answer a
 * matching {@code If-None-Match} with {@code 304}. The status list is served from the broker's
 * cache: a GET reads the database only when the broker rebuilds the list.
 */
@RestController
class PublicKeysController {
  static final String JWKS_PATH = "/.well-known/jwks.json";
  static final String STATUS_PATH = "/status/1";
  static final String JWKS_TYPE = "application/jwk-set+json";
  static final String STATUS_LIST_TYPE = "application/statuslist+jwt";

  private final ConsentBroker broker;
  private final BrokerMetrics metrics;
  private final String jwks;
  private final String jwksEtag;
  private final Clock clock = Clock.systemUTC();

  PublicKeysController(ConsentBroker broker, BrokerKeyFiles keys, BrokerMetrics metrics) {
    this.broker = broker;
    this.metrics = metrics;
    this.jwks = keys.signingKeys().verificationKeys().toJson();
    this.jwksEtag = strongEtag(jwks);
  }

  @GetMapping(path = JWKS_PATH)
  ResponseEntity<String> jwks(
      @RequestHeader(name = "If-None-Match", required = false) String match) {
    ResponseEntity.BodyBuilder answer =
        ResponseEntity.status(matches(match, jwksEtag) ? 304 : 200)
            .eTag(jwksEtag)
            .header("Cache-Control", "max-age=300");
    return matches(match, jwksEtag)
        ? answer.build()
        : answer.header("Content-Type", JWKS_TYPE).body(jwks);
  }

  @GetMapping(path = STATUS_PATH)
  ResponseEntity<String> statusList(
      @RequestHeader(name = "If-None-Match", required = false) String match) {
    PublishedStatusList list = broker.publishedStatusList();
    metrics.statusListServed(list);
    String maxAge = "max-age=" + list.maxAge(clock.instant()).toSeconds();
    if (matches(match, list.etag())) {
      return ResponseEntity.status(304).eTag(list.etag()).header("Cache-Control", maxAge).build();
    }
    return ResponseEntity.ok()
        .eTag(list.etag())
        .header("Cache-Control", maxAge)
        .header("Content-Type", STATUS_LIST_TYPE)
        .body(list.token());
  }

  /**
   * Whether an {@code If-None-Match} header matches {@code etag}: {@code *}, or one of its
   * comma-separated tags compared weakly (RFC 9110 §13.1.2).
   */
  static boolean matches(String header, String etag) {
    if (header == null) {
      return false;
    }
    String opaque = etag.startsWith("W/") ? etag.substring(2) : etag;
    for (String tag : header.split(",")) {
      String t = tag.strip();
      if (t.equals("*") || (t.startsWith("W/") ? t.substring(2) : t).equals(opaque)) {
        return true;
      }
    }
    return false;
  }

  private static String strongEtag(String body) {
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256").digest(body.getBytes(StandardCharsets.UTF_8));
      return "\"" + Base64.getUrlEncoder().withoutPadding().encodeToString(hash) + "\"";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("sha-256 is missing from this jvm", e);
    }
  }
}
