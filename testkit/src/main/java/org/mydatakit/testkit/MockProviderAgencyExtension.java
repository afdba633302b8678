package org.mydatakit.testkit;

import java.lang.reflect.AnnotatedElement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;
import org.mydatakit.consent.AgencyId;

/**
 * The JUnit 5 extension behind {@link MockProviderAgency}: starts the declared agencies, injects
 * {@link FakeBroker} and {@link FakeProviderAgency} parameters, resets knobs after each test and
 * stops everything when its scope ends. Registered by the annotation; rarely used directly.
 *
 * <pre>{@code
 * @ExtendWith(MockProviderAgencyExtension.class)   // same as any @MockProviderAgency
 * }</pre>
 *
 * <p>Stateless; state lives in JUnit's extension store, so parallel test classes are isolated.
 */
public final class MockProviderAgencyExtension
    implements BeforeAllCallback, BeforeEachCallback, AfterEachCallback, ParameterResolver {
  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(MockProviderAgencyExtension.class);

  /** The agencies started for one class or method; closed by JUnit when that scope ends. */
  private static final class Started implements AutoCloseable {
    final Map<String, FakeProviderAgency> byId = new LinkedHashMap<>();

    @Override
    public void close() {
      byId.values().forEach(FakeProviderAgency::stop);
    }
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    start(context, context.getRequiredTestClass());
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    start(context, context.getRequiredTestMethod());
  }

  @Override
  public void afterEach(ExtensionContext context) {
    visible(context).forEach(FakeProviderAgency::reset);
  }

  private static void start(ExtensionContext context, AnnotatedElement element) {
    List<MockProviderAgency> declared =
        AnnotationSupport.findRepeatableAnnotations(element, MockProviderAgency.class);
    if (declared.isEmpty()) {
      return;
    }
    FakeBroker broker = broker(context);
    Started started = new Started();
    context.getStore(NAMESPACE).put(key(context), started);
    for (MockProviderAgency agency : declared) {
      started.byId.computeIfAbsent(
          agency.value(), id -> FakeProviderAgency.start(AgencyId.of(id), broker));
    }
  }

  /** One broker per test class, shared with its nested classes. */
  private static FakeBroker broker(ExtensionContext context) {
    ExtensionContext classContext =
        context.getTestMethod().isPresent() ? context.getParent().orElseThrow() : context;
    return classContext
        .getStore(NAMESPACE)
        .getOrComputeIfAbsent("broker", k -> FakeBroker.create(), FakeBroker.class);
  }

  /** The agencies a test sees: its own first, then its class's, then enclosing classes'. */
  private static List<FakeProviderAgency> visible(ExtensionContext context) {
    Map<String, FakeProviderAgency> byId = new LinkedHashMap<>();
    for (Optional<ExtensionContext> c = Optional.of(context);
        c.isPresent();
        c = c.get().getParent()) {
      Started started = c.get().getStore(NAMESPACE).get(key(c.get()), Started.class);
      if (started != null) {
        started.byId.forEach(byId::putIfAbsent);
      }
    }
    return new ArrayList<>(byId.values());
  }

  private static String key(ExtensionContext context) {
    return "agencies " + context.getUniqueId();
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    return type == FakeBroker.class || type == FakeProviderAgency.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    if (parameter.getParameter().getType() == FakeBroker.class) {
      return broker(context);
    }
    List<FakeProviderAgency> agencies = visible(context);
    Optional<Agency> named = parameter.findAnnotation(Agency.class);
    if (named.isEmpty()) {
      if (agencies.size() != 1) {
        throw new ParameterResolutionException(
            "fake provider agency: expected @Agency(\"ID\") on the parameter, "
                + agencies.size()
                + " agencies are declared");
      }
      return agencies.get(0);
    }
    return agencies.stream()
        .filter(a -> a.agencyId().value().equals(named.get().value()))
        .findFirst()
        .orElseThrow(
            () ->
                new ParameterResolutionException(
                    "fake provider agency: expected @MockProviderAgency(\""
                        + named.get().value()
                        + "\") on the test class or method"));
  }
}
