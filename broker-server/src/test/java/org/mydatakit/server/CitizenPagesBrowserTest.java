package org.mydatakit.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.deque.html.axecore.results.Results;
import com.deque.html.axecore.results.Rule;
import com.deque.html.axecore.selenium.AxeBuilder;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mydatakit.broker.FetchOutcome;
import org.mydatakit.consent.AgencyId;
import org.mydatakit.consent.AuthenticationEvidence;
import org.mydatakit.consent.Consent;
import org.mydatakit.consent.ConsentStateException;
import org.mydatakit.consent.ConsentStatus;
import org.mydatakit.consent.Delivery;
import org.mydatakit.consent.ItemCode;
import org.mydatakit.consent.Schedule;
import org.mydatakit.grant.DpopKey;
import org.mydatakit.grant.Grant;
import org.mydatakit.sampleidp.SampleCitizensIdentityProvider;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The citizen's pages in a real browser (Debian's chromium, headless, driven by chromedriver): she
 * signs in at the OpenID provider's form, approves a pending request, sees a consumer's fetch as a
 * delivery, revokes — and the consumer gets no grant after; keyboard alone does the same; axe-core
 * finds no serious or critical violation on any page; every page fits 360 px. Screenshots go to
 * {@code target/screenshots/}. Skipped, with a message, when {@code MYDATA_TEST_CHROMIUM} is unset;
 * {@code .ci/run} installs the browser and sets it.
 */
class CitizenPagesBrowserTest extends ServerTestBase {
  static final String CHROMIUM_ENV = "MYDATA_TEST_CHROMIUM";
  static final Path SCREENSHOTS = Path.of("target", "screenshots");
  static WebDriver browser;
  static Path profile;

