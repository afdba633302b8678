package org.mydatakit.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.mydatakit.broker.FetchOutcome;
import org.mydatakit.consent.AgencyId;
import org.mydatakit.consent.Consent;
import org.mydatakit.consent.ConsentStatus;
import org.mydatakit.consent.Delivery;
import org.mydatakit.consent.ItemCode;
import org.mydatakit.grant.DpopKey;
import org.mydatakit.grant.Grant;
import org.mydatakit.sampleidp.SampleCitizensIdentityProvider;

/**
 * The citizen's pages over plain HTTP: their security headers, CSRF on every form, another
 * citizen's consent a 404 on every page, the approval's text hash checked against what was shown,
 * and the history's CSV.
 */
class CitizenPagesTest extends ServerTestBase {

  @Test
  void everyPageCarriesAStrictContentSecurityPolicyAndNoFraming() {
    CitizenBrowser hong = signedIn(SampleCitizensIdentityProvider.HONG);
    for (String path : new String[] {"/my", "/my/history", "/my/signed-out"}) {
      HttpResponse<String> page = hong.page(path);
      assertThat(page.statusCode()).as(path).isEqualTo(200);
      String csp = page.headers().firstValue("Content-Security-Policy").orElseThrow();
      assertThat(csp)
          .contains("default-src 'none'", "script-src 'self'", "frame-ancestors 'none'")
          .doesNotContain("unsafe-inline")
          .doesNotContain("unsafe-eval");
      assertThat(page.headers().firstValue("X-Frame-Options")).hasValue("DENY");
      assertThat(page.body()).doesNotContain("style=\"").doesNotContain("<script>");
    }
  }

  @Test
  void anotherCitizensConsentIsA404OnEveryPageAndEveryForm() {
    Consent hongs = requested(SampleCitizensIdentityProvider.HONG);
    CitizenBrowser kim = signedIn(SampleCitizensIdentityProvider.KIM);
    for (String page :
        new String[] {
          "/my/requests/" + hongs.id(),
          "/my/consents/" + hongs.id(),
          "/my/consents/" + hongs.id() + "/revoke",
          "/my/consents/" + hongs.id() + "/receipts/x",
          "/my/consents/" + hongs.id() + "/receipts/x/view"
        }) {
      HttpResponse<String> answer = kim.page(page);
      assertThat(answer.statusCode()).as(page).isEqualTo(404);
      assertThat(answer.body()).doesNotContain(hongs.id().toString());
    }
    for (String form :
        new String[] {
          "/my/requests/" + hongs.id() + "/reject", "/my/consents/" + hongs.id() + "/revoke"
        }) {
      assertThat(kim.form(form, "", true).statusCode()).as(form).isEqualTo(404);
    }
    assertThat(broker.find(hongs.id()).orElseThrow().status()).isEqualTo(ConsentStatus.REQUESTED);
  }

  @Test
  void aFormWithoutTheCsrfTokenChangesNothing() {
    Consent pending = requested(SampleCitizensIdentityProvider.HONG);
    CitizenBrowser hong = signedIn(SampleCitizensIdentityProvider.HONG);
    HttpResponse<String> refused = hong.form("/my/requests/" + pending.id() + "/reject", "", false);
    assertThat(refused.statusCode()).isEqualTo(403);
    assertThat(broker.find(pending.id()).orElseThrow().status()).isEqualTo(ConsentStatus.REQUESTED);
  }

  @Test
  void anApprovalWhoseTextHashIsNotTheTextShownApprovesNothing() {
    Consent pending = requested(SampleCitizensIdentityProvider.HONG);
    CitizenBrowser hong = signedIn(SampleCitizensIdentityProvider.HONG);
    String forged = "language=ko&version=" + ConsentText.VERSION + "&shown=" + "0".repeat(64);
    HttpResponse<String> answer =
        hong.form("/my/requests/" + pending.id() + "/approve", forged, true);
    assertThat(answer.statusCode()).isEqualTo(200);
    assertThat(answer.uri().getPath())
        .as("shown the request again")
        .endsWith("/my/requests/" + pending.id());
    assertThat(broker.find(pending.id()).orElseThrow().status()).isEqualTo(ConsentStatus.REQUESTED);
    assertThat(
            hong.form(
                    "/my/requests/" + pending.id() + "/approve",
                    "language=fr&version=v1&shown=" + "0".repeat(64),
                    true)
                .statusCode())
        .isEqualTo(400);
  }

  @Test
  void theHistoryDownloadsAsCsvWithItsDeliveries() {
    Consent pending = requested(SampleCitizensIdentityProvider.HONG);
    CitizenBrowser hong = signedIn(SampleCitizensIdentityProvider.HONG);
    HttpResponse<String> page = hong.page("/my/requests/" + pending.id());
    String shown = field(page.body(), "shown");
    assertThat(
            hong.form(
                    "/my/requests/" + pending.id() + "/approve",
                    "language=ko&version=" + ConsentText.VERSION + "&shown=" + shown,
                    true)
                .statusCode())
        .isEqualTo(200);
    Grant grant =
        broker.issueGrant(pending.id(), AgencyId.of("NHIS"), DpopKey.generate().thumbprint());
    broker.recordFetch(
        grant.grantId(),
        AgencyId.of("NHIS"),
        Set.of(ItemCode.of("nhis.qualification")),
        "TXN-CSV-0001",
        FetchOutcome.DELIVERED);

    HttpResponse<String> csv = hong.page("/my/history.csv");
    assertThat(csv.statusCode()).isEqualTo(200);
    assertThat(csv.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/csv");
    assertThat(csv.headers().firstValue("Content-Disposition").orElseThrow())
        .contains("attachment");
    assertThat(csv.body())
        .startsWith("kind,at,consent,provider,items,grant,transaction,outcome\n")
        .contains("\"FETCH\"")
        .contains("\"TXN-CSV-0001\"")
        .contains("\"DELIVERED\"")
        .doesNotContain("FAKE-CI");
  }

  private CitizenBrowser signedIn(String user) {
    CitizenBrowser browser = browser();
    assertThat(browser.signIn(user).statusCode()).isEqualTo(200);
    return browser;
  }

  /** The value of the hidden input {@code name} in a page. */
  private static String field(String html, String name) {
    var m =
        java.util.regex.Pattern.compile("name=\"" + name + "\" value=\"([^\"]+)\"").matcher(html);
    assertThat(m.find()).as("field " + name).isTrue();
    return m.group(1);
  }

  private Consent requested(String user) {
    return requested(user, Delivery.oneTime());
  }
}
