package org.mydatakit.keys;

/**
 * The two signature algorithms mydatakit signs and accepts, both on the lists Korean public bodies
 * accept. A key is generated for one algorithm and from then on the key decides: no call site
 * passes an algorithm when signing or verifying.
 *
 * <p>ES256 is signed and verified with BouncyCastle's provider, used as a private instance (never
 * added to the JVM's provider list): on JDK 17 ~75 µs per verification or signature, 12× and 6×
 * faster than the JDK's SunEC. The system property {@code mydatakit.crypto.provider=jdk} switches
 * ES256 to SunEC (read when a signer or verifier is built). PS256 (RSA-2048) always uses the JDK's
 * SunRsaSign: it verifies in ~35 µs and signs in ~1 ms. Either way signatures pass the same
 * encoding checks before any provider sees them. See the README's security notes and BENCHMARKS.md.
 */
public enum SigningAlgorithm {
  /** ECDSA over P-256 with SHA-256 (RFC 7518 §3.4): the default. */
  ES256,
  /** RSASSA-PSS with SHA-256, MGF1-SHA-256 and a 32-byte salt, over RSA of at least 2048 bits. */
  PS256
}
