package org.mydatakit.consent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

/** The values that must never appear in a message or a {@code toString()}. */
final class Redaction {
  private Redaction() {}

  static List<String> secrets() {
    ConsentSubject subject = Fixtures.subject();
    List<String> secrets = new ArrayList<>();
    secrets.add(Fixtures.FAKE_CI);
    secrets.add(subject.brokerSubject().value());
    subject.pairwise().values().forEach(s -> secrets.add(s.value()));
    return secrets;
  }

  static void assertNoSecrets(String text) {
    for (String secret : secrets()) {
      assertThat(text).doesNotContain(secret);
    }
    assertThat(text).doesNotContain("HONG").doesNotContain("GILDONG");
  }
}
