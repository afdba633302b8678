package org.mydatakit.broker;

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
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import org.mydatakit.keys.SigningAlgorithm;
import org.mydatakit.keys.SigningKeySet;
import org.mydatakit.log.NoteSigner;

/**
 * A broker's secrets in its home directory, read from {@code home/keys/} and created there when
 * missing: the grant-signing keys ({@code broker.jwks.json}, ES256), the log key ({@code log.skey},
 * named after the log's origin) and the pairwise-subject secret ({@code pairwise.secret}, 32 random
 * bytes in base64). The broker server and the Spring Boot starter's embedded broker share this
 * layout, so either runs on the other's directory.
 *
 * <pre>{@code
 * BrokerKeyFiles keys = BrokerKeyFiles.load(Path.of("/var/lib/mydatakit"), "broker.example.go.kr/log");
 * ConsentBroker broker = ConsentBroker.builder()
 *     .signingKeys(keys.signingKeys())
 *     .logKey(keys.logKey())
 *     .pairwiseSubjects(PairwiseSubjects.of(keys.pairwiseSecret()))
 *     ...
 * }</pre>
 *
 * <p>New files are written owner-only where the file system allows it, through a temporary file
 * moved into place, so a crash never leaves half a key. Existing files are never rewritten. Error
 * messages name a file, never its content; {@link #toString()} names the directory only.
 */
public final class BrokerKeyFiles {
  /** The grant-signing keys' file name. */
  public static final String SIGNING_KEYS = "broker.jwks.json";

  /** The log key's file name. */
  public static final String LOG_KEY = "log.skey";

  /** The pairwise-subject secret's file name. */
  public static final String PAIRWISE_SECRET = "pairwise.secret";

  private final Path dir;
  private final SigningKeySet signingKeys;
  private final NoteSigner logKey;
  private final byte[] pairwiseSecret;

  private BrokerKeyFiles(Path dir, SigningKeySet signingKeys, NoteSigner logKey, byte[] secret) {
    this.dir = dir;
    this.signingKeys = signingKeys;
    this.logKey = logKey;
    this.pairwiseSecret = secret;
  }

  /**
   * Loads the keys under {@code home/keys}, creating the missing ones (a new log key named {@code
   * logOrigin}).
   *
   * @throws UncheckedIOException if the directory or a file cannot be read or written
   * @throws IllegalStateException if a file is not a valid key file of its kind
   */
  public static BrokerKeyFiles load(Path home, String logOrigin) {
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
      return new BrokerKeyFiles(dir, signing, log, secret);
    } catch (IOException e) {
      throw new UncheckedIOException("broker keys: cannot read or create them under " + dir, e);
    }
  }

  /** The grant-signing keys. */
  public SigningKeySet signingKeys() {
    return signingKeys;
  }

  /** The log key, which signs the verifiable log's checkpoints. */
  public NoteSigner logKey() {
    return logKey;
  }

  /** The pairwise-subject secret: a copy. */
  public byte[] pairwiseSecret() {
    return pairwiseSecret.clone();
  }

  /** The key files, all of which must stay in place while the broker runs. */
  public List<Path> files() {
    return List.of(dir.resolve(SIGNING_KEYS), dir.resolve(LOG_KEY), dir.resolve(PAIRWISE_SECRET));
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
            "broker keys: " + file + " is not a valid " + name + " file", null);
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
    return "BrokerKeyFiles[" + dir + "]";
  }
}
