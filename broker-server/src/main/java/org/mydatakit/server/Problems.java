package org.mydatakit.server;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.mydatakit.broker.ConsentStoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Every error as {@code application/problem+json} (RFC 9457) with a stock title: the server's own
 * {@link Problem}s, Spring MVC's (unknown path 404, wrong method 405, wrong media type 415, ...),
 * an unavailable store (503) and anything else (500, logged by class and stack trace only).
 */
@RestControllerAdvice
class Problems extends ResponseEntityExceptionHandler {
  private static final Logger LOG = LoggerFactory.getLogger(Problems.class);
  private static final com.fasterxml.jackson.databind.ObjectMapper WRITER =
      new com.fasterxml.jackson.databind.ObjectMapper();

  @ExceptionHandler(Problem.class)
  ResponseEntity<Object> problem(Problem problem) {
    HttpHeaders headers = new HttpHeaders();
    if (problem.retryAfterSeconds != null) {
      headers.set(HttpHeaders.RETRY_AFTER, Long.toString(problem.retryAfterSeconds));
    }
    return body(problem.status, problem.detail(), headers);
  }

  @ExceptionHandler(ConsentStoreException.class)
  ResponseEntity<Object> storeFailed(ConsentStoreException e) {
    // classes and SQL state only: a driver's message may quote the values of the failed statement
    LOG.warn(
        "the store failed: {} (SQL state {})",
        e.getClass().getName(),
        e.getCause() instanceof java.sql.SQLException sql ? sql.getSQLState() : "none");
    return body(503, Problem.detail(503, null), new HttpHeaders());
  }

  @ExceptionHandler(Exception.class)
  ResponseEntity<Object> unexpected(Exception e) {
    if (clientWentAway(e)) {
      // the client closed the connection while its request was read (or timed out): no fault here
      LOG.debug("the client went away: {}", e.getClass().getName());
      return body(400, Problem.detail(400, null), new HttpHeaders());
    }
    // the class and where it was thrown, not the message: it may carry a value of the request
    StackTraceElement at = e.getStackTrace().length > 0 ? e.getStackTrace()[0] : null;
    LOG.error("unexpected failure: {} at {}", e.getClass().getName(), at);
    return body(500, Problem.detail(500, null), new HttpHeaders());
  }

  /** Whether {@code e} is the container reporting that the client aborted or stalled. */
  private static boolean clientWentAway(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t.getClass().getName().equals("org.apache.catalina.connector.ClientAbortException")
          || t instanceof java.net.SocketTimeoutException
          || t instanceof java.io.EOFException) {
        return true;
      }
    }
    return false;
  }

  /** Spring MVC's own errors, with its status and our stock body. */
  @Override
  protected ResponseEntity<Object> handleExceptionInternal(
      Exception ex, Object body, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
    return body(status.value(), Problem.detail(status.value(), null), headers);
  }

  /**
   * Writes the stock problem for {@code status} and {@code reason} straight to {@code response}:
   * for the security filters, which answer before any controller (and its advice) runs.
   */
  static void write(HttpServletResponse response, int status, String reason) throws IOException {
    ProblemDetail detail = Problem.detail(status, reason);
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("type", detail.getType().toString());
    fields.put("title", detail.getTitle());
    fields.put("status", detail.getStatus());
    if (detail.getProperties() != null) {
      fields.putAll(detail.getProperties());
    }
    response.setStatus(status);
    response.setHeader("Cache-Control", "no-store");
    response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
    WRITER.writeValue(response.getOutputStream(), fields);
  }

  private static ResponseEntity<Object> body(
      int status, ProblemDetail detail, HttpHeaders headers) {
    HttpHeaders out = new HttpHeaders();
    // keep what Spring adds for the client (Allow on a 405, Accept on a 415), nothing else
    if (headers.getAllow() != null && !headers.getAllow().isEmpty()) {
      out.setAllow(headers.getAllow());
    }
    if (!headers.getAccept().isEmpty()) {
      out.setAccept(headers.getAccept());
    }
    if (headers.containsHeader(HttpHeaders.RETRY_AFTER)) {
      out.set(HttpHeaders.RETRY_AFTER, headers.getFirst(HttpHeaders.RETRY_AFTER));
    }
    out.setCacheControl("no-store");
    // sent as a plain map: Spring fills a ProblemDetail's empty "instance" with the request path,
    // which is the caller's text and must not come back (nor be a token echoed into a page)
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("type", detail.getType().toString());
    fields.put("title", detail.getTitle());
    fields.put("status", detail.getStatus());
    if (detail.getProperties() != null) {
      fields.putAll(detail.getProperties());
    }
    return ResponseEntity.status(status)
        .headers(out)
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .body(fields);
  }
}
