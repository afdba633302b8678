package org.mydatakit.spring.boot;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.function.Function;
import java.util.function.Supplier;
import org.mydatakit.keys.SigningAlgorithm;
import org.mydatakit.keys.SigningKeySet;
import org.mydatakit.log.NoteSigner;

/**
 * The embedded broker's secrets under {@code home/keys/}, laid out as the broker server lays them
 * (so either can run on the other's directory): the grant-signing keys ({@code broker.jwks.json},
 * ES256), the log key ({@code log.skey}) and the pairwise-subject secret ({@code pairwise.secret},
 * 32 random bytes in base64). Missing files are created owner-only through a temporary file moved
 * into place; existing files are never rewritten.
 */
final class EmbeddedBrokerKeys {
  static final String SIGNING_KEYS = "broker.jwks.json";
  static final String LOG_KEY = "log.skey";
  static final String PAIRWISE_SECRET = "pairwise.secret";

  final Path dir;
  final SigningKeySet signingKeys;
  final NoteSigner logKey;
  final byte[] pairwiseSecret;

  private EmbeddedBrokerKeys(Path dir, SigningKeySet signingKeys, NoteSigner logKey, byte[] s) {
    this.dir = dir;
    this.signingKeys = signingKeys;
    this.logKey = logKey;
    this.pairwiseSecret = s;
  }

  /** Loads the keys under {@code home/keys}, creating the missing ones. */
  static EmbeddedBrokerKeys load(Path home, String logOrigin) {
    Path dir = home.resolve("keys");
    try {
      Files.createDirectories(dir);
      if (posix()) {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
      }
      SigningKeySet signing =
          load(
              dir,
              SIGNING_KEYS,
              SigningKeySet::parse,
              () -> SigningKeySet.generate(SigningAlgorithm.ES256),
              SigningKeySet::exportPrivateJwks);
      NoteSigner log =
          load(
              dir,
              LOG_KEY,
              NoteSigner::parse,
              () -> NoteSigner.generate(logOrigin),
              NoteSigner::privateKey);
      byte[] secret =
          load(
              dir,
              PAIRWISE_SECRET,
              text -> Base64.getDecoder().decode(text.strip()),
              () -> {
                byte[] bytes = new byte[32];
                new SecureRandom().nextBytes(bytes);
                return bytes;
              },
              bytes -> Base64.getEncoder().encodeToString(bytes));
      return new EmbeddedBrokerKeys(dir, signing, log, secret);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "mydatakit: cannot read or create the broker's keys under "
              + dir
              + " (mydatakit.broker.home)",
          e);
    }
  }

  private static boolean posix() {
    return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
  }

  private static <T> T load(
      Path dir,
      String name,
      Function<String, T> parse,
      Supplier<T> create,
      Function<T, String> write)
      throws IOException {
    Path file = dir.resolve(name);
    if (Files.exists(file)) {
      try {
        return parse.apply(Files.readString(file, StandardCharsets.UTF_8));
      } catch (RuntimeException e) {
        // the message names the file only: the parser's own message might quote the key
        throw new IllegalStateException(
            "mydatakit: " + file + " is not a valid " + name + " file (mydatakit.broker.home)",
            null);
      }
    }
    T value = create.get();
    Path tmp = Files.createTempFile(dir, name, ".tmp");
    try {
      if (posix()) {
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
      }
      Files.writeString(tmp, write.apply(value), StandardCharsets.UTF_8);
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
    return value;
  }

  /** Names the directory, never a key. */
  @Override
  public String toString() {
    return "EmbeddedBrokerKeys[" + dir + "]";
  }
}
