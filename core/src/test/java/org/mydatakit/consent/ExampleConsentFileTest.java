package org.mydatakit.consent;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The example the cli ships is a valid consent: the fictional citizen of {@link Fixtures}. */
class ExampleConsentFileTest {
  static final Path EXAMPLE = Path.of("../cli/src/main/resources/examples/consent-active.json");

  @Test
  void shippedExampleIsTheActivePeriodicConsentOfTheFictionalCitizen() throws Exception {
    Consent expected = Fixtures.exampleActive();
    Consent example = ConsentJson.read(Files.readString(EXAMPLE, StandardCharsets.UTF_8));
    assertThat(example).isEqualTo(expected);
    assertThat(example.status()).isEqualTo(ConsentStatus.ACTIVE);
    assertThat(example.delivery().kind()).isEqualTo(Delivery.Kind.PERIODIC);
    assertThat(example.statusIndex()).hasValue(42);
    Redaction.assertNoSecrets(example.toString());
  }
}
