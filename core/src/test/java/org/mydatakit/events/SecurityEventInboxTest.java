package org.mydatakit.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mydatakit.consent.AgencyId;
import org.mydatakit.keys.SigningAlgorithm;
import org.mydatakit.keys.SigningKeySet;
import org.mydatakit.keys.VerificationKeySet;
import org.mydatakit.keys.VerificationKeySource;
import org.mydatakit.testing.CapturingAppender;

/** The push endpoint's every answer: acknowledged once, refused with its RFC 8935 code, or 503. */
class SecurityEventInboxTest {
  static final String TYPE = SecurityEventInbox.CONTENT_TYPE;

  final EventMint mint = new EventMint();
  final List<SecurityEventInbox.Received> handled = new ArrayList<>();
  final SecurityEventInbox inbox = inbox(mint.brokerKeys.verificationKeys(), "NHIS");

  SecurityEventInbox inbox(VerificationKeySet keys, String audience) {
    return SecurityEventInbox.builder()
        .trustedIssuer(EventMint.ISSUER, keys)
        .audience(AgencyId.of(audience))
        .build();
  }

  PushAnswer push(String set) {
    return push(inbox, set);
  }

  PushAnswer push(SecurityEventInbox to, String set) {
    return to.receive("POST", TYPE, set.getBytes(StandardCharsets.UTF_8), handled::add);
  }

  static void assertRefused(PushAnswer answer, InvalidSecurityEventException.Code code)
      throws Exception {
    assertThat(answer.status()).as(answer.toString()).isEqualTo(400);
    assertThat(answer.error()).contains(code);
    assertThat(answer.acknowledged()).isFalse();
    assertThat(answer.headers()).containsEntry("Content-Type", "application/json");
    JsonNode body = EventMint.JSON.readTree(answer.body());
    assertThat(body.path("err").asText()).isEqualTo(code.err());
    assertThat(body.path("description").asText()).isNotBlank();
    assertThat(body.size()).isEqualTo(2);
  }

  @Test
  void aValidSetIsAcknowledgedAndHandledWithItsVersion() {
    String set = mint.set(ConsentEventType.CONSENT_REVOKED, 7, "jti-1");
    PushAnswer answer = push(set);
    assertThat(answer.status()).isEqualTo(202);
    assertThat(answer.acknowledged()).isTrue();
    assertThat(answer.body()).isEmpty();
    assertThat(answer.error()).isEmpty();
    assertThat(handled).hasSize(1);
    SecurityEventInbox.Received received = handled.get(0);
    assertThat(received.jti()).isEqualTo("jti-1");
    assertThat(received.version()).isEqualTo(7);
    assertThat(received.event().type()).isEqualTo(ConsentEventType.CONSENT_REVOKED);
    assertThat(received.event().consentId()).isEqualTo(mint.consentId);
    assertThat(received.toString()).doesNotContain("jti-1").doesNotContain(EventMint.SUBJECT);
  }

  @Test
  void theSameTokenAgainIsAcknowledgedAgainWithoutASecondEffect() {
    String set = mint.set(ConsentEventType.CONSENT_PAUSED, 2);
    for (int i = 0; i < 3; i++) {
      assertThat(push(set).status()).isEqualTo(202);
    }
    // with surrounding whitespace, the same token
    assertThat(push("\r\n" + set + "\n").status()).isEqualTo(202);
    assertThat(handled).hasSize(1);
  }

  @Test
  void anotherTokenUnderASeenJtiIsRefusedInvalidRequest() throws Exception {
    assertThat(push(mint.set(ConsentEventType.CONSENT_PAUSED, 2, "jti-x")).status()).isEqualTo(202);
    PushAnswer replay = push(mint.set(ConsentEventType.CONSENT_RESUMED, 3, "jti-x"));
    assertRefused(replay, InvalidSecurityEventException.Code.INVALID_REQUEST);
    assertThat(EventMint.JSON.readTree(replay.body()).path("description").asText())
        .isEqualTo("the jti was already used by another token");
    assertThat(handled).hasSize(1);
  }

