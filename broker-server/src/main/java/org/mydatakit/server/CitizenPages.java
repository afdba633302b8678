package org.mydatakit.server;

import jakarta.servlet.http.HttpServletResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import org.mydatakit.audit.InvalidReceiptException;
import org.mydatakit.audit.LoggedEntry;
import org.mydatakit.audit.ReceiptIssuer;
import org.mydatakit.broker.AccessRecord;
import org.mydatakit.broker.Agency;
import org.mydatakit.broker.AgencyRegistry;
import org.mydatakit.broker.CitizenNotice;
import org.mydatakit.broker.ConsentBroker;
import org.mydatakit.broker.ConsentStore;
import org.mydatakit.broker.FetchBudget;
import org.mydatakit.broker.FetchRecord;
import org.mydatakit.broker.GrantRecord;
import org.mydatakit.broker.ReceiptRecord;
import org.mydatakit.consent.AgencyId;
import org.mydatakit.consent.AuthenticationEvidence;
import org.mydatakit.consent.CitizenIdentifier;
import org.mydatakit.consent.Consent;
import org.mydatakit.consent.ConsentStateException;
import org.mydatakit.consent.ConsentStatus;
import org.mydatakit.consent.ItemCode;
import org.mydatakit.consent.RevokedBy;
import org.mydatakit.store.jdbc.JdbcCitizenInbox;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The citizen's own pages (나의 마이데이터, "my MyData"), server-rendered: her pending requests and
 * consents ({@code /my}), a request with the exact consent text to approve or reject ({@code
 * /my/requests/{id}}), a consent with its changes, deliveries, remaining budget and receipts, and
 * pause, resume or revoke behind a confirmation step ({@code /my/consents/{id}}), and her access
 * history (제공 이력) with a CSV download ({@code /my/history}). Every page shows only the signed-in
 * citizen's data; another citizen's consent is a 404 page. Korean by default, English with {@code
 * ?lang=en}.
 */
@Controller
class CitizenPages {
  static final String BASE = "/my";
  static final String SIGNED_OUT = BASE + "/signed-out";
  static final int INBOX_SIZE = 20;

  private final ConsentBroker broker;
  private final ConsentStore store;
  private final AgencyRegistry agencies;
  private final CitizenAccess access;
  private final CitizenSignIn signIn;
  private final CitizenSignInProperties properties;
  private final ConsentText consentText;
  private final BrokerProperties brokerProperties;
  private final JdbcCitizenInbox inbox;

  CitizenPages(
      ConsentBroker broker,
      ConsentStore store,
      AgencyRegistry agencies,
      CitizenAccess access,
      CitizenSignIn signIn,
      CitizenSignInProperties properties,
      ConsentText consentText,
      BrokerProperties brokerProperties,
      JdbcCitizenInbox inbox) {
    this.inbox = inbox;
    this.broker = broker;
    this.store = store;
    this.agencies = agencies;
    this.access = access;
    this.signIn = signIn;
    this.properties = properties;
    this.consentText = consentText;
    this.brokerProperties = brokerProperties;
  }

  @GetMapping(BASE)
  String home(
      @RequestParam(name = "status", required = false) String status,
      Authentication authentication,
      Model model) {
    Optional<ConsentStatus> filter = status(status);
    try (CitizenIdentifier citizen = access.citizen(authentication)) {
      List<Consent> mine = broker.consentsOf(citizen);
      model.addAttribute(
          "pending", mine.stream().filter(c -> c.status() == ConsentStatus.REQUESTED).toList());
      model.addAttribute(
          "consents",
          mine.stream()
              .filter(c -> c.status() != ConsentStatus.REQUESTED)
              .filter(c -> filter.map(f -> c.status() == f).orElse(true))
              .toList());
      // her notices, found by the broker-wide subject her consents carry (none without consents)
      model.addAttribute(
          "notices",
          mine.isEmpty()
              ? List.of()
              : inbox.latest(mine.get(0).subject().brokerSubject(), INBOX_SIZE).stream()
                  .map(this::noticeView)
                  .toList());
    }
    model.addAttribute("statuses", ConsentStatus.values());
    model.addAttribute("filter", filter.map(Enum::name).orElse(""));
    model.addAttribute("names", names());
    return "my/home";
  }

