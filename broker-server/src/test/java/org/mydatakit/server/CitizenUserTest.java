package org.mydatakit.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.client.authentication.OAuth2AuthenticationToken;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.core.oidc.user.DefaultOidcUser;

/** The signed-in citizen as Spring Security holds her prints nothing of hers. */
class CitizenUserTest {
  @Test
  void neitherThePrincipalNorTheAuthenticationPrintsTheCiOrTheIdToken() {
    Instant now = Instant.now();
    OidcIdToken idToken =
        new OidcIdToken(
            "eyJ.fictional.token",
            now,
            now.plusSeconds(300),
            Map.of("sub", "hong.gildong", "ci", "FAKE-CI-HONG-GILDONG-0001", "iss", "x"));
    var user =
        new OidcCitizenSignIn.CitizenUser(
            new DefaultOidcUser(List.of(new SimpleGrantedAuthority("OIDC_USER")), idToken));
    var authentication = new OAuth2AuthenticationToken(user, user.getAuthorities(), "citizen");

    assertThat(user.getClaims()).containsEntry("ci", "FAKE-CI-HONG-GILDONG-0001");
    for (String printed : List.of(user.toString(), authentication.toString())) {
      assertThat(printed)
          .doesNotContain("FAKE-CI")
          .doesNotContain("eyJ")
          .doesNotContain("hong.gildong");
    }
  }
}
