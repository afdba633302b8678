package org.mydatakit.spring.boot;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import org.mydatakit.provider.Admission;
import org.mydatakit.provider.ProviderGateFilter;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.web.access.intercept.AuthorizationFilter;

/**
 * The provider gate in a Spring Security filter chain: on the gate's paths, a request without a
 * valid grant gets the gate's own problem answer (401, 403, ...) and goes no further, and an
 * admitted one carries a {@link MyDataGrantAuthentication} (the consent id, the granted items as
 * {@code MYDATA_ITEM_<code>} authorities) that the chain's authorization rules and the endpoint
 * see. Requests off those paths pass untouched.
 *
 * <p>With {@code mydatakit.provider.filter=spring-security} the starter makes one from the gate and
 * {@code mydatakit.provider.paths} (instead of registering the gate as a plain Servlet filter).
 * Being a {@code Customizer<HttpSecurity>} bean, Spring Security applies it to every chain built
 * from its {@code HttpSecurity} bean, the default chain included; applying it again by hand is
 * harmless (once per chain). The application fails to start if no chain applied it, so the paths
 * are never left open by mistake.
 *
 * <pre>{@code
 * @Bean
 * SecurityFilterChain mydata(HttpSecurity http) throws Exception {
 *   return http.securityMatcher("/mydata/v1/**")   // the gate is already in
 *       .authorizeHttpRequests(a -> a.anyRequest().hasAuthority("MYDATA_ITEM_nhis.qualification"))
 *       .build();
 * }
 * }</pre>
 *
 * <p>The gate runs before Spring Security's {@link AuthorizationFilter}. Thread-safe.
 */
public final class MyDataProviderSecurity implements Customizer<HttpSecurity> {
  private final ProviderGateFilter gate;
  private final List<String> paths;
  private final AtomicBoolean applied = new AtomicBoolean();

  private MyDataProviderSecurity(ProviderGateFilter gate, List<String> paths) {
    this.gate = gate;
    this.paths = paths;
  }

  /**
   * The gate's {@code filter} on {@code paths}, Servlet URL patterns as in {@code
   * mydatakit.provider.paths}: {@code /prefix/*}, {@code *.extension}, {@code /*} or an exact path.
   *
   * @throws IllegalArgumentException if {@code paths} is empty or holds a pattern of another form
   */
  public static MyDataProviderSecurity of(ProviderGateFilter filter, List<String> paths) {
    Objects.requireNonNull(filter, "filter");
    List<String> copy = List.copyOf(Objects.requireNonNull(paths, "paths"));
    if (copy.isEmpty()) {
      throw new IllegalArgumentException("paths: expected at least one url pattern");
    }
    for (String pattern : copy) {
      if (!pattern.startsWith("/") && !pattern.startsWith("*.")
          || pattern.indexOf('*') >= 0 && !pattern.endsWith("/*") && !pattern.startsWith("*.")
          || pattern.indexOf('*') != pattern.lastIndexOf('*')) {
        throw new IllegalArgumentException(
            "paths: expected servlet url patterns (/prefix/*, *.ext or /exact), got " + pattern);
      }
    }
    return new MyDataProviderSecurity(filter, copy);
  }

  /** Adds the gate to {@code http}, before its authorization filter; once per chain. */
  @Override
  public void customize(HttpSecurity http) {
    if (http.getSharedObject(Applied.class) != null) {
      return;
    }
    http.setSharedObject(Applied.class, new Applied());
    http.addFilterBefore(
        new GateSecurityFilter(gate, paths, SecurityContextHolder.getContextHolderStrategy()),
        AuthorizationFilter.class);
    applied.set(true);
  }

  /** The URL patterns the gate covers. */
  public List<String> paths() {
    return paths;
  }

  /** Whether a chain applied it. */
  boolean applied() {
    return applied.get();
  }

  @Override
  public String toString() {
    return "MyDataProviderSecurity" + paths;
  }

  /** Whether {@code path} (within the application) matches one of the servlet url patterns. */
  static boolean matches(List<String> patterns, String path) {
    for (String pattern : patterns) {
      if (pattern.equals("/*") || pattern.equals("/")) {
        return true;
      }
      if (pattern.endsWith("/*")) {
        String prefix = pattern.substring(0, pattern.length() - 2);
        if (path.equals(prefix) || path.startsWith(prefix + "/")) {
          return true;
        }
      } else if (pattern.startsWith("*.")) {
        int slash = path.lastIndexOf('/');
        if (path.substring(slash + 1).endsWith(pattern.substring(1))) {
          return true;
        }
      } else if (pattern.equals(path)) {
        return true;
      }
    }
    return false;
  }

  /** Marks a chain the gate is in. */
  private static final class Applied {}

  /** Runs the gate on its paths and authenticates what it admits. */
  private static final class GateSecurityFilter implements Filter {
    private final ProviderGateFilter gate;
    private final List<String> paths;
    private final SecurityContextHolderStrategy contexts;

    GateSecurityFilter(
        ProviderGateFilter gate, List<String> paths, SecurityContextHolderStrategy contexts) {
      this.gate = gate;
      this.paths = paths;
      this.contexts = contexts;
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
        throws IOException, ServletException {
      if (!(req instanceof HttpServletRequest request)
          || !matches(
              paths, request.getRequestURI().substring(request.getContextPath().length()))) {
        chain.doFilter(req, res);
        return;
      }
      gate.doFilter(
          req,
          res,
          (admitted, buffered) -> {
            Admission admission = ProviderGateFilter.admission(admitted);
            SecurityContext previous = contexts.getContext();
            SecurityContext context = contexts.createEmptyContext();
            context.setAuthentication(MyDataGrantAuthentication.of(admission));
            contexts.setContext(context);
            try {
              chain.doFilter(admitted, buffered);
            } finally {
              contexts.setContext(previous);
            }
          });
    }

    @Override
    public String toString() {
      return "MyDataProviderGate" + paths;
    }
  }
}
