package org.mydatakit.server;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.mydatakit.broker.ConsentBroker;
import org.mydatakit.log.InvalidNoteException;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The verifiable audit log, without authentication, at stable URLs: the signed checkpoint ({@code
 * GET /log/checkpoint}, 404 while the log is empty), consistency proofs between two tree sizes
 * ({@code GET /log/consistency?old=N&new=M}, one base64 hash a line), the log's public key ({@code
 * GET /log/key}), and a witness's cosignature of a kept checkpoint ({@code POST
 * /log/cosignature?size=N}, one line of {@code text/plain}, kept only if a configured witness made
 * it; 400 {@code cosignature_refused} otherwise). Every answer is {@code text/plain}; nothing here
 * reveals an entry or a salt.
 */
@RestController
class LogController {
  static final String TEXT = "text/plain; charset=utf-8";

  /** A cosignature line is about 150 bytes; anything far longer is not one. */
  static final int MAX_COSIGNATURE = 4096;

  private final ConsentBroker broker;

  LogController(ConsentBroker broker) {
    this.broker = broker;
  }

  @GetMapping("/log/checkpoint")
  ResponseEntity<String> checkpoint() {
    try {
      return text(broker.checkpoint());
    } catch (IllegalStateException e) {
      throw Problem.notFound(); // nothing logged yet
    }
  }

  @GetMapping("/log/consistency")
  ResponseEntity<String> consistency(HttpServletRequest request) {
    Map<String, String> query = query(request);
    long oldSize = size(query.get("old"));
    long newSize = size(query.get("new"));
    if (query.size() != 2) {
      throw Problem.badRequest();
    }
    List<byte[]> proof;
    try {
      proof = broker.logConsistency(oldSize, newSize);
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw Problem.badRequest(); // sizes out of range for this log
    }
    StringBuilder body = new StringBuilder();
    proof.forEach(h -> body.append(Base64.getEncoder().encodeToString(h)).append('\n'));
    return text(body.toString());
  }

  @GetMapping("/log/key")
  ResponseEntity<String> key() {
    return text(broker.logKey().toString());
  }

  @PostMapping(path = "/log/cosignature", consumes = "text/plain")
  ResponseEntity<String> cosignature(HttpServletRequest request) throws IOException {
    Map<String, String> query = query(request);
    long size = size(query.get("size"));
    if (query.size() != 1) {
      throw Problem.badRequest();
    }
    String line = cosignatureLine(request);
    try {
      return text(broker.addCosignature(size, line));
    } catch (IllegalArgumentException | IllegalStateException | InvalidNoteException e) {
      throw Problem.of(400, "cosignature_refused");
    }
  }

  private static ResponseEntity<String> text(String body) {
    return ResponseEntity.ok()
        .header("Content-Type", TEXT)
        .header("Cache-Control", "no-store")
        .body(body);
  }

  /** One line of UTF-8, with or without its final newline; 413 past the limit, 400 otherwise. */
  private static String cosignatureLine(HttpServletRequest request) throws IOException {
    if (request.getContentLengthLong() > MAX_COSIGNATURE) {
      throw Problem.of(413, null);
    }
    byte[] body;
    try (InputStream in = request.getInputStream()) {
      body = in.readNBytes(MAX_COSIGNATURE + 1);
    }
    if (body.length > MAX_COSIGNATURE) {
      throw Problem.of(413, null);
    }
    if (body.length == 0) {
      throw Problem.badRequest();
    }
    String text;
    try {
      text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(body))
              .toString();
    } catch (CharacterCodingException e) {
      throw Problem.badRequest();
    }
    String line = text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
    if (line.isEmpty() || line.indexOf('\n') >= 0 || line.indexOf('\r') >= 0) {
      throw Problem.badRequest();
    }
    return line + "\n";
  }

  /** A tree size: decimal, no sign, no leading zeros, below 2^63; 400 otherwise. */
  private static long size(String value) {
    if (value == null || !value.matches("0|[1-9][0-9]{0,18}")) {
      throw Problem.badRequest();
    }
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw Problem.badRequest();
    }
  }

  /** The query's parameters; a repeated one, or one that is not plain, is a 400. */
  private static Map<String, String> query(HttpServletRequest request) {
    String raw = request.getQueryString();
    Map<String, String> params = new HashMap<>();
    if (raw == null || raw.isEmpty()) {
      return params;
    }
    for (String pair : raw.split("&", -1)) {
      int eq = pair.indexOf('=');
      if (eq <= 0 || params.put(pair.substring(0, eq), pair.substring(eq + 1)) != null) {
        throw Problem.badRequest();
      }
    }
    return params;
  }
}
