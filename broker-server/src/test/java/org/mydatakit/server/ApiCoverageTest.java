package org.mydatakit.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Every route the application's controllers map is an operation of broker-api.yaml, so that an
 * endpoint added without its contract fails here even before a test calls it.
 */
class ApiCoverageTest extends ServerTestBase {
  @Autowired
  @Qualifier("requestMappingHandlerMapping")
  RequestMappingHandlerMapping mappings;

  @Test
  void everyMappedRouteIsDocumented() {
    List<String> routes = new ArrayList<>();
    List<String> undocumented = new ArrayList<>();
    for (RequestMappingInfo info : mappings.getHandlerMethods().keySet()) {
      if (info.getPathPatternsCondition() == null) {
        continue;
      }
      for (String path : info.getPathPatternsCondition().getPatternValues()) {
        if (path.equals("/error")) {
          continue; // Spring's error dispatch, not reachable as a route (its answers are problems)
        }
        if (path.equals(CitizenPages.BASE) || path.startsWith(CitizenPages.BASE + "/")) {
          continue; // the citizen's HTML pages: a user interface, not the API (the browser tests)
        }
        for (var method : info.getMethodsCondition().getMethods()) {
          String route = method.name() + " " + path;
          routes.add(route);
          if (!ApiContract.broker()
              .document()
              .path("paths")
              .path(path)
              .has(method.name().toLowerCase(Locale.ROOT))) {
            undocumented.add(route);
          }
        }
      }
    }
    assertThat(routes).contains("POST /grants", "GET /consents/{id}", "GET /status/1");
    assertThat(undocumented).isEmpty();
  }
}
