package org.mydatakit.examples.architecture;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackages;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mydatakit.examples.architecture.MydatakitClasses.CORE;
import static org.mydatakit.examples.architecture.MydatakitClasses.MAIN;
import static org.mydatakit.examples.architecture.MydatakitClasses.MAIN_AND_EXAMPLE_TESTS;
import static org.mydatakit.examples.architecture.PublicSignatures.VISIBLE;
import static org.mydatakit.examples.architecture.PublicSignatures.notExpose;

import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;

/**
 * The package rules of the house style, checked on the compiled classes of every library module:
 * one-way packages, internals that are leaves and stay ours, and public signatures free of the
 * libraries we use inside.
 */
class PackageRulesTest {

  @Test
  void theImportHoldsEveryModuleAndNoTests() {
    assertThat(MAIN.contain("org.mydatakit.grant.GrantVerifier")).isTrue();
    assertThat(MAIN.contain("org.mydatakit.store.jdbc.JdbcConsentStore")).isTrue();
    assertThat(MAIN.contain("org.mydatakit.client.MyDataClient")).isTrue();
    assertThat(MAIN.contain("org.mydatakit.provider.ProviderGate")).isTrue();
    assertThat(MAIN.contain("org.mydatakit.testkit.SampleCitizen")).isTrue();
    assertThat(MAIN.contain("org.mydatakit.store.tck.StoreFixtures")).isTrue();
    assertThat(MAIN.contain("org.mydatakit.consent.internal.ConsentLifecycle")).isTrue();
    assertThat(MAIN.contain("org.mydatakit.examples.broker.BrokerServer")).isTrue();
    assertThat(MAIN.contain("org.mydatakit.grant.GrantFixture")).isFalse(); // core's test jar
    assertThat(MAIN.contain("org.mydatakit.examples.broker.BrokerFixture")).isFalse();
    assertThat(MAIN_AND_EXAMPLE_TESTS.contain("org.mydatakit.examples.broker.BrokerFixture"))
        .isTrue();
  }

  /**
   * (a) Packages form a one-way graph: within core (keys at the bottom, internal a leaf, …) and
   * between modules, no package depends on itself through others.
   */
  @Test
  void topLevelPackagesAreFreeOfCycles() {
    ArchRule rule =
        slices()
            .matching("org.mydatakit.(*)..")
            .namingSlices("org.mydatakit.$1")
            .should()
            .beFreeOfCycles();
    rule.check(MAIN.that(CORE));
    rule.check(MAIN);
  }

  /** (b) Core's internal package is a leaf: it imports no other mydatakit package. */
  @Test
  void coreInternalsImportNoPublicPackage() {
    noClasses()
        .that()
        .resideInAPackage("org.mydatakit.internal..")
        .should()
        .dependOnClassesThat(
            resideInAPackage("org.mydatakit..")
                .and(resideOutsideOfPackages("org.mydatakit.internal.."))
                .as("are mydatakit classes outside internal"))
        .check(MAIN);
  }

  /**
   * (b) The same for the JDBC store's internals. Not asserted for api-client and testkit, whose
   * internals implement their public interfaces and throw their public exceptions today.
   */
  @Test
  void storeInternalsImportNoPublicPackageOfTheStore() {
    noClasses()
        .that()
        .resideInAPackage("org.mydatakit.store.jdbc.internal..")
        .should()
        .dependOnClassesThat(
            resideInAPackage("org.mydatakit.store..")
                .and(resideOutsideOfPackages("org.mydatakit.store.jdbc.internal.."))
                .as("are the store's public classes"))
        .check(MAIN);
  }

  /**
   * (c) Internals are for mydatakit's own main code: used from no sample (main or test), so that
   * what an agency developer copies compiles against the public API alone.
   */
  @Test
  void internalsAreUsedOnlyByMydatakitsOwnLibraryCode() {
    classes()
        .that()
        .resideInAPackage("..internal..")
        .should()
        .onlyHaveDependentClassesThat(
            resideInAPackage("org.mydatakit..")
                .and(resideOutsideOfPackages("org.mydatakit.examples..", "org.mydatakit.demo.."))
                .as("are mydatakit's library code (no sample)"))
        .check(MAIN_AND_EXAMPLE_TESTS);
  }

  /**
   * (c) Consent's transitions are package-private; their one door, {@code consent.internal}, is for
   * the broker and the published store TCK alone. Not the consent package itself (the graph stays
   * one-way), no other module and no sample: applications change a consent only through {@code
   * ConsentBroker}.
   */
  @Test
  void consentLifecycleIsUsedOnlyByTheBrokerAndTheStoreTck() {
    classes()
        .that()
        .resideInAPackage("org.mydatakit.consent.internal..")
        .should()
        .onlyHaveDependentClassesThat(
            resideInAnyPackage(
                    "org.mydatakit.consent.internal..",
                    "org.mydatakit.broker..",
                    "org.mydatakit.store.tck..")
                .as("are the broker or the store TCK"))
        .check(MAIN_AND_EXAMPLE_TESTS);
  }

  /** (d) Core's API never shows nimbus or Jackson: both are used inside, configured once. */
  @Test
  void coreApiExposesNeitherNimbusNorJackson() {
    classes()
        .that(CORE.and(VISIBLE))
        .and()
        .resideOutsideOfPackage("org.mydatakit.internal..")
        .should(
            notExpose(
                resideInAnyPackage("com.nimbusds..", "com.fasterxml..")
                    .as("nimbus or Jackson types")))
        .check(MAIN);
  }

  /**
   * (e) Only the HTTP client and the provider kit's HTTP sources show OkHttp (their builders accept
   * the user's shared client); no other module — core, the store, the test kit, the samples — has
   * it in a signature.
   */
  @Test
  void onlyTheHttpClientsExposeOkHttp() {
    classes()
        .that(VISIBLE)
        .and()
        .resideOutsideOfPackages("org.mydatakit.client..", "org.mydatakit.provider..")
        .should(notExpose(resideInAPackage("okhttp3..").as("OkHttp types")))
        .check(MAIN);
  }

  /**
   * Internals stay inside: no public signature outside an internal package shows an internal type.
   */
  @Test
  void publicApiExposesNoInternalType() {
    classes()
        .that(VISIBLE)
        .and()
        .resideOutsideOfPackage("..internal..")
        .should(notExpose(resideInAPackage("..internal..").as("internal types")))
        .check(MAIN);
  }
}
