package org.mydatakit.provider;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.mydatakit.events.PushAnswer;

/**
 * A {@link ConsentEventReceiver} as a Jakarta Servlet: the endpoint the broker pushes consent
 * events to (RFC 8935). Every method reaches it; only {@code POST} with {@code Content-Type:
 * application/secevent+jwt} is received, the rest answered {@code 405} or {@code 400}.
 *
 * <pre>{@code
 * context.addServlet(new ServletHolder(ConsentEventServlet.of(events)), "/mydata/events");
 * }</pre>
 *
 * <p>The endpoint authenticates the broker by the SET's signature: it needs no session, cookie or
 * CSRF token (exempt it from those in a framework that adds them). Thread-safe.
 */
public final class ConsentEventServlet extends HttpServlet {
  private final transient ConsentEventReceiver receiver;

  private ConsentEventServlet(ConsentEventReceiver receiver) {
    this.receiver = receiver;
  }

  /** A servlet in front of {@code receiver}. */
  public static ConsentEventServlet of(ConsentEventReceiver receiver) {
    return new ConsentEventServlet(Objects.requireNonNull(receiver, "receiver"));
  }

  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    answer(
        response,
        receiver.receive(request.getMethod(), request.getContentType(), request.getInputStream()));
  }

  /** Writes {@code answer} on {@code response}. */
  private static void answer(HttpServletResponse response, PushAnswer answer) throws IOException {
    response.setStatus(answer.status());
    answer.headers().forEach(response::setHeader);
    byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
    response.setContentLength(body.length);
    response.getOutputStream().write(body);
  }

  @Override
  public String toString() {
    return "ConsentEventServlet[" + receiver + "]";
  }
}
