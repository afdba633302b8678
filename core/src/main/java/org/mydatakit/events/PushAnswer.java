package org.mydatakit.events;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.Optional;
import org.mydatakit.internal.StrictJson;

/**
 * A push receiver's answer to one SET (RFC 8935): {@code 202} when it is acknowledged; {@code 400}
 * with {@code {"err": code, "description": text}} when it is refused; {@code 405} for a method
 * other than {@code POST}; {@code 503} when the receiver could not handle it now (the broker sends
 * it again later). The description is a fixed text: never the token, a subject or a key.
 *
 * <pre>{@code
 * PushAnswer answer = receiver.receive("application/secevent+jwt", body);
 * response.setStatus(answer.status());
 * answer.headers().forEach(response::setHeader);
 * response.getWriter().write(answer.body());
 * }</pre>
 *
 * <p>Immutable; {@link #toString()} shows the status and the error code.
 */
public final class PushAnswer {
  private static final PushAnswer ACCEPTED = new PushAnswer(202, null, Map.of(), "");
  private static final PushAnswer NOT_ALLOWED =
      new PushAnswer(405, null, Map.of("Allow", "POST"), "");
  private static final PushAnswer UNAVAILABLE =
      new PushAnswer(503, null, Map.of("Cache-Control", "no-store"), "");

  private final int status;
  private final InvalidSecurityEventException.Code error;
  private final Map<String, String> headers;
  private final String body;

  private PushAnswer(
      int status,
      InvalidSecurityEventException.Code error,
      Map<String, String> headers,
      String body) {
    this.status = status;
    this.error = error;
    this.headers = headers;
    this.body = body;
  }

  static PushAnswer accepted() {
    return ACCEPTED;
  }

  static PushAnswer methodNotAllowed() {
    return NOT_ALLOWED;
  }

  static PushAnswer unavailable() {
    return UNAVAILABLE;
  }

  /** {@code 400} with the RFC 8935 error; {@code description} is one of our fixed texts. */
  static PushAnswer refused(InvalidSecurityEventException.Code error, String description) {
    ObjectNode json = StrictJson.mapper().createObjectNode();
    json.put("err", error.err());
    json.put("description", description);
    return new PushAnswer(
        400,
        error,
        Map.of("Content-Type", "application/json", "Cache-Control", "no-store"),
        json.toString());
  }

  /** The HTTP status: 202, 400, 405 or 503. */
  public int status() {
    return status;
  }

  /** Whether the SET was acknowledged ({@code 202}): the broker will not send it again. */
  public boolean acknowledged() {
    return status == 202;
  }

  /** The RFC 8935 error of a {@code 400}; empty otherwise. */
  public Optional<InvalidSecurityEventException.Code> error() {
    return Optional.ofNullable(error);
  }

  /** The headers to answer with ({@code Content-Type}, {@code Allow}, {@code Cache-Control}). */
  public Map<String, String> headers() {
    return headers;
  }

  /** The body: the JSON error of a {@code 400}, empty otherwise. */
  public String body() {
    return body;
  }

  @Override
  public String toString() {
    return "PushAnswer[" + status + (error == null ? "" : " " + error.err()) + "]";
  }
}
