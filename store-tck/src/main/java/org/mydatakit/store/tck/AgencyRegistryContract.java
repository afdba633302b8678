package org.mydatakit.store.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mydatakit.broker.Agency;
import org.mydatakit.broker.AgencyExistsException;
import org.mydatakit.broker.AgencyNotFoundException;
import org.mydatakit.broker.AgencyRegistry;
import org.mydatakit.consent.AgencyId;
import org.mydatakit.consent.ItemCode;
import org.mydatakit.keys.SigningAlgorithm;
import org.mydatakit.keys.SigningKeySet;
import org.mydatakit.keys.VerificationKeySet;

/**
 * The contract every {@link AgencyRegistry} must keep, as a JUnit 5 test class to extend: every
 * value read back as written, no silent replacement (of concurrent registrations of one id exactly
 * one wins), updates and status changes only of registered agencies, id order. A registry's test is
 * a few lines:
 *
 * <pre>{@code
 * class MyRegistryTest extends AgencyRegistryContract {
 *   @Override
 *   protected AgencyRegistry createRegistry() {
 *     return new MyRegistry(freshDatabase()); // new and empty for every test
 *   }
 * }
 * }</pre>
 *
 * <p>Each test gets a fresh, empty registry from {@link #createRegistry()}, and {@link
 * #disposeRegistry(AgencyRegistry)} after it; a {@code createRegistry} that throws a JUnit
 * assumption failure skips the test. One test runs eight threads at once: the registry must be
 * thread-safe, as the SPI requires.
 */
public abstract class AgencyRegistryContract {
  private static final AgencyId NHIS = AgencyId.of("NHIS");
  private static final AgencyId KB_BANK = AgencyId.of("KB-BANK");
  private static final VerificationKeySet KEYS =
      SigningKeySet.generate(SigningAlgorithm.ES256).verificationKeys();

  /** The registry under test: a fresh one for each test, set before the test runs. */
  protected AgencyRegistry registry;

  private ExecutorService pool;

  /** For subclasses. */
  protected AgencyRegistryContract() {}

  /**
   * A new, empty registry for one test.
   *
   * @return the registry under test
   */
  protected abstract AgencyRegistry createRegistry();

  /**
   * Releases what {@link #createRegistry()} opened (a pool, a schema); by default nothing.
   *
   * @param registry the registry {@link #createRegistry()} returned for the test that just ended
   * @throws Exception anything closing it threw; the test then fails
   */
  protected void disposeRegistry(AgencyRegistry registry) throws Exception {}

  /** Creates the registry and the threads of the race test; JUnit calls it before each test. */
  @BeforeEach
  protected final void setUpRegistry() {
    pool = Executors.newFixedThreadPool(8);
    registry = createRegistry();
  }

  /**
   * Stops the threads and disposes of the registry; JUnit calls it after each test.
   *
   * @throws Exception what {@link #disposeRegistry(AgencyRegistry)} threw
   */
  @AfterEach
  protected final void tearDownRegistry() throws Exception {
    pool.shutdownNow();
    assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    if (registry != null) {
      disposeRegistry(registry);
    }
  }

  /** A provider with every value set, its keys at a URI. */
  private static Agency nhis() {
    return Agency.builder(NHIS)
        .name("국민건강보험공단 (National Health Insurance Service)")
        .role(Agency.Role.PROVIDER)
        .role(Agency.Role.CONSUMER)
        .jwksUri(URI.create("https://api.nhis.example/.well-known/jwks.json"))
        .allowedItem(ItemCode.of("nhis.qualification"))
        .allowedItem(ItemCode.of("nhis.checkup"))
        .purpose("loan-screening")
        .purpose("insurance.claim")
        .eventEndpoint(URI.create("http://127.0.0.1:8443/events"))
        .build();
  }

  /** A consumer with its keys inline and no items, purposes or event endpoint. */
  private static Agency kbBank() {
    return Agency.builder(KB_BANK).name("KB Bank").role(Agency.Role.CONSUMER).jwks(KEYS).build();
  }

