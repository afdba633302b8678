package org.mydatakit.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import org.junit.jupiter.api.Test;

/**
 * Strict base64url: one accepted encoding per byte string. The oracle is the JDK: a text is
 * canonical exactly when it decodes and encodes back to itself.
 */
class Base64UrlTest {
  private static final String ALPHABET =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

  @Test
  void everyLastCharacterOfATwoCharacterGroupIsJudgedLikeTheJdk() {
    for (char last : ALPHABET.toCharArray()) {
      for (String prefix : new String[] {"Q", "eyJhQ", "eyJhbGciQ"}) {
        String text = prefix + last; // length % 4 == 2: the last character keeps 2 bits
        assertThat(Base64Url.isCanonical(text, 0, text.length()))
            .as("%s", text)
            .isEqualTo(roundTrips(text));
      }
    }
  }

  @Test
  void everyLastCharacterOfAThreeCharacterGroupIsJudgedLikeTheJdk() {
    for (char last : ALPHABET.toCharArray()) {
      for (String prefix : new String[] {"QU", "eyJhQU"}) {
        String text = prefix + last; // length % 4 == 3: the last character keeps 4 bits
        assertThat(Base64Url.isCanonical(text, 0, text.length()))
            .as("%s", text)
            .isEqualTo(roundTrips(text));
      }
    }
  }

  @Test
  void theCanonicalLastCharactersAreExactlyTheOnesWithZeroUnusedBits() {
    StringBuilder afterOne = new StringBuilder();
    StringBuilder afterTwo = new StringBuilder();
    for (char last : ALPHABET.toCharArray()) {
      if (Base64Url.isCanonical("A" + last, 0, 2)) {
        afterOne.append(last);
      }
      if (Base64Url.isCanonical("AA" + last, 0, 3)) {
        afterTwo.append(last);
      }
    }
    assertThat(afterOne.toString()).isEqualTo("AQgw");
    assertThat(afterTwo.toString()).isEqualTo("AEIMQUYcgkosw048");
  }

  @Test
  void fullGroupsTakeEveryCharacterOfTheAlphabetAndNothingElse() {
    assertThat(Base64Url.isCanonical(ALPHABET, 0, ALPHABET.length())).isTrue();
    assertThat(Base64Url.isCanonical("", 0, 0)).isTrue();
    for (char c : "+/= .?\n\u00e9\u0000".toCharArray()) {
      String text = "AAA" + c;
      assertThat(Base64Url.isCanonical(text, 0, 4)).as("%s", text).isFalse();
      assertThat(Base64Url.isCanonical(c + "AAA", 0, 4)).as("first %s", text).isFalse();
    }
    for (char c : new char[] {'@', '[', '`', '{', '/', ':'}) { // the neighbours of each range
      assertThat(Base64Url.isCanonical("AA" + c + "A", 0, 4)).as("%s", c).isFalse();
    }
  }

  @Test
  void aLengthOfOneModuloFourIsNeverCanonical() {
    for (String text : new String[] {"A", "AAAAA", "eyJhbGciO"}) {
      assertThat(Base64Url.isCanonical(text, 0, text.length())).as(text).isFalse();
    }
  }

  @Test
  void onlyTheGivenRangeIsJudged() {
    String token = "+eyJh.QR.AAA";
    assertThat(Base64Url.isCanonical(token, 1, 5)).isTrue();
    assertThat(Base64Url.isCanonical(token, 6, 8)).isFalse(); // "QR": unused bits set
    assertThat(Base64Url.decode(token, 9, 12)).containsExactly(0, 0);
  }

  @Test
  void decodeRefusesWhatIsNotCanonical() {
    assertThatThrownBy(() -> Base64Url.decode("QR"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("expected canonical unpadded base64url");
    assertThatThrownBy(() -> Base64Url.decode("QQ==")).isInstanceOf(IllegalArgumentException.class);
    assertThat(Base64Url.decode("Qw")).containsExactly('C');
  }

  private static boolean roundTrips(String text) {
    try {
      byte[] bytes = Base64.getUrlDecoder().decode(text);
      return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes).equals(text);
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