  @BeforeAll
  static void startBrowser() throws IOException {
    String chromium = System.getenv(CHROMIUM_ENV);
    if (chromium == null || chromium.isBlank()) {
      return; // each test is skipped, with the message, in signedOut()
    }
    String driver =
        System.getenv().getOrDefault("MYDATA_TEST_CHROMEDRIVER", "/usr/bin/chromedriver");
    profile = Files.createTempDirectory("mydatakit-chromium");
    ChromeOptions options = new ChromeOptions();
    options.setBinary(chromium);
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        "--user-data-dir=" + profile,
        "--window-size=1280,900");
    ChromeDriverService service =
        new ChromeDriverService.Builder().usingDriverExecutable(new File(driver)).build();
    browser = new ChromeDriver(service, options);
    browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
    Files.createDirectories(SCREENSHOTS);
  }

  @AfterAll
  static void stopBrowser() {
    if (browser != null) {
      browser.quit();
    }
  }

  @BeforeEach
  void signedOut() {
    assumeTrue(
        browser != null,
        "browser test skipped: set "
            + CHROMIUM_ENV
            + " to Debian's chromium (apt-get install chromium chromium-driver); .ci/run sets it");
    forgetSessions();
  }

  @Test
  void sheSignsInApprovesSeesADeliveryRevokesAndTheConsumerGetsNothingAfter() throws Exception {
    Consent pending = requested(SampleCitizensIdentityProvider.HONG);
    signIn(SampleCitizensIdentityProvider.HONG);
    checkPage("home");

    browser.findElement(By.cssSelector("a[href$='/my/requests/" + pending.id() + "']")).click();
    waitFor("/my/requests/" + pending.id());
    String shown =
        (String)
            ((JavascriptExecutor) browser)
                .executeScript("return document.getElementById('consent-text').textContent");
    assertThat(shown).contains("대출 심사").contains("건강보험 자격 득실 확인서").contains("보유 기간: 1년");
    checkPage("request");
    browser.findElement(By.id("approve")).click();

    waitFor("/my/consents/" + pending.id());
    Consent active = broker.find(pending.id()).orElseThrow();
    assertThat(active.status()).isEqualTo(ConsentStatus.ACTIVE);
    AuthenticationEvidence evidence = active.evidence().orElseThrow();
    assertThat(evidence.consentTextSha256())
        .as("the evidence is the hash of exactly the text on the page")
        .isEqualTo(AuthenticationEvidence.sha256Hex(shown));
    assertThat(evidence.channel()).isEqualTo("broker-web");
    assertThat(evidence.textLanguage()).isEqualTo("ko");
    assertThat(evidence.textVersion()).isEqualTo(ConsentText.VERSION);
    // the signed receipt names them too
    String receipt = broker.receipts(active.id()).get(0).token();
    String claims =
        new String(
            java.util.Base64.getUrlDecoder().decode(receipt.split("\\.")[1]),
            java.nio.charset.StandardCharsets.UTF_8);
    assertThat(claims)
        .contains("\"language\":\"ko\"")
        .contains("\"templateVersion\":\"" + ConsentText.VERSION + "\"")
        .contains(evidence.consentTextSha256());

    // her receipt, readable, and the text's language and version named in it
    browser.findElement(By.cssSelector("a[href*='/receipts/'][href$='/view']")).click();
    waitFor("/view");
    assertThat(browser.findElement(By.id("receipt")).getText())
        .contains(evidence.consentTextSha256())
        .contains(ConsentText.VERSION);
    checkPage("receipt");
    browser.get(base() + "/my/consents/" + pending.id());

    // a consumer's fetch shows up as a delivery
    Grant grant =
        broker.issueGrant(active.id(), AgencyId.of("NHIS"), DpopKey.generate().thumbprint());
    broker.recordFetch(
        grant.grantId(),
        AgencyId.of("NHIS"),
        Set.of(ItemCode.of("nhis.qualification")),
        "TXN-BROWSER-0001",
        FetchOutcome.DELIVERED);
    browser.navigate().refresh();
    assertThat(browser.findElement(By.id("deliveries")).getText()).contains("TXN-BROWSER-0001");
    checkPage("consent");

    browser.findElement(By.id("revoke")).click();
    waitFor("/revoke");
    checkPage("confirm");
    browser.findElement(By.id("confirm")).click();
    waitFor("/my/consents/" + pending.id());
    new WebDriverWait(browser, Duration.ofSeconds(10))
        .until(d -> d.findElement(By.id("consent-status")).getText().equals("철회됨"));
    assertThat(broker.find(pending.id()).orElseThrow().status()).isEqualTo(ConsentStatus.REVOKED);
    assertThatThrownBy(
            () ->
                broker.issueGrant(
                    active.id(), AgencyId.of("NHIS"), DpopKey.generate().thumbprint()))
        .isInstanceOf(ConsentStateException.class);

    browser.findElement(By.cssSelector("a[href$='/my/history']")).click();
    waitFor("/my/history");
    assertThat(browser.findElement(By.id("history")).getText()).contains("NHIS");
    checkPage("history");

    browser.get(base() + "/my?lang=en");
    assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("My MyData");
    assertThat(browser.findElement(By.tagName("html")).getAttribute("lang")).isEqualTo("en");
    checkPage("home-en");
    browser.get(base() + "/my?lang=ko");
  }

  @Test
  void theWholeApproveAndRevokeFlowByKeyboardAlone() {
    Consent pending = requested(SampleCitizensIdentityProvider.HONG);
    signIn(SampleCitizensIdentityProvider.HONG);

    tabTo("a[href$='/my/requests/" + pending.id() + "']");
    press(Keys.ENTER);
    tabTo("#approve");
    press(Keys.ENTER);
    waitFor("/my/consents/" + pending.id());
    assertThat(broker.find(pending.id()).orElseThrow().status()).isEqualTo(ConsentStatus.ACTIVE);

    tabTo("#revoke");
    press(Keys.ENTER);
    tabTo("#confirm");
    press(Keys.ENTER);
    waitFor("/my/consents/" + pending.id());
    assertThat(broker.find(pending.id()).orElseThrow().status()).isEqualTo(ConsentStatus.REVOKED);
  }

  @Test
  void anotherCitizenSeesTheErrorPageForHerConsent() throws IOException {
    Consent hongs = requested(SampleCitizensIdentityProvider.HONG);
    signIn(SampleCitizensIdentityProvider.KIM);
    browser.get(base() + "/my/consents/" + hongs.id());
    assertThat(browser.findElement(By.tagName("h1")).getText()).contains("찾을 수 없거나");
    assertThat(browser.getPageSource()).doesNotContain(hongs.id().toString());
    checkPage("error");
    browser.get(base() + "/my");
    assertThat(browser.getPageSource()).doesNotContain(hongs.id().toString());
  }

  @Test
  void everyEntryVerifiesInTheBrowserAndATamperedProofDoesNot() throws Exception {
    Consent pending = requested(SampleCitizensIdentityProvider.HONG);
    signIn(SampleCitizensIdentityProvider.HONG);
    browser.get(base() + "/my/requests/" + pending.id());
    browser.findElement(By.id("approve")).click();
    waitFor("/my/consents/" + pending.id());
    // the witness cosigns the current checkpoint, as it would on its own schedule
    String note = broker.checkpoint();
    String line =
        org.mydatakit.log.Witness.of(WITNESS, broker.logKey(), ORIGIN, null)
            .cosign(note, List.of());
    long size =
        org.mydatakit.log.Checkpoint.parse(
                org.mydatakit.log.SignedNote.open(note, List.of(broker.logKey())).text())
            .size();
    broker.addCosignature(size, line);

    browser.findElement(By.cssSelector("a[href$='/my/verify']")).click();
    waitFor("/my/verify");
    browser.findElement(By.id("verify-all")).click();
    WebElement status = browser.findElement(By.id("verify-status"));
    new WebDriverWait(browser, Duration.ofSeconds(20)).until(d -> !status.getText().isBlank());
    List<WebElement> entries = browser.findElements(By.cssSelector("#entries li"));
    assertThat(entries).as(status.getText()).isNotEmpty();
    assertThat(browser.findElements(By.cssSelector("#entries li.refused"))).isEmpty();
    assertThat(browser.findElements(By.cssSelector("#entries li.verified")))
        .hasSize(entries.size());
    assertThat(status.getText()).startsWith(entries.size() + " / " + entries.size());
    assertThat(entries.get(entries.size() - 1).getText()).contains("1/1");
    checkPage("verify");

    // the same proof with one byte of the entry changed: refused
    String proof = broker.logProofs(pending.id()).get(0);
    String extra = proof.lines().filter(l -> l.startsWith("extra ")).findFirst().orElseThrow();
    byte[] bytes = java.util.Base64.getDecoder().decode(extra.substring(6));
    bytes[bytes.length - 2] ^= 1;
    String tampered =
        proof.replace(extra, "extra " + java.util.Base64.getEncoder().encodeToString(bytes));
    paste(proof);
    assertThat(pastedResult().getAttribute("class")).isEqualTo("verified");
    paste(tampered);
    assertThat(pastedResult().getAttribute("class")).isEqualTo("refused");
    assertThat(pastedResult().getText()).startsWith("\u2717");
  }

  private void paste(String proof) {
    WebElement area = browser.findElement(By.id("pasted"));
    ((JavascriptExecutor) browser).executeScript("arguments[0].value = arguments[1];", area, proof);
    browser.findElement(By.id("verify-pasted")).click();
    new WebDriverWait(browser, Duration.ofSeconds(10))
        .until(d -> !d.findElements(By.cssSelector("#pasted-result li")).isEmpty());
  }

  private WebElement pastedResult() {
    return browser.findElement(By.cssSelector("#pasted-result li"));
  }

  // --- the browser

  private void signIn(String user) {
    browser.get(base() + "/my");
    new WebDriverWait(browser, Duration.ofSeconds(10))
        .until(d -> d.getCurrentUrl().contains("/login"));
    browser.findElement(By.name("username")).sendKeys(user);
    browser.findElement(By.name("password")).sendKeys(SampleCitizensIdentityProvider.PASSWORD);
    browser.findElement(By.cssSelector("button[type=submit], input[type=submit]")).click();
    waitFor("/my");
  }

  private void waitFor(String pathEnd) {
    new WebDriverWait(browser, Duration.ofSeconds(10))
        .until(d -> d.getCurrentUrl().replaceAll("[?#].*$", "").endsWith(pathEnd));
  }

  /** Cookies of both hosts (the broker on 127.0.0.1, the provider on localhost) are dropped. */
  private void forgetSessions() {
    browser.get(base() + "/my/static/site.css");
    browser.manage().deleteAllCookies();
    browser.get(SampleCitizensIdentityProvider.issuer() + "/.well-known/openid-configuration");
    browser.manage().deleteAllCookies();
  }

  /** Tabs from the top of the page until {@code css} has the focus; fails after 40 tabs. */
  private void tabTo(String css) {
    WebElement target = browser.findElement(By.cssSelector(css));
    ((JavascriptExecutor) browser).executeScript("document.activeElement.blur(); window.focus();");
    for (int i = 0; i < 40; i++) {
      press(Keys.TAB);
      if (browser.switchTo().activeElement().equals(target)) {
        return;
      }
    }
    throw new AssertionError("40 tabs did not reach " + css);
  }

  private void press(CharSequence key) {
    new Actions(browser).sendKeys(key).perform();
  }

  /**
   * The page as a citizen may meet it: no serious or critical axe-core violation, readable at 360
   * px without scrolling sideways, and a screenshot of each width.
   */
  private void checkPage(String name) throws IOException {
    Results axe = new AxeBuilder().analyze(browser);
    List<String> serious =
        axe.getViolations().stream()
            .filter(r -> "serious".equals(r.getImpact()) || "critical".equals(r.getImpact()))
            .map(Rule::getId)
            .toList();
    assertThat(serious).as("axe-core on " + name).isEmpty();
    screenshot(name);
    Dimension wide = browser.manage().window().getSize();
    browser.manage().window().setSize(new Dimension(360, 800));
    try {
      Long overflow =
          (Long)
              ((JavascriptExecutor) browser)
                  .executeScript(
                      "return document.documentElement.scrollWidth - window.innerWidth;");
      assertThat(overflow).as(name + " at 360 px scrolls sideways by").isLessThanOrEqualTo(0L);
      screenshot(name + "-360");
    } finally {
      browser.manage().window().setSize(wide);
    }
  }

  private void screenshot(String name) throws IOException {
    File shot = ((ChromeDriver) browser).getScreenshotAs(OutputType.FILE);
    Files.copy(
        shot.toPath(), SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
  }

  private String base() {
    return "http://127.0.0.1:" + port;
  }

  /** A monthly consent KB-BANK requested for {@code user}, waiting for her decision. */
  private Consent requested(String user) {
    return requested(user, Delivery.periodic(Schedule.every(1, Schedule.Unit.MONTHS), 4));
  }
}