  @Test
  void aSetSignedByAnotherKeyIsInvalidKey() throws Exception {
    SigningKeySet stranger = SigningKeySet.generate(SigningAlgorithm.ES256);
    String set =
        EventMint.signWith(stranger, mint.claims(ConsentEventType.CONSENT_REVOKED, 1, "j"));
    assertRefused(push(set), InvalidSecurityEventException.Code.INVALID_KEY);
    assertThat(handled).isEmpty();
  }

  @Test
  void aTamperedSetIsInvalidKey() throws Exception {
    String set = mint.set(ConsentEventType.CONSENT_PAUSED, 2);
    String[] parts = set.split("\\.");
    String claims =
        new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
            .replace("consent-paused", "consent-revoked");
    String tampered =
        parts[0]
            + "."
            + Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(claims.getBytes(StandardCharsets.UTF_8))
            + "."
            + parts[2];
    assertRefused(push(tampered), InvalidSecurityEventException.Code.INVALID_KEY);
    String badSignature = set.substring(0, set.length() - 4) + "AAAA";
    assertRefused(push(badSignature), InvalidSecurityEventException.Code.INVALID_KEY);
    assertThat(handled).isEmpty();
  }

  @Test
  void aSetForAnotherAudienceOrFromAnotherIssuerIsRefusedSo() throws Exception {
    assertRefused(
        push(mint.set(ConsentEventType.CONSENT_REVOKED, 1, c -> c.put("aud", "NTS"))),
        InvalidSecurityEventException.Code.INVALID_AUDIENCE);
    assertRefused(
        push(
            inbox(mint.brokerKeys.verificationKeys(), "NTS"),
            mint.set(ConsentEventType.CONSENT_REVOKED, 1)),
        InvalidSecurityEventException.Code.INVALID_AUDIENCE);
    assertRefused(
        push(
            mint.set(
                ConsentEventType.CONSENT_REVOKED, 1, c -> c.put("iss", "https://evil.example"))),
        InvalidSecurityEventException.Code.INVALID_ISSUER);
    assertThat(handled).isEmpty();
  }

