package org.mydatakit.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import org.springframework.http.ResponseEntity;

/** Reading a JSON request body strictly and answering with JSON that is never cached. */
final class HttpJson {
  static final String TYPE = "application/json";

  /** A request of this API is a few KiB; anything far longer is not one. */
  static final int MAX_BODY = 64 * 1024;

  private static final ObjectMapper JSON = new ObjectMapper();

  private HttpJson() {}

  /** {@code body} as JSON, {@code Cache-Control: no-store}. */
  static ResponseEntity<String> answer(int status, JsonNode body) {
    return ResponseEntity.status(status)
        .header("Content-Type", TYPE)
        .header("Cache-Control", "no-store")
        .body(body.toString());
  }

  /**
   * The JSON body as {@code type}: 413 past {@link #MAX_BODY}, 400 if it is not exactly that shape
   * (an unknown field is a 400 too).
   */
  static <T> T read(HttpServletRequest request, Class<T> type) throws IOException {
    if (request.getContentLengthLong() > MAX_BODY) {
      throw Problem.of(413, null);
    }
    byte[] bytes;
    try (InputStream in = request.getInputStream()) {
      bytes = in.readNBytes(MAX_BODY + 1);
    }
    if (bytes.length > MAX_BODY) {
      throw Problem.of(413, null);
    }
    T body;
    try {
      body = JSON.readValue(bytes, type);
    } catch (IOException | RuntimeException e) {
      throw Problem.badRequest(); // the parser's message may quote the body: not kept
    }
    if (body == null) {
      throw Problem.badRequest();
    }
    return body;
  }
}
