package org.mydatakit.server;

import jakarta.servlet.SessionCookieConfig;
import jakarta.servlet.SessionTrackingMode;
import jakarta.servlet.http.HttpSessionEvent;
import jakarta.servlet.http.HttpSessionListener;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.web.servlet.ServletContextInitializer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.util.matcher.MediaTypeRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Two security filter chains. The citizen's ({@code /citizen/**} and the sign-in's own paths): a
 * session made by the {@link CitizenSignIn}, every request authenticated, CSRF tokens on every
 * state-changing request, and sign-out at {@code POST /citizen/sign-out}. Everything else (the
 * consumer API, keys, status lists, the log, the actuator): no session and no CSRF, because each
 * call carries its own credential, checked by the controllers with the library's verifiers.
 *
 * <p>A browser that is not signed in is sent to sign in; any other client gets a 401 problem. A
 * request without a valid CSRF token gets a 403 problem. The session cookie is {@code HttpOnly},
 * {@code SameSite=Lax} (the identity provider's redirect back is a top-level cross-site GET) and
 * {@code Secure} when the issuer is https; the session is never carried in a URL.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSecurity
class SecurityConfiguration {
  static final String SESSION_COOKIE = "MYDATA_SESSION";

  /**
   * The citizen's pages: only this server's own script, style and forms, no framing, no inline
   * script or style, nothing from elsewhere.
   */
  static final String CONTENT_SECURITY_POLICY =
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self';"
          + " connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

  @Bean
  CitizenSignIn citizenSignIn(
      ObjectProvider<ClientRegistrationRepository> registrations,
      CitizenSignInProperties properties) {
    ClientRegistrationRepository repository = registrations.getIfAvailable();
    return repository == null
        ? new NoCitizenSignIn()
        : new OidcCitizenSignIn(repository, properties);
  }

  @Bean
  @Order(1)
  SecurityFilterChain citizenChain(HttpSecurity http, CitizenSignIn signIn) throws Exception {
    List<String> paths =
        new ArrayList<>(
            List.of(CitizenController.BASE + "/**", CitizenPages.BASE, CitizenPages.BASE + "/**"));
    paths.addAll(signIn.paths());
    MediaTypeRequestMatcher html = new MediaTypeRequestMatcher(MediaType.TEXT_HTML);
    html.setIgnoredMediaTypes(java.util.Set.of(MediaType.ALL));
    // without a sign-in there is nowhere to send a browser: it gets the 401 too
    RequestMatcher browser = signIn instanceof NoCitizenSignIn ? request -> false : html;
    http.securityMatcher(paths.toArray(String[]::new))
        .authorizeHttpRequests(
            a ->
                a.requestMatchers(CitizenPages.BASE + "/static/**", CitizenPages.SIGNED_OUT)
                    .permitAll()
                    .anyRequest()
                    .authenticated())
        .headers(
            h ->
                h.contentSecurityPolicy(c -> c.policyDirectives(CONTENT_SECURITY_POLICY))
                    .referrerPolicy(
                        r ->
                            r.policy(
                                org.springframework.security.web.header.writers
                                    .ReferrerPolicyHeaderWriter.ReferrerPolicy.NO_REFERRER)))
        .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.IF_REQUIRED))
        .exceptionHandling(
            e ->
                e.defaultAuthenticationEntryPointFor(
                        new LoginUrlAuthenticationEntryPoint(signIn.signInPath()), browser)
                    .defaultAuthenticationEntryPointFor(
                        (request, response, failure) ->
                            Problems.write(response, 401, "sign_in_required"),
                        request -> true)
                    .accessDeniedHandler(
                        (request, response, denied) -> {
                          // the CSRF check runs before authentication is required: without a
                          // session the answer is still "sign in", not "bad token"
                          if (signedIn()) {
                            Problems.write(response, 403, "csrf_token_missing_or_invalid");
                          } else {
                            Problems.write(response, 401, "sign_in_required");
                          }
                        }))
        .logout(
            l ->
                l.logoutUrl(CitizenController.BASE + "/sign-out")
                    .deleteCookies(SESSION_COOKIE)
                    .logoutSuccessHandler(
                        (request, response, authentication) -> {
                          if (html.matches(request)) {
                            response.sendRedirect(CitizenPages.SIGNED_OUT); // a page says so
                          } else {
                            response.setStatus(204);
                          }
                        }));
    signIn.configure(http);
    return http.build();
  }

  @Bean
  @Order(2)
  SecurityFilterChain callerChain(HttpSecurity http) throws Exception {
    http.authorizeHttpRequests(a -> a.anyRequest().permitAll())
        .csrf(c -> c.disable())
        .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
        .requestCache(c -> c.disable())
        .anonymous(a -> a.disable())
        // the controllers set Cache-Control themselves (max-age on the status list and keys)
        .headers(h -> h.cacheControl(c -> c.disable()));
    return http.build();
  }

  private static boolean signedIn() {
    Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
    return authentication != null
        && authentication.isAuthenticated()
        && !(authentication instanceof AnonymousAuthenticationToken);
  }

  /** The session cookie's attributes, and an idle timeout on every session. */
  @Bean
  ServletContextInitializer citizenSessions(
      BrokerProperties broker, CitizenSignInProperties citizen) {
    return context -> {
      context.setSessionTrackingModes(EnumSet.of(SessionTrackingMode.COOKIE));
      SessionCookieConfig cookie = context.getSessionCookieConfig();
      cookie.setName(SESSION_COOKIE);
      cookie.setHttpOnly(true);
      cookie.setSecure(broker.issuer().startsWith("https://"));
      cookie.setAttribute("SameSite", "Lax");
      int seconds = (int) citizen.idleTimeout().toSeconds();
      context.addListener(
          new HttpSessionListener() {
            @Override
            public void sessionCreated(HttpSessionEvent event) {
              event.getSession().setMaxInactiveInterval(seconds);
            }
          });
    };
  }
}
