package org.mydatakit.client.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import okhttp3.MediaType;
import okhttp3.Response;
import org.mydatakit.consent.ItemCode;
import org.mydatakit.internal.StrictJson;

/**
 * Reads a provider's answers, whose bodies {@link BodyLimitInterceptor} has already read within
 * their caps: the 200 record envelope and the problem body of a refusal.
 */
public final class Answers {
  private Answers() {}

  /**
   * The checked content of a 200 answer, and its {@link #receipt(Response) receipt} if any; {@link
   * #toString()} shows neither records nor receipt.
   */
  public record Records(
      Instant issuedAt, String json, Map<String, Object> data, Optional<String> receipt) {
    @Override
    public String toString() {
      return "Records[issuedAt=" + issuedAt + "]";
    }
  }

  /** Why a 200 answer is not acceptable; the message is safe (no payload). */
  public static final class Unacceptable extends Exception {
    private static final long serialVersionUID = 1L;

    Unacceptable(String message) {
      super(message, null, false, false);
    }
  }

  /**
   * Checks a 200 answer whose body is in memory.
   *
   * @throws IOException if the body cannot be read after all (it is in memory: not expected)
   * @throws Unacceptable if the answer is complete but wrong (not retryable)
   */
  public static Records records(Response response, ItemCode item, String tranId)
      throws IOException, Unacceptable {
    byte[] bytes = response.body().bytes();
    String echo = response.header("X-Api-Tran-Id");
    if (echo == null) {
      throw new Unacceptable("expected the transaction id echoed, got none");
    }
    if (!echo.equals(tranId)) {
      throw new Unacceptable("expected the transaction id echoed, got a different one");
    }
    MediaType type = response.body().contentType();
    if (type == null || !type.type().equals("application") || !type.subtype().equals("json")) {
      throw new Unacceptable(
          "expected application/json, got "
              + (type == null ? "none" : type.type() + "/" + type.subtype()));
    }
    ObjectNode root;
    try {
      root = StrictJson.object(bytes);
    } catch (IllegalArgumentException e) {
      throw new Unacceptable("expected one strict json object, got malformed json");
    }
    JsonNode answered = root.get("item");
    if (answered == null || !answered.isTextual() || !answered.textValue().equals(item.value())) {
      throw new Unacceptable("expected the records of the item asked for, got another item");
    }
    JsonNode data = root.get("data");
    if (data == null || !data.isObject()) {
      throw new Unacceptable("expected a data object");
    }
    JsonNode issued = root.get("issuedAt");
    Instant issuedAt;
    try {
      issuedAt = IsoInstants.parse(issued == null || !issued.isTextual() ? "" : issued.textValue());
    } catch (DateTimeParseException e) {
      throw new Unacceptable("expected issuedAt as an iso-8601 instant");
    }
    return new Records(issuedAt, data.toString(), JavaValues.object(data), receipt(response));
  }

  /** The header of a provider's signed delivery receipt. */
  public static final String RECEIPT_HEADER = "MyData-Receipt";

  /** The longest receipt kept: a compact JWS of a few claims is far shorter. */
  static final int MAX_RECEIPT = 8 * 1024;

  private static final Pattern COMPACT_JWS =
      Pattern.compile("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+");

  /**
   * The answer's {@code MyData-Receipt}, if it has one shaped as a compact JWS (three base64url
   * parts) of at most {@link #MAX_RECEIPT} characters; otherwise empty. Not verified here: it is
   * passed on as the provider sent it. A malformed one never fails the fetch — the records are
   * delivered, and the grant's one delivery taken, either way.
   */
  public static Optional<String> receipt(Response response) {
    String receipt = response.header(RECEIPT_HEADER);
    if (receipt == null
        || receipt.length() > MAX_RECEIPT
        || !COMPACT_JWS.matcher(receipt).matches()) {
      return Optional.empty();
    }
    return Optional.of(receipt);
  }

  /**
   * The {@code reason} of a problem body, if it is a plain code; null otherwise or if the body
   * cannot be read. Never throws.
   */
  public static String reason(Response response) {
    try {
      ObjectNode problem = StrictJson.object(response.body().bytes());
      JsonNode reason = problem.get("reason");
      if (reason != null
          && reason.isTextual()
          && reason.textValue().matches("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")) {
        return reason.textValue();
      }
    } catch (IOException | IllegalArgumentException e) {
      // a refusal without a readable reason is still a refusal
    }
    return null;
  }
}