  /** After sign-out: a page that says so, reachable without a session. */
  @GetMapping(SIGNED_OUT)
  String signedOut() {
    return "my/signed-out";
  }

  @GetMapping(BASE + "/requests/{id}")
  String request(
      @PathVariable("id") String id, Authentication authentication, Locale locale, Model model) {
    try (CitizenIdentifier citizen = access.citizen(authentication)) {
      Consent consent = access.own(id, citizen);
      if (consent.status() != ConsentStatus.REQUESTED) {
        return "redirect:" + BASE + "/consents/" + consent.id();
      }
      model.addAttribute("consent", consent);
      model.addAttribute(
          "shown", consentText.render(consent, ConsentText.language(locale), names()));
      model.addAttribute("names", names());
      return "my/request";
    }
  }

  @PostMapping(BASE + "/requests/{id}/approve")
  String approve(
      @PathVariable("id") String id,
      @RequestParam("language") String language,
      @RequestParam("version") String version,
      @RequestParam("shown") String shownSha256,
      Authentication authentication) {
    try (CitizenIdentifier citizen = access.citizen(authentication)) {
      Consent consent = access.own(id, citizen);
      if (!ConsentText.LANGUAGES.contains(language) || !ConsentText.VERSION.equals(version)) {
        throw Problem.badRequest();
      }
      ConsentText.Shown shown = consentText.render(consent, language, names());
      if (!shown.sha256().equals(shownSha256)) {
        // the text changed since the page was shown (an agency renamed, say): show it again
        return "redirect:" + BASE + "/requests/" + consent.id();
      }
      AuthenticationEvidence evidence =
          new AuthenticationEvidence(
              signIn.method(),
              signIn.authenticatedAt(authentication),
              properties.channel(),
              shown.sha256(),
              shown.language(),
              shown.version());
      decide(() -> broker.approve(consent.id(), citizen, evidence));
      return "redirect:" + BASE + "/consents/" + consent.id();
    }
  }

  @PostMapping(BASE + "/requests/{id}/reject")
  String reject(@PathVariable("id") String id, Authentication authentication) {
    try (CitizenIdentifier citizen = access.citizen(authentication)) {
      Consent consent = access.own(id, citizen);
      decide(() -> broker.reject(consent.id(), "rejected by the citizen on her page"));
      return "redirect:" + BASE;
    }
  }

  @GetMapping(BASE + "/consents/{id}")
  String consent(@PathVariable("id") String id, Authentication authentication, Model model) {
    try (CitizenIdentifier citizen = access.citizen(authentication)) {
      Consent consent = access.own(id, citizen);
      model.addAttribute("consent", consent);
      List<LoggedEntry> entries = store.loggedAbout(consent.id());
      model.addAttribute("transitions", entries.stream().map(e -> e.entry().event()).toList());
      model.addAttribute("deliveries", store.fetches(consent.id()));
      model.addAttribute("confirmedByProviders", broker.requiresDeliveryReceipts());
      Map<String, FetchBudget> budgets = new TreeMap<>();
      if (consent.status() == ConsentStatus.ACTIVE) {
        for (AgencyId provider : consent.providers()) {
          budgets.put(names().apply(provider), broker.remainingBudget(consent.id(), provider));
        }
      }
      model.addAttribute("budgets", budgets);
      model.addAttribute("receipts", broker.receipts(consent.id()));
      model.addAttribute("erasures", broker.erasures(consent.id()));
      model.addAttribute("names", names());
      return "my/consent";
    }
  }

