package org.mydatakit.provider;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Objects;
import org.mydatakit.grant.DeliveryReceipt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gate as a Jakarta Servlet {@link Filter} in front of an agency's records endpoint: a refused
 * request is answered with its problem and never reaches the endpoint; an admitted one reaches it
 * with its {@link Admission} as a request attribute. The endpoint reads {@link
 * #admission(ServletRequest)}, writes the records (filtered by the admission's range), and names
 * how many it wrote with {@link #recordCount}; the filter then adds {@code X-Api-Tran-Id}, {@code
 * Cache-Control: no-store} and, when the gate signs receipts, the {@value DeliveryReceipt#HEADER}
 * header over the body.
 *
 * <pre>{@code
 * context.addFilter("mydata-gate", ProviderGateFilter.of(gate))
 *     .addMappingForUrlPatterns(null, false, "/mydata/v1/items/*");
 *
 * protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
 *   Admission admission = ProviderGateFilter.admission(request);
 *   List<Payment> payments = admission.filter(registry.payments(admission.grant().subject()),
 *       Payment::date);
 *   response.setContentType("application/json");
 *   response.getWriter().write(json(payments));
 *   ProviderGateFilter.recordCount(request, payments.size());
 * }
 * }</pre>
 *
 * <p>The response body is buffered (records are small) so that the receipt can cover it.
 */
public final class ProviderGateFilter implements Filter {
  private static final Logger LOG = LoggerFactory.getLogger(ProviderGateFilter.class);
  private static final String ADMISSION = ProviderGateFilter.class.getName() + ".admission";
  private static final String COUNT = ProviderGateFilter.class.getName() + ".count";

  private final ProviderGate gate;
  private final String baseUrl;

  private ProviderGateFilter(ProviderGate gate, URI baseUrl) {
    this.gate = gate;
    this.baseUrl = baseUrl == null ? null : baseUrl.toString().replaceAll("/+$", "");
  }

  /** A filter that reads each request's URL as the container reconstructs it. */
  public static ProviderGateFilter of(ProviderGate gate) {
    return new ProviderGateFilter(Objects.requireNonNull(gate, "gate"), null);
  }

  /**
   * A filter behind a proxy: {@code baseUrl} (scheme, host, port) with the request's path and query
   * is the URL the DPoP proof must name.
   */
  public static ProviderGateFilter of(ProviderGate gate, URI baseUrl) {
    return new ProviderGateFilter(
        Objects.requireNonNull(gate, "gate"), Objects.requireNonNull(baseUrl, "base url"));
  }

  /**
   * The admission of the current request.
   *
   * @throws IllegalStateException if the request did not pass this filter
   */
  public static Admission admission(ServletRequest request) {
    Object admission = request.getAttribute(ADMISSION);
    if (!(admission instanceof Admission a)) {
      throw new IllegalStateException(
          "provider gate: expected a request admitted by ProviderGateFilter");
    }
    return a;
  }

  /** Names how many records the endpoint wrote, for the delivery receipt. */
  public static void recordCount(ServletRequest request, int count) {
    if (count < 0) {
      throw new IllegalArgumentException("record count: expected >= 0, got " + count);
    }
    request.setAttribute(COUNT, count);
  }

  /** Answers {@code refusal} (for example {@link Admission#noRecord()}) on {@code response}. */
  public static void refuse(HttpServletResponse response, Refusal refusal) throws IOException {
    response.resetBuffer();
    response.setStatus(refusal.status());
    refusal.headers().forEach(response::setHeader);
    byte[] body = refusal.problem().getBytes(StandardCharsets.UTF_8);
    response.setContentLength(body.length);
    response.getOutputStream().write(body);
  }

  @Override
  public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
      throws IOException, ServletException {
    if (!(req instanceof HttpServletRequest request)
        || !(res instanceof HttpServletResponse response)) {
      throw new ServletException("provider gate: expected an http request");
    }
    ProviderGate.Decision decision = gate.admit(providerRequest(request));
    if (decision instanceof Refusal refusal) {
      refuse(response, refusal);
      LOG.info("-> {} {} (tran {})", refusal.status(), refusal.code(), tran(refusal));
      return;
    }
    Admission admission = (Admission) decision;
    request.setAttribute(ADMISSION, admission);
    Buffered buffered = new Buffered(response);
    chain.doFilter(request, buffered);
    byte[] body = buffered.body();
    if (buffered.getStatus() == 200) {
      response.setHeader("X-Api-Tran-Id", admission.transactionId());
      response.setHeader("Cache-Control", "no-store");
      if (request.getAttribute(COUNT) instanceof Integer count) {
        gate.receipt(admission, count, body)
            .ifPresent(r -> response.setHeader(DeliveryReceipt.HEADER, r));
      } else {
        LOG.warn("{}: no record count named; delivered without a receipt", admission.item());
      }
    }
    response.setContentLength(body.length);
    response.getOutputStream().write(body);
    LOG.info(
        "{} -> {} (tran {})", admission.item(), buffered.getStatus(), admission.transactionId());
  }

  private ProviderRequest providerRequest(HttpServletRequest request) {
    String query = request.getQueryString();
    String target =
        baseUrl == null ? request.getRequestURL().toString() : baseUrl + request.getRequestURI();
    ProviderRequest.Builder builder =
        ProviderRequest.builder()
            .method(request.getMethod())
            .url(URI.create(query == null ? target : target + "?" + query));
    for (String name : ProviderRequest.READ_HEADERS) {
      for (String value : Collections.list(request.getHeaders(name))) {
        builder.header(name, value);
      }
    }
    return builder.build();
  }

  private static String tran(Refusal refusal) {
    return refusal.headers().get("X-Api-Tran-Id");
  }

  /** Holds the endpoint's body until the receipt over it is signed. */
  private static final class Buffered extends HttpServletResponseWrapper {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private ServletOutputStream stream;
    private PrintWriter writer;

    Buffered(HttpServletResponse response) {
      super(response);
    }

    @Override
    public ServletOutputStream getOutputStream() {
      if (writer != null) {
        throw new IllegalStateException("getWriter() was already called");
      }
      if (stream == null) {
        stream =
            new ServletOutputStream() {
              @Override
              public void write(int b) {
                bytes.write(b);
              }

              @Override
              public void write(byte[] b, int off, int len) {
                bytes.write(b, off, len);
              }

              @Override
              public boolean isReady() {
                return true;
              }

              @Override
              public void setWriteListener(WriteListener listener) {
                throw new UnsupportedOperationException("provider gate: blocking writes only");
              }
            };
      }
      return stream;
    }

    @Override
    public PrintWriter getWriter() {
      if (stream != null) {
        throw new IllegalStateException("getOutputStream() was already called");
      }
      if (writer == null) {
        String encoding = getCharacterEncoding();
        Charset charset = encoding == null ? StandardCharsets.UTF_8 : Charset.forName(encoding);
        writer = new PrintWriter(new OutputStreamWriter(bytes, charset));
      }
      return writer;
    }

    @Override
    public void flushBuffer() {
      if (writer != null) {
        writer.flush();
      }
    }

    @Override
    public void setContentLength(int len) {
      // the filter sets the length of the buffered body
    }

    @Override
    public void setContentLengthLong(long len) {
      // the filter sets the length of the buffered body
    }

    byte[] body() {
      if (writer != null) {
        writer.flush();
      }
      return bytes.toByteArray();
    }
  }
}
