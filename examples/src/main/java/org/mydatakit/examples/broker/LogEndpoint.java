package org.mydatakit.examples.broker;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.mydatakit.log.InvalidNoteException;

/**
 * The verifiable audit log, without authentication, at stable URLs: the signed checkpoint ({@code
 * GET /log/checkpoint}), consistency proofs between two tree sizes ({@code GET
 * /log/consistency?old=N&new=M}), the log's public key ({@code GET /log/key}), and a witness's
 * cosignature of a kept checkpoint ({@code POST /log/cosignature?size=N}, one line of text, kept
 * only if a configured witness made it). Every answer is {@code text/plain}; nothing here reveals
 * an entry or a salt.
 */
final class LogEndpoint extends Endpoint {
  static final String CHECKPOINT_PATH = "/log/checkpoint";
  static final String CONSISTENCY_PATH = "/log/consistency";
  static final String KEY_PATH = "/log/key";
  static final String COSIGNATURE_PATH = "/log/cosignature";

  private static final String TEXT = "text/plain; charset=utf-8";

  /** A cosignature line is about 150 bytes; anything far longer is not one. */
  private static final int MAX_COSIGNATURE = 4096;

  LogEndpoint(BrokerServer.Context ctx) {
    super(ctx);
  }

  @Override
  void serve(HttpExchange ex, String method, String path) throws IOException {
    switch (path) {
      case CHECKPOINT_PATH -> {
        requireMethod(method, "GET");
        Exchanges.send(ex, 200, TEXT, checkpoint());
      }
      case CONSISTENCY_PATH -> {
        requireMethod(method, "GET");
        Map<String, String> query = query(ex);
        long oldSize = size(query.get("old"));
        long newSize = size(query.get("new"));
        if (query.size() != 2) {
          throw Problem.badRequest();
        }
        List<byte[]> proof;
        try {
          proof = broker().logConsistency(oldSize, newSize);
        } catch (IllegalArgumentException | IllegalStateException e) {
          throw Problem.badRequest(); // sizes out of range for this log
        }
        StringBuilder body = new StringBuilder();
        proof.forEach(h -> body.append(Base64.getEncoder().encodeToString(h)).append('\n'));
        Exchanges.send(ex, 200, TEXT, body.toString());
      }
      case KEY_PATH -> {
        requireMethod(method, "GET");
        Exchanges.send(ex, 200, TEXT, broker().logKey().toString());
      }
      case COSIGNATURE_PATH -> {
        requireMethod(method, "POST");
        Map<String, String> query = query(ex);
        long size = size(query.get("size"));
        if (query.size() != 1) {
          throw Problem.badRequest();
        }
        if (!Exchanges.mediaType(ex).equals("text/plain")) {
          throw Problem.of(415, null);
        }
        String line = cosignatureLine(Exchanges.body(ex));
        String cosigned;
        try {
          cosigned = broker().addCosignature(size, line);
        } catch (IllegalArgumentException | IllegalStateException | InvalidNoteException e) {
          throw Problem.of(400, "cosignature_refused");
        }
        Exchanges.send(ex, 200, TEXT, cosigned);
      }
      default -> throw Problem.notFound();
    }
  }

  /** The log's signed checkpoint; 404 while the log is empty. */
  private String checkpoint() {
    try {
      return broker().checkpoint();
    } catch (IllegalStateException e) {
      throw Problem.notFound();
    }
  }

  /** One line of UTF-8, with or without its final newline; 400 otherwise. */
  private static String cosignatureLine(byte[] body) {
    if (body.length == 0 || body.length > MAX_COSIGNATURE) {
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
  private static Map<String, String> query(HttpExchange ex) {
    String raw = ex.getRequestURI().getRawQuery();
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
