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
 * One strictly configured JSON reader for untrusted JOSE headers, claims and JWKs: duplicate
 * members rejected (RFC 7515 §5.2 lets a verifier reject them, and accepting them invites
 * parser-differential attacks), trailing tokens rejected, nesting depth and sizes capped, no
 * comments or other leniencies.
 */
public final class StrictJson {
  /** Grants and proofs are flat; anything deeper than this is hostile. */
  public static final int MAX_DEPTH = 16;

  private static final ObjectMapper MAPPER = strictMapper(MAX_DEPTH, 1 << 20);

  private StrictJson() {}

  /** A mapper with this class's strictness, and the given depth and string-length caps. */
  public static ObjectMapper strictMapper(int maxDepth, int maxStringLength) {
    return JsonMapper.builder(
            JsonFactory.builder()
                .streamReadConstraints(
                    StreamReadConstraints.builder()
                        .maxNestingDepth(maxDepth)
                        .maxStringLength(maxStringLength)
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
  }

  /** The shared strict mapper, for internal readers that bind to DTOs. */
  public static ObjectMapper mapper() {
    return MAPPER;
  }

  /**
   * Parses a JSON object.
   *
   * @throws IllegalArgumentException if the bytes are not exactly one strict JSON object
   */
  public static ObjectNode object(byte[] json) {
    return object(MAPPER, json);
  }

  /** Parses one JSON object with {@code mapper} (one made by {@link #strictMapper}). */
  public static ObjectNode object(ObjectMapper mapper, byte[] json) {
    JsonNode node;
    try {
      node = mapper.readTree(json);
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException("expected one strict json object", e);
    }
    if (!(node instanceof ObjectNode object)) {
      throw new IllegalArgumentException("expected a json object");
    }
    return object;
  }
}
