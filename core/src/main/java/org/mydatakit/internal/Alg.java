package org.mydatakit.internal;

/**
 * The two JWS algorithms the internals sign and verify with, spelled as in the {@code alg} header.
 * The public enum of the keys package maps onto this one by name.
 */
public enum Alg {
  ES256,
  PS256
}
