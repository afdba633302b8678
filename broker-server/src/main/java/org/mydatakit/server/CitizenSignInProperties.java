package org.mydatakit.server;

import java.time.Duration;
import java.util.regex.Pattern;
import org.mydatakit.consent.AuthenticationEvidence;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The citizen's sign-in, {@code mydatakit.broker.citizen.*}. The identity provider itself is a
 * standard Spring Security client registration: {@code
 * spring.security.oauth2.client.registration.<registration-id>.*} and {@code
 * spring.security.oauth2.client.provider.<registration-id>.issuer-uri}.
 *
 * @param registrationId the client registration citizens sign in with; default {@code citizen}
 * @param ciClaim the ID-token claim that carries the citizen's CI (연계정보); default {@code ci}
 * @param method how the identity provider authenticates citizens, recorded in the evidence of each
 *     approval; default {@code SIMPLE_AUTHENTICATION} (간편인증, simple authentication)
 * @param channel the channel recorded in the evidence of an approval made here; default {@code
 *     broker-web}
 * @param idleTimeout a citizen's session ends after this long without a request; 1 minute to 1
 *     hour, default 15 minutes
 */
@ConfigurationProperties("mydatakit.broker.citizen")
public record CitizenSignInProperties(
    @DefaultValue("citizen") String registrationId,
    @DefaultValue("ci") String ciClaim,
    @DefaultValue("SIMPLE_AUTHENTICATION") AuthenticationEvidence.Method method,
    @DefaultValue("broker-web") String channel,
    @DefaultValue("15m") Duration idleTimeout) {

  private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9._-]{1,64}");

  /** Validates. */
  public CitizenSignInProperties {
    token("registration-id", registrationId);
    token("ci-claim", ciClaim);
    token("channel", channel);
    if (method == null) {
      throw new IllegalArgumentException(
          "mydatakit.broker.citizen.method: expected MOBILE_ID, SIMPLE_AUTHENTICATION or"
              + " CERTIFICATE");
    }
    if (idleTimeout == null
        || idleTimeout.compareTo(Duration.ofMinutes(1)) < 0
        || idleTimeout.compareTo(Duration.ofHours(1)) > 0) {
      throw new IllegalArgumentException(
          "mydatakit.broker.citizen.idle-timeout: expected 1m to 1h, got " + idleTimeout);
    }
  }

  private static void token(String name, String value) {
    if (value == null || !TOKEN.matcher(value).matches()) {
      throw new IllegalArgumentException(
          "mydatakit.broker.citizen."
              + name
              + ": expected 1 to 64 letters, digits, '.', '_' or '-'");
    }
  }
}
