package org.mydatakit.server;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.mydatakit.consent.AuthenticationEvidence;
import org.mydatakit.consent.CitizenIdentifier;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.Authentication;

/**
 * The sign-in when none is configured (no OpenID client registration and no {@link CitizenSignIn}
 * bean): nobody can sign in, so every citizen path answers 401 and the consumer API still works.
 */
final class NoCitizenSignIn implements CitizenSignIn {
  @Override
  public void configure(HttpSecurity http) {
    // nothing: no request ever becomes authenticated on the citizen's chain
  }

  @Override
  public List<String> paths() {
    return List.of();
  }

  /** Never used: a browser without a session gets the 401 like any other client. */
  @Override
  public String signInPath() {
    return CitizenController.HOME;
  }

  @Override
  public Optional<CitizenIdentifier> citizen(Authentication authentication) {
    return Optional.empty();
  }

  @Override
  public Instant authenticatedAt(Authentication authentication) {
    throw new IllegalStateException("no citizen sign-in is configured");
  }

  @Override
  public AuthenticationEvidence.Method method() {
    throw new IllegalStateException("no citizen sign-in is configured");
  }
}
