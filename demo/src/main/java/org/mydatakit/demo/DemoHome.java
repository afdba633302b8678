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
import org.mydatakit.broker.BrokerKeyFiles;
import org.mydatakit.grant.DpopKey;
import org.mydatakit.keys.SigningAlgorithm;
import org.mydatakit.keys.SigningKeySet;
import org.mydatakit.log.NoteCosigner;
import org.mydatakit.log.NoteSigner;

/**
 * The demo's directory ({@code ./.mydatakit} by default), created on the first run and reused
 * after, so a second run sees the first run's consents and history: the broker server's home {@code
 * broker/} (its keys under {@code broker/keys/}, its embedded H2 store {@code
 * broker/broker.mv.db}), the consumer's and the witness's keys under {@code keys/}, and the child
 * processes' output under {@code logs/}. Key files are written owner-only where the file system
 * allows it.
 */
final class DemoHome {
  final Path dir;
  final SigningKeySet consumerClientKeys;
  final DpopKey consumerDpopKey;
  final NoteCosigner witnessKey;

  DemoHome(Path dir) throws IOException {
    this.dir = dir.toAbsolutePath().normalize();
    Files.createDirectories(this.dir.resolve("keys"));
    consumerClientKeys =
        load(
            "consumer-client.jwks.json",
            SigningKeySet::parse,
            () -> SigningKeySet.generate(SigningAlgorithm.ES256),
            SigningKeySet::exportPrivateJwks);
    consumerDpopKey =
        load(
            "consumer-dpop.jwk.json", DpopKey::parse, DpopKey::generate, DpopKey::exportPrivateJwk);
    byte[] witnessSeed =
        load(
            "witness-nhis.seed",
            text -> Base64.getDecoder().decode(text.strip()),
            DemoHome::seed,
            bytes -> Base64.getEncoder().encodeToString(bytes));
    witnessKey = NoteCosigner.of(WITNESS_NAME, witnessSeed);
  }

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

  /** The broker server's home ({@code mydatakit.broker.home}): its keys and embedded store. */
  Path brokerHome() {
    return dir.resolve("broker");
  }

  /** The broker server's embedded store, as the server names it for its home. */
  String h2Url() {
    return "jdbc:h2:file:" + brokerHome().resolve("broker");
  }

  /** Where a child process's output goes: {@code logs/NAME.log}. */
  Path log(String name) {
    return dir.resolve("logs").resolve(name + ".log");
  }

  /**
   * The broker's pairwise-subject secret, from its home: what the broker operator derives each
   * provider agency's key from and hands to the agency at onboarding (here, the demo plays both).
   */
  byte[] brokerPairwiseSecret() {
    return brokerKeys().pairwiseSecret();
  }

  /**
   * The broker's log key, from its home: only to show the witness a forked checkpoint signed with
   * it, as a broker forking its log would sign one.
   */
  NoteSigner brokerLogKey() {
    return brokerKeys().logKey();
  }

  /** The keys the broker server created in its home when it started (the origin is its own). */
  private BrokerKeyFiles brokerKeys() {
    return BrokerKeyFiles.load(
        brokerHome(), "demo-broker/log" /* only if the server had not created it */);
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
