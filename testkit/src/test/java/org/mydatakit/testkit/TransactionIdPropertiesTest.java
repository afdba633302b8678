package org.mydatakit.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/** A well-formed X-Api-Tran-Id is echoed, anything else is a 400 that echoes nothing. */
class TransactionIdPropertiesTest {
  private static FakeProviderAgency nhis;
  private static URI url;

  @BeforeContainer
  static void start() {
    nhis = FakeProviderAgency.start(Fixtures.NHIS, FakeBroker.create());
    url = nhis.itemUrl(Fixtures.QUALIFICATION);
  }

  @AfterContainer
  static void stop() {
    nhis.stop();
  }

  @Provide
  Arbitrary<String> wellFormed() {
    return Arbitraries.strings()
        .withCharRange('A', 'Z')
        .withCharRange('a', 'z')
        .withCharRange('0', '9')
        .withChars('-')
        .ofMinLength(1)
        .ofMaxLength(64);
  }

  @Provide
  Arbitrary<String> malformed() {
    Arbitrary<String> badChar =
        Arbitraries.strings()
            .withCharRange('!', '~')
            .ofMinLength(1)
            .ofMaxLength(40)
            .filter(s -> !s.matches("[A-Za-z0-9-]*"));
    Arbitrary<String> tooLong = wellFormed().map(s -> s + "x".repeat(65));
    return Arbitraries.oneOf(badChar, tooLong);
  }

  @Property(tries = 60)
  void wellFormedIdsAreEchoedEvenOnRejection(@ForAll("wellFormed") String id) throws IOException {
    HttpResponse<String> response = Http.send(Http.request(url, null, null, id));
    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.headers().firstValue("X-Api-Tran-Id")).contains(id);
  }

  @Property(tries = 60)
  void malformedIdsAreBadRequestsAndNotEchoed(@ForAll("malformed") String id) throws IOException {
    HttpResponse<String> response = Http.send(Http.request(url, null, null, id));
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.headers().firstValue("X-Api-Tran-Id")).isEmpty();
  }
}
