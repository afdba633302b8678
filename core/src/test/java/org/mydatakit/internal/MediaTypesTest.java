package org.mydatakit.internal;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code typ} as a media type: the prefix and ASCII case are free, nothing else is. */
class MediaTypesTest {

  @ParameterizedTest
  @ValueSource(strings = {"dpop+jwt", "DPoP+JWT", "application/dpop+jwt", "APPLICATION/DPOP+JWT"})
  void equivalentFormsMatch(String typ) {
    assertThat(MediaTypes.isType(typ, "dpop+jwt")).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "dpop",
        "dpop+jwt ",
        "\tdpop+jwt",
        "dpop+jwt;charset=utf-8",
        "application/dpop+jwt; q=1",
        "text/dpop+jwt",
        "applications/dpop+jwt",
        "application/application/dpop+jwt",
        "application//dpop+jwt",
        "/dpop+jwt",
        "dpop+jw\u0131",
        "\u0130pop+jwt",
        "dpop+jw\u212A",
        "appl\u0131cation/dpop+jwt",
        "dpop+jwt\u0000",
        "dpop\u00A0jwt",
        "\uFF44pop+jwt"
      })
  void nearMissesDoNotMatch(String typ) {
    assertThat(MediaTypes.isType(typ, "dpop+jwt")).isFalse();
  }

  @Property
  void onlyAsciiCaseFoldingOfTheTwoFormsMatches(@ForAll @StringLength(max = 24) String typ) {
    boolean expected =
        typ.chars().allMatch(c -> c < 128)
            && (typ.toLowerCase(java.util.Locale.ROOT).equals("dpop+jwt")
                || typ.toLowerCase(java.util.Locale.ROOT).equals("application/dpop+jwt"));
    assertThat(MediaTypes.isType(typ, "dpop+jwt")).isEqualTo(expected);
  }

  @Property
  void changingOneCharacterOfTheTypeBreaksTheMatch(
      @ForAll("positions") int position, @ForAll char replacement) {
    String base = "application/dpop+jwt";
    char original = base.charAt(position);
    String mutated = base.substring(0, position) + replacement + base.substring(position + 1);
    boolean sameLetter =
        Character.toLowerCase(replacement) == original && replacement < 128
            || replacement == original;
    assertThat(MediaTypes.isType(mutated, "dpop+jwt")).isEqualTo(sameLetter);
  }

  @net.jqwik.api.Provide
  net.jqwik.api.Arbitrary<Integer> positions() {
    return net.jqwik.api.Arbitraries.integers().between(0, "application/dpop+jwt".length() - 1);
  }
}
