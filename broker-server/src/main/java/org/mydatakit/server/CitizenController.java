package org.mydatakit.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.time.Instant;
import java.util.function.Function;
import org.mydatakit.broker.AccessRecord;
import org.mydatakit.broker.ConsentBroker;
import org.mydatakit.broker.ConsentNotFoundException;
import org.mydatakit.broker.FetchRecord;
import org.mydatakit.broker.GrantRecord;
import org.mydatakit.consent.AuthenticationEvidence;
import org.mydatakit.consent.CitizenIdentifier;
import org.mydatakit.consent.Consent;
import org.mydatakit.consent.ConsentId;
import org.mydatakit.consent.ConsentStateException;
import org.mydatakit.consent.ItemCode;
import org.mydatakit.consent.RevokedBy;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The signed-in citizen's API: her consents, her decisions on them, her access history (제공 이력) and
 * the proofs of her entries in the broker's log. The citizen is the one the {@link CitizenSignIn}
 * put in her session, never anyone a header or a body names; a consent of another citizen answers
 * 404, as if it did not exist. Every state-changing call needs the session's CSRF token ({@code GET
 * /citizen/session} gives it).
 *
 * <ul>
 *   <li>{@code GET /citizen/session}: that she is signed in, and the CSRF header and token
 *   <li>{@code GET /citizen/consents}, {@code GET /citizen/consents/{id}}: without any subject
 *   <li>{@code POST /citizen/consents/{id}/approve} with {@code {"consentTextSha256": "..."}}, the
 *       SHA-256 of exactly the text she was shown; the evidence records it with the sign-in's
 *       method and time
 *   <li>{@code POST /citizen/consents/{id}/reject|pause|resume|revoke}, an optional {@code
 *       {"reason": "..."}} for reject and revoke
 *   <li>{@code GET /citizen/history}: every grant issued and every fetch made for her consents
 *   <li>{@code GET /citizen/log-proofs}: per consent, the C2SP tlog-proof files of its entries
 * </ul>
 */
@RestController
class CitizenController {
  static final String BASE = "/citizen";
  static final String HOME = BASE + "/session";
  static final String CONSENT = BASE + "/consents/{id}";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String DEFAULT_REASON = "by the citizen";

  private final ConsentBroker broker;
  private final CitizenSignIn signIn;
  private final CitizenSignInProperties properties;
  private final CitizenAccess access;

  CitizenController(
      ConsentBroker broker,
      CitizenSignIn signIn,
      CitizenSignInProperties properties,
      CitizenAccess access) {
    this.broker = broker;
    this.signIn = signIn;
    this.properties = properties;
    this.access = access;
  }

  /** {@code POST .../approve}. */
  record ApproveBody(String consentTextSha256) {}

  /** {@code POST .../reject} and {@code .../revoke}. */
  record ReasonBody(String reason) {}

  @GetMapping(HOME)
  ResponseEntity<String> session(Authentication authentication, HttpServletRequest request) {
    try (CitizenIdentifier ignored = citizen(authentication)) {
      ObjectNode answer = JSON.createObjectNode();
      answer.put("signedIn", true);
      CsrfToken csrf = (CsrfToken) request.getAttribute(CsrfToken.class.getName());
      if (csrf != null) {
        answer.put("csrfHeader", csrf.getHeaderName());
        answer.put("csrfToken", csrf.getToken());
      }
      return HttpJson.answer(200, answer);
    }
  }

  @GetMapping(BASE + "/consents")
  ResponseEntity<String> consents(Authentication authentication) {
    ArrayNode list = JSON.createArrayNode();
    try (CitizenIdentifier citizen = citizen(authentication)) {
      broker.consentsOf(citizen).forEach(c -> list.add(ConsentViews.withoutSubjects(c)));
    }
    return HttpJson.answer(200, list);
  }

  @GetMapping(CONSENT)
  ResponseEntity<String> consent(@PathVariable("id") String id, Authentication authentication) {
    try (CitizenIdentifier citizen = citizen(authentication)) {
      return HttpJson.answer(200, ConsentViews.withoutSubjects(own(id, citizen)));
    }
  }

  @PostMapping(CONSENT + "/approve")
  ResponseEntity<String> approve(
      @PathVariable("id") String id, Authentication authentication, HttpServletRequest request)
      throws IOException {
    ApproveBody body = HttpJson.read(request, ApproveBody.class);
    try (CitizenIdentifier citizen = citizen(authentication)) {
      Consent consent = own(id, citizen);
      AuthenticationEvidence evidence;
      try {
        evidence =
            new AuthenticationEvidence(
                signIn.method(),
                signIn.authenticatedAt(authentication),
                properties.channel(),
                body.consentTextSha256());
      } catch (IllegalArgumentException e) {
        throw Problem.badRequest();
      }
      return decided(consent, c -> broker.approve(c.id(), citizen, evidence));
    }
  }