  @GetMapping(BASE + "/consents/{id}/{action:pause|resume|revoke}")
  String confirm(
      @PathVariable("id") String id,
      @PathVariable("action") String action,
      Authentication authentication,
      Model model) {
    try (CitizenIdentifier citizen = access.citizen(authentication)) {
      model.addAttribute("consent", access.own(id, citizen));
      model.addAttribute("action", action);
      return "my/confirm";
    }
  }

  @PostMapping(BASE + "/consents/{id}/{action:pause|resume|revoke}")
  String act(
      @PathVariable("id") String id,
      @PathVariable("action") String action,
      Authentication authentication) {
    try (CitizenIdentifier citizen = access.citizen(authentication)) {
      Consent consent = access.own(id, citizen);
      switch (action) {
        case "pause" -> decide(() -> broker.pause(consent.id()));
        case "resume" -> decide(() -> broker.resume(consent.id()));
        default ->
            decide(() -> broker.revoke(consent.id(), RevokedBy.CITIZEN, "revoked on her page"));
      }
      return "redirect:" + BASE + "/consents/" + consent.id();
    }
  }

  /**
   * A receipt, readable: verified with the broker's keys first, then its claims shown as a list
   * (what was agreed, when, how, and the text's hash, language and template version).
   */
  @GetMapping(BASE + "/consents/{id}/receipts/{receipt}/view")
  String receiptView(
      @PathVariable("id") String id,
      @PathVariable("receipt") String receiptId,
      Authentication authentication,
      Model model) {
    try (CitizenIdentifier citizen = access.citizen(authentication)) {
      Consent consent = access.own(id, citizen);
      ReceiptRecord receipt = receipt(consent, receiptId);
      try {
        ReceiptIssuer.verify(receipt.token(), broker.receiptKeys(), brokerProperties.issuer());
      } catch (InvalidReceiptException e) {
        throw Problem.of(500, null); // the broker's own receipt does not verify: not hers to fix
      }
      com.fasterxml.jackson.databind.JsonNode claims;
      try {
        claims =
            new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(java.util.Base64.getUrlDecoder().decode(receipt.token().split("\\.")[1]));
      } catch (java.io.IOException e) {
        throw Problem.of(500, null);
      }
      model.addAttribute("consent", consent);
      model.addAttribute("receipt", receipt);
      model.addAttribute("claims", claims);
      model.addAttribute("erasures", broker.erasures(consent.id()));
      model.addAttribute("names", names());
      return "my/receipt";
    }
  }

  @GetMapping(BASE + "/consents/{id}/receipts/{receipt}")
  ResponseEntity<String> receipt(
      @PathVariable("id") String id,
      @PathVariable("receipt") String receiptId,
      Authentication authentication) {
    try (CitizenIdentifier citizen = access.citizen(authentication)) {
      Consent consent = access.own(id, citizen);
      ReceiptRecord receipt = receipt(consent, receiptId);
      return ResponseEntity.ok()
          .header(HttpHeaders.CONTENT_TYPE, "application/jwt")
          .header(HttpHeaders.CACHE_CONTROL, "no-store")
          .header(
              HttpHeaders.CONTENT_DISPOSITION,
              ContentDisposition.attachment()
                  .filename("receipt-" + receipt.receiptId() + ".jwt")
                  .build()
                  .toString())
          .body(receipt.token());
    }
  }

  /**
   * Her entries verified in her browser: the page carries the log's and the witnesses' public keys,
   * its script fetches her proof files ({@code GET /citizen/log-proofs}) and checks each with
   * WebCrypto, and checks a pasted file too.
   */
  @GetMapping(BASE + "/verify")
  String verify(Authentication authentication, Model model) {
    try (CitizenIdentifier citizen = access.citizen(authentication)) {
      model.addAttribute("logKey", broker.logKey().toString());
      model.addAttribute("witnessKeys", String.join(" ", brokerProperties.witnesses()));
      return "my/verify";
    }
  }

