package org.mydatakit.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.net.ConnectException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/** Runs fixture classes through the JUnit launcher to watch the extension's lifecycle. */
class ExtensionLifecycleTest {
  static final List<FakeProviderAgency> seen = new CopyOnWriteArrayList<>();

  /** Not run by the build itself (a static nested class); run by the tests below. */
  @MockProviderAgency("NHIS")
  static class OneAgency {
    @Test
    void first(FakeProviderAgency nhis) {
      seen.add(nhis);
    }

    @Test
    void second(FakeProviderAgency nhis) {
      seen.add(nhis);
    }
  }

  /** Asks for an agency it did not declare. */
  @MockProviderAgency("NHIS")
  static class UndeclaredAgency {
    @Test
    void wantsNts(@Agency("NTS") FakeProviderAgency nts) {}
  }

  private static TestExecutionSummary run(Class<?> fixture) {
    SummaryGeneratingListener listener = new SummaryGeneratingListener();
    LauncherFactory.create()
        .execute(
            LauncherDiscoveryRequestBuilder.request().selectors(selectClass(fixture)).build(),
            listener);
    return listener.getSummary();
  }

  @Test
  void classAgenciesServeEveryTestAndStopAfterTheClass() {
    seen.clear();
    TestExecutionSummary summary = run(OneAgency.class);

    assertThat(summary.getTestsSucceededCount()).isEqualTo(2);
    assertThat(seen).hasSize(2);
    assertThat(seen.get(0)).isSameAs(seen.get(1));
    assertThatThrownBy(
            () ->
                Http.send(
                    Http.request(
                        seen.get(0).itemUrl(Fixtures.QUALIFICATION), null, null, Http.tranId())))
        .isInstanceOf(ConnectException.class);
  }

  @Test
  void anUndeclaredAgencyFailsWithAClearMessage() {
    TestExecutionSummary summary = run(UndeclaredAgency.class);

    assertThat(summary.getTestsFailedCount()).isEqualTo(1);
    assertThat(summary.getFailures().get(0).getException())
        .hasMessageContaining("expected @MockProviderAgency(\"NTS\")");
  }
}