  @PostMapping(CONSENT + "/reject")
  ResponseEntity<String> reject(
      @PathVariable("id") String id, Authentication authentication, HttpServletRequest request)
      throws IOException {
    String reason = reason(request);
    try (CitizenIdentifier citizen = citizen(authentication)) {
      return decided(own(id, citizen), c -> broker.reject(c.id(), reason));
    }
  }

  @PostMapping(CONSENT + "/pause")
  ResponseEntity<String> pause(@PathVariable("id") String id, Authentication authentication) {
    try (CitizenIdentifier citizen = citizen(authentication)) {
      return decided(own(id, citizen), c -> broker.pause(c.id()));
    }
  }

  @PostMapping(CONSENT + "/resume")
  ResponseEntity<String> resume(@PathVariable("id") String id, Authentication authentication) {
    try (CitizenIdentifier citizen = citizen(authentication)) {
      return decided(own(id, citizen), c -> broker.resume(c.id()));
    }
  }

  @PostMapping(CONSENT + "/revoke")
  ResponseEntity<String> revoke(
      @PathVariable("id") String id, Authentication authentication, HttpServletRequest request)
      throws IOException {
    String reason = reason(request);
    try (CitizenIdentifier citizen = citizen(authentication)) {
      return decided(own(id, citizen), c -> broker.revoke(c.id(), RevokedBy.CITIZEN, reason));
    }
  }

  @GetMapping(BASE + "/history")
  ResponseEntity<String> history(Authentication authentication) {
    ArrayNode list = JSON.createArrayNode();
    try (CitizenIdentifier citizen = citizen(authentication)) {
      broker.accessHistory(citizen).forEach(r -> write(list.addObject(), r));
    }
    return HttpJson.answer(200, list);
  }

  @GetMapping(BASE + "/log-proofs")
  ResponseEntity<String> logProofs(Authentication authentication) {
    ArrayNode list = JSON.createArrayNode();
    try (CitizenIdentifier citizen = citizen(authentication)) {
      for (Consent consent : broker.consentsOf(citizen)) {
        ObjectNode one = list.addObject();
        one.put("consentId", consent.id().toString());
        ArrayNode proofs = one.putArray("proofs");
        broker.logProofs(consent.id()).forEach(proofs::add);
      }
    }
    return HttpJson.answer(200, list);
  }

  private CitizenIdentifier citizen(Authentication authentication) {
    return access.citizen(authentication);
  }

  private Consent own(String id, CitizenIdentifier citizen) {
    return access.own(id, citizen);
  }

  private static ResponseEntity<String> decided(
      Consent consent, Function<Consent, Consent> change) {
    try {
      return HttpJson.answer(200, ConsentViews.withoutSubjects(change.apply(consent)));
    } catch (ConsentNotFoundException e) {
      throw Problem.notFound();
    } catch (ConsentStateException e) {
      throw Problem.of(409, "illegal_transition");
    }
  }

  /** The optional reason of a body; a body-less request gets the default. */
  private static String reason(HttpServletRequest request) throws IOException {
    if (request.getContentLengthLong() <= 0 && request.getHeader("Transfer-Encoding") == null) {
      return DEFAULT_REASON;
    }
    ReasonBody body = HttpJson.read(request, ReasonBody.class);
    if (body.reason() == null) {
      return DEFAULT_REASON;
    }
    if (body.reason().isBlank() || body.reason().length() > 200) {
      throw Problem.badRequest();
    }
    return body.reason();
  }

  private static void write(ObjectNode n, AccessRecord record) {
    if (record instanceof GrantRecord g) {
      n.put("kind", "GRANT");
      common(n, g.grantId(), g.consentId(), g.provider().value(), g.at());
      ArrayNode items = n.putArray("items");
      g.scope().forEach(i -> items.add(i.value()));
      n.put("expiresAt", g.expiresAt().toString());
      n.put("period", g.period());
    } else if (record instanceof FetchRecord f) {
      n.put("kind", "FETCH");
      common(n, f.grantId(), f.consentId(), f.provider().value(), f.at());
      ArrayNode items = n.putArray("items");
      f.items().stream().map(ItemCode::value).forEach(items::add);
      n.put("transactionId", f.transactionId());
      n.put("outcome", f.outcome().name());
    }
  }

  private static void common(
      ObjectNode n, String grantId, ConsentId consent, String provider, Instant at) {
    n.put("grantId", grantId);
    n.put("consentId", consent.toString());
    n.put("provider", provider);
    n.put("at", at.toString());
  }
}
