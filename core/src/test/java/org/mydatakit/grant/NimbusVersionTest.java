package org.mydatakit.grant;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSObject;
import java.io.InputStream;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** mydatakit requires nimbus-jose-jwt 10.10 or newer on the class path. */
class NimbusVersionTest {

  static int[] parse(String version) {
    String[] parts = version.split("[.-]");
    return new int[] {Integer.parseInt(parts[0]), Integer.parseInt(parts[1])};
  }

  @Test
  void nimbusOnTheClassPathIsAtLeast10_10() throws Exception {
    String version;
    try (InputStream in =
        JWSObject.class.getResourceAsStream(
            "/META-INF/maven/com.nimbusds/nimbus-jose-jwt/pom.properties")) {
      assertThat(in).as("nimbus-jose-jwt pom.properties on the class path").isNotNull();
      Properties p = new Properties();
      p.load(in);
      version = p.getProperty("version");
    }
    int[] v = parse(version);
    assertThat(v[0] > 10 || (v[0] == 10 && v[1] >= 10))
        .as("nimbus-jose-jwt %s must be >= 10.10", version)
        .isTrue();
  }

  @Test
  void theVersionComparisonRejectsOlderReleases() {
    assertThat(parse("10.9.1")).containsExactly(10, 9);
    assertThat(parse("9.48")).containsExactly(9, 48);
    assertThat(parse("10.10")).containsExactly(10, 10);
  }
}