  @Test
  void malformedEventsAreInvalidRequest() throws Exception {
    List<String> sets =
        List.of(
            // an unknown event type
            mint.set(
                ConsentEventType.CONSENT_REVOKED,
                1,
                c -> {
                  ObjectNode events = (ObjectNode) c.get("events");
                  events.set(
                      "https://mydatakit.org/events/consent-deleted",
                      events.remove(ConsentEventType.CONSENT_REVOKED.uri()));
                }),
            // no events member
            mint.set(ConsentEventType.CONSENT_REVOKED, 1, c -> c.remove("events")),
            // two events
            mint.set(
                ConsentEventType.CONSENT_REVOKED,
                1,
                c ->
                    ((ObjectNode) c.get("events"))
                        .set(
                            ConsentEventType.CONSENT_PAUSED.uri(),
                            c.get("events").get(ConsentEventType.CONSENT_REVOKED.uri()))),
            // a txn that is not the consent's id and version
            mint.set(ConsentEventType.CONSENT_REVOKED, 1, c -> c.put("txn", "other.1")),
            mint.set(
                ConsentEventType.CONSENT_REVOKED, 1, c -> c.put("txn", mint.consentId + ".-1")),
            mint.set(
                ConsentEventType.CONSENT_REVOKED,
                1,
                c -> c.put("txn", mint.consentId + ".99999999999999999999")),
            // another token type
            mint.signing.sign(
                "jwt", mint.claims(ConsentEventType.CONSENT_REVOKED, 1, "j").toString(), false),
            "not a token",
            "");
    for (String set : sets) {
      assertRefused(push(set), InvalidSecurityEventException.Code.INVALID_REQUEST);
    }
    assertThat(handled).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"application/json", "text/plain", "application/jwt", ""})
  void anotherContentTypeIsInvalidRequest(String contentType) throws Exception {
    String set = mint.set(ConsentEventType.CONSENT_REVOKED, 1);
    PushAnswer answer =
        inbox.receive("POST", contentType, set.getBytes(StandardCharsets.UTF_8), handled::add);
    assertRefused(answer, InvalidSecurityEventException.Code.INVALID_REQUEST);
    assertRefused(
        inbox.receive("POST", null, set.getBytes(StandardCharsets.UTF_8), handled::add),
        InvalidSecurityEventException.Code.INVALID_REQUEST);
    assertThat(handled).isEmpty();
  }

  @Test
  void theContentTypeIsComparedWithoutCaseAndParameters() {
    String set = mint.set(ConsentEventType.CONSENT_REVOKED, 1);
    PushAnswer answer =
        inbox.receive(
            "POST",
            "Application/SecEvent+JWT; charset=utf-8",
            set.getBytes(StandardCharsets.UTF_8),
            handled::add);
    assertThat(answer.status()).isEqualTo(202);
  }

  @Test
  void anOversizeBodyIsRefusedAndNotReadPastTheLimit() throws Exception {
    byte[] huge = new byte[SecurityEventInbox.MAX_BODY_BYTES + 1];
    java.util.Arrays.fill(huge, (byte) 'a');
    assertRefused(
        inbox.receive("POST", TYPE, huge, handled::add),
        InvalidSecurityEventException.Code.INVALID_REQUEST);
    byte[] endless = new byte[10 * SecurityEventInbox.MAX_BODY_BYTES];
    ByteArrayInputStream in = new ByteArrayInputStream(endless);
    assertRefused(
        inbox.receive("POST", TYPE, in, handled::add),
        InvalidSecurityEventException.Code.INVALID_REQUEST);
    assertThat(in.available()).isEqualTo(endless.length - SecurityEventInbox.MAX_BODY_BYTES - 1);
  }

  @Test
  void onlyPostIsServed() throws Exception {
    String set = mint.set(ConsentEventType.CONSENT_REVOKED, 1);
    for (String method : List.of("GET", "PUT", "DELETE", "post")) {
      PushAnswer answer =
          inbox.receive(method, TYPE, set.getBytes(StandardCharsets.UTF_8), handled::add);
      assertThat(answer.status()).isEqualTo(405);
      assertThat(answer.headers()).containsEntry("Allow", "POST");
    }
    ByteArrayInputStream body = new ByteArrayInputStream(set.getBytes(StandardCharsets.UTF_8));
    assertThat(inbox.receive("GET", TYPE, body, handled::add).status()).isEqualTo(405);
    assertThat(body.available()).isEqualTo(set.length());
    assertThat(handled).isEmpty();
  }

  @Test
  void aHandlerThatThrowsIsNotAcknowledgedAndTheRetryIsHandled() {
    String set = mint.set(ConsentEventType.RETENTION_ENDED, 4);
    AtomicInteger calls = new AtomicInteger();
    SecurityEventInbox.Handler failing =
        r -> {
          calls.incrementAndGet();
          throw new java.io.IOException("vault down");
        };
    PushAnswer failed = inbox.receive("POST", TYPE, set.getBytes(StandardCharsets.UTF_8), failing);
    assertThat(failed.status()).isEqualTo(503);
    assertThat(failed.acknowledged()).isFalse();
    assertThat(failed.error()).isEmpty();
    assertThat(push(set).status()).isEqualTo(202);
    assertThat(push(set).status()).isEqualTo(202);
    assertThat(calls).hasValue(1);
    assertThat(handled).hasSize(1);
  }

  @Test
  void aSeenEventsStoreThatFailsAcknowledgesNothing() {
    SecurityEventInbox down =
        SecurityEventInbox.builder()
            .trustedIssuer(EventMint.ISSUER, mint.brokerKeys.verificationKeys())
            .audience(AgencyId.of("NHIS"))
            .seenEvents(
                new SeenEvents() {
                  @Override
                  public Claim claim(String jti, String digest, Instant now, Instant forgetAfter) {
                    throw new IllegalStateException("database down");
                  }

                  @Override
                  public void release(String jti, String digest) {}
                })
            .build();
    assertThat(push(down, mint.set(ConsentEventType.CONSENT_REVOKED, 1)).status()).isEqualTo(503);
    assertThat(handled).isEmpty();
  }

  @Test
  void aRotatedBrokerKeyIsFollowedThroughTheKeySource() {
    SigningKeySet next = SigningKeySet.generate(SigningAlgorithm.ES256);
    AtomicReference<VerificationKeySet> published =
        new AtomicReference<>(mint.brokerKeys.verificationKeys());
    AtomicInteger refreshes = new AtomicInteger();
    VerificationKeySource source =
        new VerificationKeySource() {
          @Override
          public VerificationKeySet current() {
            return published.get();
          }

          @Override
          public Optional<VerificationKeySet> refresh() {
            refreshes.incrementAndGet();
            published.set(next.verificationKeys());
            return Optional.of(next.verificationKeys());
          }
        };
    SecurityEventInbox following =
        SecurityEventInbox.builder()
            .trustedIssuer(EventMint.ISSUER, source)
            .audience(AgencyId.of("NHIS"))
            .build();
    assertThat(push(following, mint.set(ConsentEventType.CONSENT_PAUSED, 1)).status())
        .isEqualTo(202);
    String byNext =
        EventMint.signWith(next, mint.claims(ConsentEventType.CONSENT_RESUMED, 2, "j-next"));
    assertThat(push(following, byNext).status()).isEqualTo(202);
    assertThat(refreshes).hasValue(1);
    assertThat(handled).hasSize(2);
  }

  @Test
  void builderRequiresIssuerAndAudienceAndASaneRetention() {
    assertThatThrownBy(() -> SecurityEventInbox.builder().audience(AgencyId.of("NHIS")).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("trusted issuer");
    assertThatThrownBy(
            () ->
                SecurityEventInbox.builder()
                    .trustedIssuer(EventMint.ISSUER, mint.brokerKeys.verificationKeys())
                    .build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("audience");
    assertThatThrownBy(
            () ->
                SecurityEventInbox.builder()
                    .trustedIssuer(EventMint.ISSUER, mint.brokerKeys.verificationKeys())
                    .audience(AgencyId.of("NHIS"))
                    .retention(Duration.ofSeconds(5))
                    .build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("retention");
  }

  @Test
  void noAnswerLogLineOrDescriptionCarriesTheTokenOrTheSubject() {
    CapturingAppender.drain();
    List<String> texts = new ArrayList<>();
    String good = mint.set(ConsentEventType.CONSENT_REVOKED, 1, "jti-r");
    List<String> sets =
        List.of(
            good,
            good,
            mint.set(ConsentEventType.CONSENT_REVOKED, 2, "jti-r"),
            EventMint.signWith(
                SigningKeySet.generate(SigningAlgorithm.ES256),
                mint.claims(ConsentEventType.CONSENT_PAUSED, 1, "j")),
            mint.set(ConsentEventType.CONSENT_REVOKED, 1, c -> c.put("aud", "NTS")),
            mint.set(ConsentEventType.CONSENT_REVOKED, 1, c -> c.put("txn", EventMint.SUBJECT)),
            good.substring(0, good.length() - 3));
    for (String set : sets) {
      PushAnswer answer = push(set);
      texts.add(answer.toString());
      texts.add(answer.body());
    }
    handled.forEach(r -> texts.add(r.toString()));
    texts.add(inbox.toString());
    texts.addAll(CapturingAppender.drain());
    assertThat(texts)
        .isNotEmpty()
        .noneMatch(t -> t.contains("eyJ"))
        .noneMatch(t -> t.contains(good.substring(good.length() - 20)))
        .noneMatch(t -> t.contains(EventMint.SUBJECT))
        .noneMatch(t -> t.contains("jti-r"));
  }

  @Test
  void theVersionIsReadOnlyFromTheConsentsOwnTxn() throws Exception {
    ConsentEvent event =
        SecurityEventTokens.verifier(
                mint.brokerKeys.verificationKeys(), EventMint.ISSUER, AgencyId.of("NHIS"))
            .verify(mint.set(ConsentEventType.CONSENT_PAUSED, 12))
            .event();
    assertThat(SecurityEventInbox.version(event)).isEqualTo(12);
  }
}
