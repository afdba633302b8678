package org.mydatakit.client;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.mydatakit.events.PushAnswer;

/**
 * A {@link ConsumerEventReceiver} as a Jakarta Servlet: the endpoint the broker pushes consent
 * events to (RFC 8935). Every method reaches it; only {@code POST} with {@code Content-Type:
 * application/secevent+jwt} is received, the rest answered {@code 405} or {@code 400}.
 *
 * <pre>{@code
 * context.addServlet(new ServletHolder(ConsumerEventServlet.of(events)), "/mydata/consumer-events");
 * }</pre>
 *
 * <p>The endpoint authenticates the broker by the SET's signature: it needs no session, cookie or
 * CSRF token (exempt it from those in a framework that adds them). Thread-safe.
 */
public final class ConsumerEventServlet extends HttpServlet {
  private final transient ConsumerEventReceiver receiver;

  private ConsumerEventServlet(ConsumerEventReceiver receiver) {
    this.receiver = receiver;
  }

  /** A servlet in front of {@code receiver}. */
  public static ConsumerEventServlet of(ConsumerEventReceiver receiver) {
    return new ConsumerEventServlet(Objects.requireNonNull(receiver, "receiver"));
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
    return "ConsumerEventServlet[" + receiver + "]";
  }
}
