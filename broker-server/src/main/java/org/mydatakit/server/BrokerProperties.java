package org.mydatakit.server;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.mydatakit.log.NoteVerifierKey;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The broker's configuration, {@code mydatakit.broker.*}, validated when the application starts: a
 * value out of range stops it with a message naming the property; nothing is clamped.
 *
 * @param issuer the broker's identifier, the {@code iss} of every grant and the base of its public
 *     URLs (the status list is {@code issuer + "/status/1"}): an {@code https} URL, or {@code http}
 *     on a loopback host for local runs; no trailing slash, no query. Required.
 * @param home the broker's directory: its keys under {@code keys/} (created on the first start,
 *     owner-only) and, unless {@code store-url} is set, the embedded H2 store
 * @param storeUrl the store's JDBC URL ({@code jdbc:h2:...} or {@code jdbc:postgresql:...});
 *     nullable: default an H2 file database at {@code home/broker}
 * @param statusListTtl how long providers may cache the status list: whole seconds, 1 second to 1
 *     day
 * @param checkpointEvery sign a checkpoint of the audit log every this many entries: 0 (off) to
 *     1,000,000
 * @param witnesses the verifier keys (C2SP cosignature keys, type 0x04) of the witnesses whose
 *     cosignatures the broker accepts on {@code POST /log/cosignature}
 * @param enforceAgencyRegistry when true, the broker takes requests and issues grants only for
 *     agencies registered and active in its store's agency registry ({@code mydatakit agencies
 *     register}); default false, which admits every agency
 */
@ConfigurationProperties("mydatakit.broker")
public record BrokerProperties(
    String issuer,
    @DefaultValue("./.mydatakit-broker") Path home,
    String storeUrl,
    @DefaultValue("5m") Duration statusListTtl,
    @DefaultValue("1000") int checkpointEvery,
    @DefaultValue List<String> witnesses,
    @DefaultValue("false") boolean enforceAgencyRegistry) {

  private static final Set<String> LOOPBACK = Set.of("localhost", "127.0.0.1", "[::1]");

  /** Validates. */
  public BrokerProperties {
    issuer = issuer(issuer);
    if (home == null) {
      throw new IllegalArgumentException("mydatakit.broker.home: expected a directory, got none");
    }
    if (storeUrl != null && storeUrl.isBlank()) {
      storeUrl = null;
    }
    if (storeUrl != null
        && !storeUrl.startsWith("jdbc:h2:")
        && !storeUrl.startsWith("jdbc:postgresql:")) {
      throw new IllegalArgumentException(
          "mydatakit.broker.store-url: expected jdbc:h2:... or jdbc:postgresql:...");
    }
    if (statusListTtl == null
        || statusListTtl.getNano() != 0
        || statusListTtl.compareTo(Duration.ofSeconds(1)) < 0
        || statusListTtl.compareTo(Duration.ofDays(1)) > 0) {
      throw new IllegalArgumentException(
          "mydatakit.broker.status-list-ttl: expected whole seconds from 1s to 1d, got "
              + statusListTtl);
    }
    if (checkpointEvery < 0 || checkpointEvery > 1_000_000) {
      throw new IllegalArgumentException(
          "mydatakit.broker.checkpoint-every: expected 0 to 1000000, got " + checkpointEvery);
    }
    witnesses = witnesses == null ? List.of() : List.copyOf(witnesses);
    for (int i = 0; i < witnesses.size(); i++) {
      NoteVerifierKey key;
      try {
        key = NoteVerifierKey.parse(witnesses.get(i));
      } catch (RuntimeException e) {
        throw new IllegalArgumentException(
            "mydatakit.broker.witnesses[" + i + "]: expected a note verifier key", e);
      }
      if (!key.isCosignatureKey()) {
        throw new IllegalArgumentException(
            "mydatakit.broker.witnesses[" + i + "]: expected a cosignature key (type 0x04)");
      }
    }
  }

  private static String issuer(String issuer) {
    if (issuer == null || issuer.isBlank()) {
      throw new IllegalArgumentException(
          "mydatakit.broker.issuer: expected the broker's https URL, got none");
    }
    URI uri;
    try {
      uri = new URI(issuer);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("mydatakit.broker.issuer: expected a URL", e);
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
    if (host.isEmpty()
        || uri.getRawQuery() != null
        || uri.getRawFragment() != null
        || uri.getRawUserInfo() != null
        || issuer.endsWith("/")
        || issuer.length() > 256) {
      throw new IllegalArgumentException(
          "mydatakit.broker.issuer: expected an absolute URL with a host and no trailing slash,"
              + " query or fragment");
    }
    if (!scheme.equals("https") && !(scheme.equals("http") && LOOPBACK.contains(host))) {
      throw new IllegalArgumentException(
          "mydatakit.broker.issuer: expected https, or http on localhost, 127.0.0.1 or [::1]");
    }
    return issuer;
  }

  /** The status list's URI, named in every grant: {@code issuer + "/status/1"}. */
  URI statusListUri() {
    return URI.create(issuer + "/status/1");
  }

  /** The store's JDBC URL: {@code store-url}, or the H2 file at {@code home/broker}. */
  String effectiveStoreUrl() {
    return storeUrl != null
        ? storeUrl
        : "jdbc:h2:file:" + home.resolve("broker").toAbsolutePath().normalize();
  }

  /** The witnesses' keys, parsed. */
  NoteVerifierKey[] witnessKeys() {
    return witnesses.stream().map(NoteVerifierKey::parse).toArray(NoteVerifierKey[]::new);
  }

  /**
   * The name a new log key gets, the log's origin: the issuer without its scheme, plus {@code
   * /log}, such as {@code broker.example.go.kr/log}.
   */
  String logOrigin() {
    return issuer.substring(issuer.indexOf("://") + 3) + "/log";
  }
}
