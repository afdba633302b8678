package org.mydatakit.sampleidp;

import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.security.oauth2.core.oidc.endpoint.OidcParameterNames;
import org.springframework.security.oauth2.server.authorization.client.InMemoryRegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;

/**
 * A real OpenID provider for the tests and the demo: Spring Authorization Server with the sample
 * citizens, who sign in at its login form. Their ID tokens carry the fictional CI (연계정보) in the
 * claim {@code ci}; {@value #NO_CI_USER} signs in but gets no CI. The broker is its one client,
 * confidential, with PKCE required and a loopback redirect URI (any port, RFC 8252 §7.3). Every
 * name, password and CI here is fictional.
 *
 * <p>Runs as {@code java -jar sample-idp/target/mydatakit-sample-idp-exec.jar --server.port=N}
 * (what {@code ./mydatakit demo} does), or in a test's JVM through {@link #issuer()}. Its issuer is
 * the URL it is reached at ({@code http://127.0.0.1:N}). A sample only: in-memory users with one
 * shared password, a client secret in the source; never run it for real citizens.
 */
@SpringBootApplication
public class SampleCitizensIdentityProvider {
  public static final String CLIENT_ID = "mydatakit-broker";
  public static final String CLIENT_SECRET = "fictional-client-secret";
  public static final String PASSWORD = "fictional-password";
  public static final String HONG = "hong.gildong";
  public static final String KIM = "kim.cheolsu";
  public static final String NO_CI_USER = "no.ci";

  /** The sample citizens' CIs, by user name. */
  public static final Map<String, String> CITIZENS =
      Map.of(HONG, "FAKE-CI-HONG-GILDONG-0001", KIM, "FAKE-CI-KIM-CHEOLSU-0002");

  private static ConfigurableApplicationContext running;

  /** Runs the provider: {@code --server.port=N} and other Spring Boot properties as arguments. */
  public static void main(String[] args) {
    application().run(args);
  }

  /** Starts the provider once per JVM on a free port; its issuer URL, on {@code localhost}. */
  public static synchronized String issuer() {
    if (running == null) {
      running = application().run("--server.port=0");
    }
    int port = ((WebServerApplicationContext) running).getWebServer().getPort();
    return "http://localhost:" + port;
  }

  /** The application with its defaults, which arguments override. */
  private static SpringApplication application() {
    SpringApplication application = new SpringApplication(SampleCitizensIdentityProvider.class);
    application.setDefaultProperties(
        Map.of(
            // none of another application's application.properties (in the tests, the broker's
            // share the class path)
            "spring.config.name",
            "sample-citizens-idp",
            "spring.main.banner-mode",
            "off",
            // its own cookie: a browser keys cookies by host only, and the broker may run on the
            // same host (127.0.0.1 in the demo) with its own JSESSIONID
            "server.servlet.session.cookie.name",
            "IDP_SESSION",
            "management.endpoints.access.default",
            "none"));
    return application;
  }

  @Bean
  RegisteredClientRepository clients() {
    RegisteredClient broker =
        RegisteredClient.withId("broker")
            .clientId(CLIENT_ID)
            .clientSecret("{noop}" + CLIENT_SECRET)
            .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
            .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
            .redirectUri("http://127.0.0.1/login/oauth2/code/citizen")
            .scope(OidcScopes.OPENID)
            .clientSettings(
                ClientSettings.builder()
                    .requireProofKey(true)
                    .requireAuthorizationConsent(false)
                    .build())
            .build();
    return new InMemoryRegisteredClientRepository(broker);
  }

  @Bean
  UserDetailsService users() {
    InMemoryUserDetailsManager users = new InMemoryUserDetailsManager();
    for (String name : new String[] {HONG, KIM, NO_CI_USER}) {
      UserDetails user =
          User.withUsername(name).password("{noop}" + PASSWORD).roles("CITIZEN").build();
      users.createUser(user);
    }
    return users;
  }

  @Bean
  OAuth2TokenCustomizer<JwtEncodingContext> ciClaim() {
    return context -> {
      if (OidcParameterNames.ID_TOKEN.equals(context.getTokenType().getValue())) {
        String ci = CITIZENS.get(context.getPrincipal().getName());
        if (ci != null) {
          context.getClaims().claim("ci", ci);
        }
      }
    };
  }
}
