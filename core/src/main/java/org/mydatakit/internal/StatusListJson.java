package org.mydatakit.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;

/**
 * The strict reader of status list claims. Like {@link StrictJson} (duplicates, trailing tokens and
 * comments rejected, shallow nesting), except that one string — the compressed list — may be as
 * long as the token itself: {@link StrictJson}'s 1 MiB string cap suits grants, not lists.
 */
public final class StatusListJson {
  private static final ObjectMapper MAPPER =
      JsonMapper.builder(
              JsonFactory.builder()
                  .streamReadConstraints(
                      StreamReadConstraints.builder()
                          .maxNestingDepth(8)
                          .maxStringLength(Integer.MAX_VALUE)
                          .maxNumberLength(64)
                          .build())
                  .build())
          .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
          .disable(JsonReadFeature.ALLOW_JAVA_COMMENTS)
          .disable(JsonReadFeature.ALLOW_TRAILING_COMMA)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS)
          .build();

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
    JsonNode node;
    try {
      node = MAPPER.readTree(json);
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException("expected one strict json object", e);
    }
    if (!(node instanceof ObjectNode object)) {
      throw new IllegalArgumentException("expected a json object");
    }
    return object;
  }
}
