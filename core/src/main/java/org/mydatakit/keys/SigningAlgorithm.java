package org.mydatakit.keys;

/**
 * The two signature algorithms mydatakit signs and accepts, both on the lists Korean public bodies
 * accept. A key is generated for one algorithm and from then on the key decides: no call site
 * passes an algorithm when signing or verifying.
 *
 * <p>Cost on a 2-core JDK 17 machine: ES256 signs in ~0.9 ms and verifies in ~1.8 ms; PS256
 * (RSA-2048) verifies ~30× faster but signs ~2× slower. Newer JDKs are much faster at P-256; see
 * BENCHMARKS.md.
 */
public enum SigningAlgorithm {
  /** ECDSA over P-256 with SHA-256 (RFC 7518 §3.4): the default. */
  ES256,
  /** RSASSA-PSS with SHA-256, MGF1-SHA-256 and a 32-byte salt, over RSA of at least 2048 bits. */
  PS256
}
