package org.mydatakit.server;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.mydatakit.consent.AuthenticationEvidence;
import org.mydatakit.consent.CitizenIdentifier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.client.authentication.OAuth2AuthenticationToken;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserRequest;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserService;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.web.DefaultOAuth2AuthorizationRequestResolver;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestCustomizers;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;

/**
 * The default {@link CitizenSignIn}: OpenID Connect, authorization code flow with PKCE ({@code
 * S256}) at the identity provider of the client registration {@code
 * mydatakit.broker.citizen.registration-id}. The CI (연계정보) is read from the ID token's claim {@code
 * mydatakit.broker.citizen.ci-claim}; a sign-in whose ID token lacks it, or carries something that
 * is not a CI, fails and leaves no session signed in.
 */
final class OidcCitizenSignIn implements CitizenSignIn {
  private static final Logger LOG = LoggerFactory.getLogger(OidcCitizenSignIn.class);

  static final String AUTHORIZATION_BASE = "/oauth2/authorization";
  static final String REDIRECT_BASE = "/login/oauth2/code/";

  private final ClientRegistrationRepository registrations;
  private final CitizenSignInProperties properties;

  OidcCitizenSignIn(
      ClientRegistrationRepository registrations, CitizenSignInProperties properties) {
    if (registrations.findByRegistrationId(properties.registrationId()) == null) {
      throw new IllegalArgumentException(
          "mydatakit.broker.citizen.registration-id: expected a client registration under"
              + " spring.security.oauth2.client.registration."
              + properties.registrationId());
    }
    this.registrations = registrations;
    this.properties = properties;
  }

  @Override
  public void configure(HttpSecurity http) throws Exception {
    DefaultOAuth2AuthorizationRequestResolver resolver =
        new DefaultOAuth2AuthorizationRequestResolver(registrations, AUTHORIZATION_BASE);
    resolver.setAuthorizationRequestCustomizer(OAuth2AuthorizationRequestCustomizers.withPkce());
    OidcUserService users = new OidcUserService();
    http.oauth2Login(
        login ->
            login
                .clientRegistrationRepository(registrations)
                .authorizationEndpoint(a -> a.authorizationRequestResolver(resolver))
                .redirectionEndpoint(r -> r.baseUri(REDIRECT_BASE + "*"))
                .userInfoEndpoint(u -> u.oidcUserService(request -> withCi(users, request)))
                .loginPage(signInPath())
                .defaultSuccessUrl(CitizenPages.BASE, false)
                .failureHandler(
                    (request, response, e) -> {
                      LOG.info(
                          "a citizen's sign-in failed: {}",
                          e instanceof OAuth2AuthenticationException o
                              ? o.getError().getErrorCode()
                              : e.getClass().getSimpleName());
                      Problems.write(response, 401, "sign_in_failed");
                    }));
  }

  /**
   * The user, if the ID token carries a CI in the configured claim; otherwise the sign-in fails.
   */
  private OidcUser withCi(OidcUserService users, OidcUserRequest request) {
    OidcUser user = users.loadUser(request);
    if (ci(user).isEmpty()) {
      throw new OAuth2AuthenticationException(new OAuth2Error("invalid_id_token_claims"));
    }
    return new CitizenUser(user);
  }

  /**
   * The signed-in citizen as Spring Security holds her, with a {@code toString()} that names
   * nothing: Spring's own user prints every claim, the CI among them, and Spring Security prints
   * the principal in its debug log.
   */
  static final class CitizenUser implements OidcUser, java.io.Serializable {
    private static final long serialVersionUID = 1L;
    private final OidcUser user;

    CitizenUser(OidcUser user) {
      this.user = user;
    }

    @Override
    public java.util.Map<String, Object> getClaims() {
      return user.getClaims();
    }

    @Override
    public org.springframework.security.oauth2.core.oidc.OidcUserInfo getUserInfo() {
      return user.getUserInfo();
    }

    @Override
    public org.springframework.security.oauth2.core.oidc.OidcIdToken getIdToken() {
      return user.getIdToken();
    }

    @Override
    public java.util.Map<String, Object> getAttributes() {
      return user.getAttributes();
    }

    @Override
    public java.util.Collection<? extends org.springframework.security.core.GrantedAuthority>
        getAuthorities() {
      return user.getAuthorities();
    }

    @Override
    public String getName() {
      return user.getName();
    }

    @Override
    public String toString() {
      return "CitizenUser[redacted]";
    }
  }

  @Override
  public List<String> paths() {
    return List.of(AUTHORIZATION_BASE + "/**", REDIRECT_BASE + "**");
  }

  @Override
  public String signInPath() {
    return AUTHORIZATION_BASE + "/" + properties.registrationId();
  }

  @Override
  public Optional<CitizenIdentifier> citizen(Authentication authentication) {
    return user(authentication).flatMap(this::ci);
  }

  @Override
  public Instant authenticatedAt(Authentication authentication) {
    OidcUser user = user(authentication).orElseThrow();
    Instant at = user.getAuthenticatedAt();
    return at != null ? at : user.getIssuedAt();
  }

  @Override
  public AuthenticationEvidence.Method method() {
    return properties.method();
  }

  private Optional<OidcUser> user(Authentication authentication) {
    if (authentication instanceof OAuth2AuthenticationToken token
        && token.getAuthorizedClientRegistrationId().equals(properties.registrationId())
        && token.getPrincipal() instanceof OidcUser user) {
      return Optional.of(user);
    }
    return Optional.empty();
  }

  private Optional<CitizenIdentifier> ci(OidcUser user) {
    Object claim = user.getClaims().get(properties.ciClaim());
    if (!(claim instanceof String text)) {
      return Optional.empty();
    }
    try {
      return Optional.of(CitizenIdentifier.of(text));
    } catch (RuntimeException e) {
      return Optional.empty(); // not a CI; the message may quote it, so it is not kept
    }
  }

  @Override
  public String toString() {
    return "OidcCitizenSignIn[registration=" + properties.registrationId() + "]";
  }
}
