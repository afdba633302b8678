package org.mydatakit.server;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.mydatakit.consent.AuthenticationEvidence;
import org.mydatakit.consent.CitizenIdentifier;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.Authentication;

/**
 * How a citizen signs in at the broker server, and who she is once signed in.
 *
 * <p>The server signs citizens in with OpenID Connect by default ({@link OidcCitizenSignIn}: the
 * authorization code flow with PKCE at the identity provider configured under {@code
 * spring.security.oauth2.client.*}, the CI (연계정보, connecting information) taken from a configured
 * claim of the ID token). An operator who signs citizens in another way, for example with a
 * mobile-ID presentation, defines a bean of this type; the server then uses it instead:
 *
 * <pre>{@code
 * @Bean
 * CitizenSignIn mobileIdSignIn(MobileIdVerifier verifier) {
 *   return new MobileIdSignIn(verifier); // adds its filter in configure(http), reads the CI back
 * }
 * }</pre>
 *
 * <p>Whatever the sign-in, no request header or body field is ever taken as the citizen's identity:
 * only the {@link Authentication} the sign-in put in the citizen's session.
 */
public interface CitizenSignIn {

  /**
   * Adds this sign-in to the citizen's security filter chain, which covers {@code /citizen/**} and
   * {@link #paths()}. It must not authorize requests: the server requires authentication on every
   * citizen path itself.
   */
  void configure(HttpSecurity http) throws Exception;

  /** The paths besides {@code /citizen/**} this sign-in serves, such as its redirect endpoint. */
  List<String> paths();

  /** Where a browser that is not signed in is sent to sign in: a path on this server. */
  String signInPath();

  /**
   * The citizen {@code authentication} names, as a fresh identifier the caller closes; empty if it
   * is not an authentication of this sign-in or lacks the identifier.
   */
  Optional<CitizenIdentifier> citizen(Authentication authentication);

  /** When the citizen authenticated, as the identity provider said; never null. */
  Instant authenticatedAt(Authentication authentication);

  /** How this sign-in authenticates citizens, recorded in the evidence of each approval. */
  AuthenticationEvidence.Method method();
}
