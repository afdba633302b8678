package org.mydatakit.examples.architecture;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;

/**
 * The classes the package rules judge, imported once from this module's test class path, which
 * holds every library module (core, consent-store, provider, api-client, testkit) and the examples.
 */
final class MydatakitClasses {
  static {
    // ArchUnit's debug lines name every class file it reads; they are not mydatakit's to guard
    ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("com.tngtech.archunit"))
        .setLevel(ch.qos.logback.classic.Level.INFO);
  }

  /** Main code, plus the examples' own tests: a sample's test is sample code too. */
  static final JavaClasses MAIN_AND_EXAMPLE_TESTS =
      new ClassFileImporter()
          .withImportOption(
              location ->
                  isMainCode(location) || location.contains("/examples/target/test-classes/"))
          .importPackages("org.mydatakit");

  /** Main code only: no test classes, not core's test jar (its tests may use what they test). */
  static final JavaClasses MAIN =
      MAIN_AND_EXAMPLE_TESTS.that(
          DescribedPredicate.describe(
              "main code",
              c -> c.getSource().map(s -> isMainCode(Location.of(s.getUri()))).orElse(false)));

  /** The package roots of the modules other than core; everything else under the base is core. */
  private static final String[] OTHER_MODULES = {
    "org.mydatakit.store..",
    "org.mydatakit.client..",
    "org.mydatakit.provider..",
    "org.mydatakit.testkit..",
    "org.mydatakit.examples..",
    "org.mydatakit.demo..",
    "org.mydatakit.cli..",
    "org.mydatakit.benchmarks.."
  };

  /** The classes of mydatakit-core. */
  static final DescribedPredicate<JavaClass> CORE =
      JavaClass.Predicates.resideInAPackage("org.mydatakit..")
          .and(JavaClass.Predicates.resideOutsideOfPackages(OTHER_MODULES))
          .as("are classes of mydatakit-core");

  private MydatakitClasses() {}

  private static boolean isMainCode(Location location) {
    return ImportOption.Predefined.DO_NOT_INCLUDE_TESTS.includes(location)
        && !location.contains("-tests.jar");
  }
}
