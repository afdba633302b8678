/**
 * Keys: the broker's signing key set, the public verification key set providers trust, where a
 * verifier finds rotating keys, and the two algorithms (ES256, PS256). The bottom of the public
 * packages: it uses nothing else of mydatakit.
 */
package org.mydatakit.keys;
