package org.mydatakit.consent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.ArrayList;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

class RedactionTest {

  @Test
  void toStringNeverShowsASubjectOrTheCitizenIdentifier() {
    ConsentSubject subject = Fixtures.subject();
    List<Object> values = new ArrayList<>(ConsentJsonTest.consents().toList());
    values.add(subject);
    values.add(subject.brokerSubject());
    values.addAll(subject.pairwise().values());
    values.add(CitizenIdentifier.of(Fixtures.FAKE_CI));
    values.add(PairwiseSubjects.of(Fixtures.FAKE_MASTER_SECRET));
    values.add(new Representative(Representative.Kind.GUARDIAN, "family-cert:7f3a9c"));
    for (Object value : values) {
      Redaction.assertNoSecrets(value.toString());
    }
    assertThat(CitizenIdentifier.of(Fixtures.FAKE_CI)).hasToString("CitizenIdentifier[redacted]");
    assertThat(subject.toString())
        .isEqualTo("ConsentSubject[broker=redacted, pairwise=[NHIS, NTS]]");
    assertThat(Fixtures.exampleActive().toString())
        .isEqualTo(
            "Consent[id=019b76d1-8040-7c4e-9a2b-5d6f8e1a3c70, status=ACTIVE, version=1,"
                + " consumer=KB-BANK, providers=[NHIS, NTS]]");
    assertThat(Fixtures.everything().toString()).doesNotContain("필요").doesNotContain("family-cert");
  }

  @Test
  void exceptionMessagesNeverShowASubjectOrTheCitizenIdentifier() {
    Consent active = Fixtures.exampleActive();
    String ci = Fixtures.FAKE_CI;
    String sub = active.subject().brokerSubject().value();
    List<ThrowingCallable> failures =
        List.of(
            () -> active.approve(Fixtures.VALID_UNTIL, Fixtures.evidence(), 1),
            () -> active.resume(Fixtures.VALID_UNTIL),
            () -> active.expire(Fixtures.APPROVED),
            () ->
                active
                    .revoke(Fixtures.APPROVED, RevokedBy.CITIZEN, "r")
                    .pause(Fixtures.VALID_UNTIL),
            () -> SubjectId.parse(sub + "!"),
            () -> SubjectId.parse(sub + "x".repeat(200)),
            () -> CitizenIdentifier.of(ci + "x".repeat(300)),
            () -> PairwiseSubjects.of(ci.getBytes(java.nio.charset.StandardCharsets.UTF_8)),
            () -> ConsentJson.read(ConsentJson.write(active).replace(sub, sub + "!")),
            () ->
                ConsentJson.read(
                    ConsentJson.write(active).replace("\"" + sub + "\"", "[\"" + sub + "\"]")),
            () -> ConsentJson.read("{\"" + ci + "\":1}"),
            () -> ConsentJson.read("{\"" + sub + "\":1}"),
            () -> ConsentJson.read("{\"id\":\"" + ci + "\"}"),
            () -> ConsentJson.read("{\"version\":\"" + ci + "\"}"),
            () -> ConsentJson.read(ConsentJson.write(active) + "\"" + ci + "\""),
            () -> {
              CitizenIdentifier closed = CitizenIdentifier.of(ci);
              closed.close();
              PairwiseSubjects.of(Fixtures.FAKE_MASTER_SECRET).at(closed, Fixtures.NHIS);
            });
    for (ThrowingCallable failure : failures) {
      Throwable t = catchThrowable(failure);
      assertThat(t).isNotNull();
      for (Throwable c = t; c != null; c = c.getCause()) {
        Redaction.assertNoSecrets(String.valueOf(c.getMessage()));
      }
    }
  }
}
