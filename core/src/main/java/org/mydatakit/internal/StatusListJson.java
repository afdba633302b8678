package org.mydatakit.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The strict reader of status list claims. Like {@link StrictJson} (duplicates, trailing tokens and
 * comments rejected, shallow nesting), except that one string — the compressed list — may be as
 * long as the token itself: {@link StrictJson}'s 1 MiB string cap suits grants, not lists.
 */
public final class StatusListJson {
  private static final ObjectMapper MAPPER = StrictJson.strictMapper(8, Integer.MAX_VALUE);

  private StatusListJson() {}

  /** A mapper for writing claims. */
  public static ObjectMapper mapper() {
    return MAPPER;
  }

  /**
   * Parses a JSON object (its size is bounded by the caller's token length cap).
   *
   * @throws IllegalArgumentException if the bytes are not exactly one strict JSON object
   */
  public static ObjectNode object(byte[] json) {
    return StrictJson.object(MAPPER, json);
  }
}
