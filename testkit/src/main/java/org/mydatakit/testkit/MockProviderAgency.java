package org.mydatakit.testkit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Starts a {@link FakeProviderAgency} for a test class or test method, trusting the class's {@link
 * FakeBroker}; both are injected as test parameters. Repeat it for several agencies.
 *
 * <pre>{@code
 * @MockProviderAgency("NHIS")
 * @MockProviderAgency("NTS")
 * class LoanScreeningTest {
 *   @Test
 *   void fetches(FakeBroker broker, @Agency("NHIS") FakeProviderAgency nhis) { ... }
 * }
 * }</pre>
 *
 * <p>On a class, the agencies start before its first test and stop after its last, and their knobs
 * and request journals are reset after each test; on a method, they live for that method. One
 * {@link FakeBroker} serves the whole class (and its {@code @Nested} classes). A parameter of type
 * {@link FakeProviderAgency} needs {@link Agency @Agency} unless exactly one agency is declared.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@Repeatable(MockProviderAgency.List.class)
@ExtendWith(MockProviderAgencyExtension.class)
public @interface MockProviderAgency {

  /** The agency id, e.g. {@code NHIS}, {@code NTS}, {@code MOIS} or {@code SEOUL-JUNGGU}. */
  String value();

  /** Holds repeated {@link MockProviderAgency} annotations; not used directly. */
  @Documented
  @Inherited
  @Retention(RetentionPolicy.RUNTIME)
  @Target({ElementType.TYPE, ElementType.METHOD})
  @ExtendWith(MockProviderAgencyExtension.class)
  @interface List {
    /** The repeated annotations. */
    MockProviderAgency[] value();
  }
}
