package org.mydatakit.internal;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import java.text.ParseException;
import org.mydatakit.grant.SigningKeySet;

/**
 * The current private key of a {@link SigningKeySet}, for signers outside its package. Rebuilt from
 * the set's JSON (as {@link KeyRing} does for public keys), so the public type exposes no nimbus
 * type; callers do this once, at construction.
 */
public final class SigningKeys {
  private SigningKeys() {}

  /** The current (first) private key of {@code keys}. */
  public static JWK current(SigningKeySet keys) {
    try {
      return JWKSet.parse(keys.toJson()).getKeys().get(0);
    } catch (ParseException e) {
      throw new IllegalStateException("signing key set: cannot re-read its own json", e);
    }
  }
}