  @Test
  public void registeredAgencyIsFoundWithEveryValue() {
    registry.register(nhis());
    registry.register(kbBank());
    Agency found = registry.find(NHIS).orElseThrow();
    assertThat(found).isEqualTo(nhis());
    assertThat(found.name()).isEqualTo(nhis().name());
    assertThat(found.roles()).containsExactlyInAnyOrder(Agency.Role.PROVIDER, Agency.Role.CONSUMER);
    assertThat(found.jwksUri())
        .contains(URI.create("https://api.nhis.example/.well-known/jwks.json"));
    assertThat(found.jwks()).isEmpty();
    assertThat(found.allowedItems())
        .containsExactly(ItemCode.of("nhis.checkup"), ItemCode.of("nhis.qualification"));
    assertThat(found.purposes()).containsExactly("insurance.claim", "loan-screening");
    assertThat(found.eventEndpoint()).contains(URI.create("http://127.0.0.1:8443/events"));
    assertThat(found.status()).isEqualTo(Agency.Status.ACTIVE);

    Agency bank = registry.find(KB_BANK).orElseThrow();
    assertThat(bank).isEqualTo(kbBank());
    assertThat(bank.jwksUri()).isEmpty();
    assertThat(bank.jwks().orElseThrow().toJson()).isEqualTo(KEYS.toJson());
    assertThat(bank.jwks().orElseThrow().keyIds()).isEqualTo(KEYS.keyIds());
    assertThat(bank.allowedItems()).isEmpty();
    assertThat(bank.purposes()).isEmpty();
    assertThat(bank.eventEndpoint()).isEmpty();
  }

  @Test
  public void unknownIdIsNotFound() {
    assertThat(registry.find(NHIS)).isEmpty();
    assertThat(registry.list()).isEmpty();
  }

  @Test
  public void duplicateRegistrationIsRefusedAndChangesNothing() {
    registry.register(nhis());
    Agency other = nhis().newBuilder().name("Someone else").jwksUri(null).jwks(KEYS).build();
    assertThatThrownBy(() -> registry.register(other))
        .isInstanceOf(AgencyExistsException.class)
        .hasMessageContaining("already registered")
        .satisfies(e -> assertThat(((AgencyExistsException) e).agencyId()).isEqualTo(NHIS));
    assertThat(registry.find(NHIS)).contains(nhis());
    assertThat(registry.list()).containsExactly(nhis());
  }