  @GetMapping(BASE + "/history")
  String history(Authentication authentication, Model model) {
    try (CitizenIdentifier citizen = access.citizen(authentication)) {
      model.addAttribute("records", broker.accessHistory(citizen));
    }
    model.addAttribute("names", names());
    return "my/history";
  }

  @GetMapping(BASE + "/history.csv")
  ResponseEntity<byte[]> historyCsv(Authentication authentication) {
    StringBuilder csv =
        new StringBuilder("kind,at,consent,provider,items,grant,transaction,outcome\n");
    try (CitizenIdentifier citizen = access.citizen(authentication)) {
      for (AccessRecord record : broker.accessHistory(citizen)) {
        csv.append(row(record)).append('\n');
      }
    }
    return ResponseEntity.ok()
        .header(HttpHeaders.CONTENT_TYPE, "text/csv; charset=UTF-8")
        .header(HttpHeaders.CACHE_CONTROL, "no-store")
        .header(
            HttpHeaders.CONTENT_DISPOSITION,
            ContentDisposition.attachment().filename("access-history.csv").build().toString())
        .body(csv.toString().getBytes(StandardCharsets.UTF_8));
  }

  /** A problem on a page is an error page with the problem's status, never its details. */
  @ExceptionHandler(Problem.class)
  String problem(Problem problem, HttpServletResponse response, Model model) {
    response.setStatus(problem.status);
    model.addAttribute("status", problem.status);
    return "my/error";
  }

  private ReceiptRecord receipt(Consent consent, String receiptId) {
    return broker.receipts(consent.id()).stream()
        .filter(r -> r.receiptId().equals(receiptId))
        .findFirst()
        .orElseThrow(Problem::notFound);
  }

  private static void decide(Runnable decision) {
    try {
      decision.run();
    } catch (ConsentStateException e) {
      throw Problem.of(409, "illegal_transition");
    }
  }

  /** An agency's registered name, or its id. */
  /** A notice as her page shows it: the agencies by name. */
  record NoticeView(CitizenNotice notice, String consumer, String providers) {}

  private NoticeView noticeView(CitizenNotice notice) {
    Function<AgencyId, String> names = names();
    return new NoticeView(
        notice,
        names.apply(notice.consumer()),
        String.join(", ", notice.providers().stream().map(names).toList()));
  }

  private Function<AgencyId, String> names() {
    return id -> agencies.find(id).map(Agency::name).orElse(id.value());
  }

  private static Optional<ConsentStatus> status(String status) {
    if (status == null || status.isBlank()) {
      return Optional.empty();
    }
    try {
      return Optional.of(ConsentStatus.valueOf(status));
    } catch (IllegalArgumentException e) {
      throw Problem.badRequest();
    }
  }

  /** One CSV row; every field is the broker's own token or time, quoted where it could need it. */
  private static String row(AccessRecord record) {
    List<String> cells = new ArrayList<>();
    if (record instanceof GrantRecord g) {
      cells.addAll(
          List.of(
              "GRANT",
              g.at().toString(),
              g.consentId().toString(),
              g.provider().value(),
              items(g.scope()),
              g.grantId(),
              "",
              ""));
    } else if (record instanceof FetchRecord f) {
      cells.addAll(
          List.of(
              "FETCH",
              f.at().toString(),
              f.consentId().toString(),
              f.provider().value(),
              items(f.items()),
              f.grantId(),
              f.transactionId() == null ? "" : f.transactionId(),
              f.outcome().name()));
    }
    return String.join(",", cells.stream().map(CitizenPages::quote).toList());
  }

  private static String items(java.util.Set<ItemCode> items) {
    return String.join(" ", items.stream().map(ItemCode::value).toList());
  }

  /** RFC 4180 quoting, and a leading formula character neutralized for spreadsheets. */
  private static String quote(String cell) {
    String safe = cell.matches("^[=+\\-@].*") ? "'" + cell : cell;
    return "\"" + safe.replace("\"", "\"\"") + "\"";
  }
}
