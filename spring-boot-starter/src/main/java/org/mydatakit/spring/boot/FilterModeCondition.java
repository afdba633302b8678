package org.mydatakit.spring.boot;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches when {@code mydatakit.provider.filter}, bound as the properties bind it (so {@code
 * spring-security}, {@code SPRING_SECURITY} and {@code spring_security} are one value), is the mode
 * of the subclass: the gate is then always in exactly one place.
 */
abstract class FilterModeCondition extends SpringBootCondition {
  private final ProviderProperties.FilterMode mode;

  FilterModeCondition(ProviderProperties.FilterMode mode) {
    this.mode = mode;
  }

  @Override
  public ConditionOutcome getMatchOutcome(
      ConditionContext context, AnnotatedTypeMetadata metadata) {
    ProviderProperties.FilterMode bound =
        Binder.get(context.getEnvironment())
            .bind("mydatakit.provider.filter", ProviderProperties.FilterMode.class)
            .orElse(ProviderProperties.FilterMode.SERVLET);
    return bound == mode
        ? ConditionOutcome.match("mydatakit.provider.filter is " + mode)
        : ConditionOutcome.noMatch("mydatakit.provider.filter is " + bound + ", not " + mode);
  }

  /** The gate as a plain Servlet filter (the default). */
  static final class Servlet extends FilterModeCondition {
    Servlet() {
      super(ProviderProperties.FilterMode.SERVLET);
    }
  }

  /** The gate in the application's Spring Security filter chain. */
  static final class SpringSecurity extends FilterModeCondition {
    SpringSecurity() {
      super(ProviderProperties.FilterMode.SPRING_SECURITY);
    }
  }
}