  @Test
  public void ofConcurrentRegistrationsOfOneIdExactlyOneWins() throws Exception {
    CountDownLatch start = new CountDownLatch(1);
    List<Future<String>> results = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      Agency candidate = kbBank().newBuilder().name("KB Bank " + i).build();
      Callable<String> register =
          () -> {
            start.await();
            registry.register(candidate);
            return candidate.name();
          };
      results.add(pool.submit(register));
    }
    start.countDown();
    List<String> winners = new ArrayList<>();
    int refused = 0;
    for (Future<String> result : results) {
      try {
        winners.add(result.get(30, TimeUnit.SECONDS));
      } catch (ExecutionException e) {
        assertThat(e.getCause()).isInstanceOf(AgencyExistsException.class);
        refused++;
      }
    }
    assertThat(winners).hasSize(1);
    assertThat(refused).isEqualTo(7);
    assertThat(registry.find(KB_BANK).orElseThrow().name()).isEqualTo(winners.get(0));
    assertThat(registry.list()).hasSize(1);
  }

  @Test
  public void updateReplacesEveryValue() {
    registry.register(nhis());
    Agency changed =
        nhis()
            .newBuilder()
            .name("NHIS")
            .roles(Set.of(Agency.Role.PROVIDER))
            .jwksUri(null)
            .jwks(KEYS)
            .allowedItems(Set.of(ItemCode.of("nhis.premium")))
            .purposes(Set.of())
            .eventEndpoint(null)
            .status(Agency.Status.SUSPENDED)
            .build();
    registry.update(changed);
    assertThat(registry.find(NHIS)).contains(changed);
  }

  @Test
  public void updateOfAnUnknownAgencyIsNotFoundAndRegistersNothing() {
    assertThatThrownBy(() -> registry.update(nhis()))
        .isInstanceOf(AgencyNotFoundException.class)
        .satisfies(e -> assertThat(((AgencyNotFoundException) e).agencyId()).isEqualTo(NHIS));
    assertThat(registry.find(NHIS)).isEmpty();
  }

  @Test
  public void suspendAndResume() {
    registry.register(nhis());
    Agency suspended = registry.setStatus(NHIS, Agency.Status.SUSPENDED);
    assertThat(suspended).isEqualTo(nhis().withStatus(Agency.Status.SUSPENDED));
    assertThat(registry.find(NHIS)).contains(suspended);
    assertThat(registry.setStatus(NHIS, Agency.Status.SUSPENDED)).isEqualTo(suspended);
    Agency resumed = registry.setStatus(NHIS, Agency.Status.ACTIVE);
    assertThat(resumed).isEqualTo(nhis());
    assertThat(registry.find(NHIS)).contains(nhis());
  }

  @Test
  public void statusOfAnUnknownAgencyIsNotFound() {
    registry.register(kbBank());
    assertThatThrownBy(() -> registry.setStatus(NHIS, Agency.Status.SUSPENDED))
        .isInstanceOf(AgencyNotFoundException.class)
        .hasMessageContaining("no such agency");
    assertThat(registry.list()).containsExactly(kbBank());
  }

  @Test
  public void listIsInIdOrder() {
    for (String id : List.of("nts", "NHIS", "KB-BANK", "a.1", "Z_9", "0-first")) {
      registry.register(
          Agency.builder(AgencyId.of(id)).name(id).role(Agency.Role.CONSUMER).jwks(KEYS).build());
    }
    assertThat(registry.list().stream().map(a -> a.id().value()))
        .containsExactly("0-first", "KB-BANK", "NHIS", "Z_9", "a.1", "nts");
  }

  @Test
  public void badValuesAreRefusedWhenBuiltNamingWhatWasExpected() {
    refused(kbBank().newBuilder().name(""), "agency name: expected 1 to 100 characters");
    refused(kbBank().newBuilder().name(" "), "agency name: expected 1 to 100 characters");
    refused(kbBank().newBuilder().name("x".repeat(101)), "got 101 characters");
    refused(kbBank().newBuilder().name("KB\nBank"), "expected no control characters");
    refused(
        kbBank().newBuilder().roles(Set.of()),
        "agency roles: expected at least one of CONSUMER, PROVIDER");
    refused(
        kbBank().newBuilder().jwksUri(URI.create("https://kb.example/jwks.json")),
        "expected exactly one of a jwks uri or an inline jwks, got both");
    refused(
        kbBank().newBuilder().jwks(null), "expected exactly one of a jwks uri or an inline jwks");
    refused(
        kbBank().newBuilder().jwks(null).jwksUri(URI.create("http://kb.example/jwks.json")),
        "jwks uri: expected an https uri (or http to localhost, 127.0.0.0/8 or ::1)");
    refused(
        kbBank().newBuilder().eventEndpoint(URI.create("http://10.0.0.8/events")),
        "event endpoint: expected an https uri");
    refused(
        kbBank().newBuilder().eventEndpoint(URI.create("ftp://kb.example/events")),
        "event endpoint: expected an https uri");
    refused(kbBank().newBuilder().purpose("loan screening"), "purpose code: expected 1 to 64");
    assertThat(
            kbBank()
                .newBuilder()
                .jwks(null)
                .jwksUri(URI.create("http://localhost:8080/jwks.json"))
                .build()
                .jwksUri())
        .isPresent();
  }

  @Test
  public void privateKeyMaterialIsNeverAcceptedAsAnAgencysKeys() {
    String privateJwks = SigningKeySet.generate(SigningAlgorithm.ES256).exportPrivateJwks();
    assertThatThrownBy(() -> VerificationKeySet.parse(privateJwks))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("expected a public key, got private key material")
        .hasMessageNotContaining(privateScalar(privateJwks));
  }

  @Test
  public void toStringShowsTheIdRolesAndStatusOnly() {
    assertThat(nhis().toString())
        .contains("NHIS", "PROVIDER", "ACTIVE")
        .doesNotContain("Health", "nhis.example", "nhis.qualification", "loan-screening");
  }

  private static String privateScalar(String jwks) {
    java.util.regex.Matcher d =
        java.util.regex.Pattern.compile("\"d\"\\s*:\\s*\"([^\"]+)\"").matcher(jwks);
    assertThat(d.find()).isTrue();
    return d.group(1);
  }

  private static void refused(Agency.Builder builder, String expected) {
    assertThatThrownBy(builder::build)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(expected);
  }
}
