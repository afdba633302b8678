package org.mydatakit.testkit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Names which {@link MockProviderAgency} a {@link FakeProviderAgency} test parameter receives.
 *
 * <pre>{@code
 * @Test
 * void fetches(@Agency("NHIS") FakeProviderAgency nhis, @Agency("NTS") FakeProviderAgency nts) {
 *   nts.serviceUnavailableStorm();
 * }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
public @interface Agency {

  /** The agency id as declared in {@link MockProviderAgency#value()}. */
  String value();
}
