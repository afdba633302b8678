package org.mydatakit.testkit.internal;

import com.github.tomakehurst.wiremock.common.Notifier;
import com.github.tomakehurst.wiremock.standalone.MappingsSource;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import com.github.tomakehurst.wiremock.stubbing.StubMappings;
import java.util.List;

/**
 * WireMock plumbing that keeps the fake agency quiet and self-contained: a notifier that drops
 * everything (WireMock would otherwise print requests, with their grants and proofs) and a mapping
 * source that loads nothing (WireMock would otherwise load stubs from the integrator's {@code
 * src/test/resources/mappings}).
 */
public final class Quiet implements Notifier, MappingsSource {
  /** The one instance; stateless. */
  public static final Quiet INSTANCE = new Quiet();

  private Quiet() {}

  @Override
  public void info(String message) {}

  @Override
  public void error(String message) {}

  @Override
  public void error(String message, Throwable t) {}

  @Override
  public void loadMappingsInto(StubMappings stubMappings) {}

  @Override
  public void save(List<StubMapping> stubMappings) {}

  @Override
  public void save(StubMapping stubMapping) {}

  @Override
  @SuppressWarnings("removal") // required by the interface; nothing is ever saved here
  public void remove(StubMapping stubMapping) {}

  @Override
  public void removeAll() {}

  @Override
  public String toString() {
    return "Quiet";
  }
}
