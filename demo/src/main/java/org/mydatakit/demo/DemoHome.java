package org.mydatakit.demo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.function.Function;
import java.util.function.Supplier;
import org.mydatakit.grant.DpopKey;
import org.mydatakit.keys.SigningAlgorithm;
import org.mydatakit.keys.SigningKeySet;
import org.mydatakit.log.NoteCosigner;
import org.mydatakit.log.NoteSigner;

/**
 * The demo's directory ({@code ./.mydatakit} by default): the H2 store and the keys, created on the
 * first run and reused after, so a second run sees the first run's consents and history. Key files
 * are written owner-only where the file system allows it.
 */
final class DemoHome {
  final Path dir;
  final SigningKeySet brokerKeys;
  final byte[] pairwiseSecret;
  final SigningKeySet consumerClientKeys;
  final DpopKey consumerDpopKey;
  final NoteSigner logKey;
  final NoteCosigner witnessKey;

  DemoHome(Path dir) throws IOException {
    this.dir = dir;
    Files.createDirectories(dir.resolve("keys"));
    brokerKeys =
        load(
            "broker.jwks.json",
            SigningKeySet::parse,
            () -> SigningKeySet.generate(SigningAlgorithm.ES256),
            SigningKeySet::exportPrivateJwks);
    consumerClientKeys =
        load(
            "consumer-client.jwks.json",
            SigningKeySet::parse,
            () -> SigningKeySet.generate(SigningAlgorithm.ES256),
            SigningKeySet::exportPrivateJwks);
    consumerDpopKey =
        load(
            "consumer-dpop.jwk.json", DpopKey::parse, DpopKey::generate, DpopKey::exportPrivateJwk);
    logKey =
        load(
            "log.skey",
            NoteSigner::parse,
            () -> NoteSigner.generate(LOG_ORIGIN),
            NoteSigner::privateKey);
    byte[] witnessSeed =
        load(
            "witness-nhis.seed",
            text -> Base64.getDecoder().decode(text.strip()),
            DemoHome::seed,
            bytes -> Base64.getEncoder().encodeToString(bytes));
    witnessKey = NoteCosigner.of(WITNESS_NAME, witnessSeed);
    pairwiseSecret =
        load(
            "pairwise.secret",
            text -> Base64.getDecoder().decode(text.strip()),
            () -> {
              byte[] secret = new byte[32];
              new SecureRandom().nextBytes(secret);
              return secret;
            },
            bytes -> Base64.getEncoder().encodeToString(bytes));
  }

  /** The demo log's origin, the name of its log key. */
  static final String LOG_ORIGIN = "broker.demo.mydatakit.org/log";

  /** NHIS's witness of the broker's log. */
  static final String WITNESS_NAME = "witness.nhis.demo.mydatakit.org";

  private static byte[] seed() {
    byte[] seed = new byte[32];
    new SecureRandom().nextBytes(seed);
    return seed;
  }

  /** Where NHIS's witness keeps the last checkpoint it cosigned. */
  Path witnessState() {
    return dir.resolve("witness-nhis.checkpoint");
  }

  /** The embedded store's JDBC URL. */
  String h2Url() {
    return "jdbc:h2:file:" + dir.resolve("broker").toAbsolutePath();
  }

  private <T> T load(
      String name, Function<String, T> parse, Supplier<T> create, Function<T, String> write)
      throws IOException {
    Path file = dir.resolve("keys").resolve(name);
    if (Files.exists(file)) {
      return parse.apply(Files.readString(file, StandardCharsets.UTF_8));
    }
    T value = create.get();
    Path tmp = Files.createTempFile(dir.resolve("keys"), name, ".tmp");
    if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
      Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
    }
    Files.writeString(tmp, write.apply(value), StandardCharsets.UTF_8);
    Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    return value;
  }
}
