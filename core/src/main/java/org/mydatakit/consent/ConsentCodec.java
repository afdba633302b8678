package org.mydatakit.consent;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Reads and writes the JSON form of a consent strictly: no unknown fields, duplicate keys, trailing
 * tokens or type coercions. Every failure becomes an {@link IllegalArgumentException} that names
 * the path and what was expected; Jackson's own messages (which may quote input) are never kept,
 * not even as a cause.
 */
public final class ConsentCodec {
  static final String PREFIX = "consent json: ";
  private static final Pattern SHORT_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9._-]{0,14}");
  private static final Set<String> SCHEMA_NAMES =
      Stream.concat(Stream.of(ConsentDto.class), Stream.of(ConsentDto.class.getDeclaredClasses()))
          .flatMap(c -> Stream.of(c.getRecordComponents()))
          .map(RecordComponent::getName)
          .collect(Collectors.toUnmodifiableSet());

  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
          .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
          .withCoercionConfig(
              LogicalType.Textual,
              c ->
                  c.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                      .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                      .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
          .withCoercionConfigDefaults(
              c -> c.setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail))
          .defaultPropertyInclusion(
              JsonInclude.Value.construct(
                  JsonInclude.Include.NON_NULL, JsonInclude.Include.NON_NULL))
          .build();

  private ConsentCodec() {}

  /** The consent as compact JSON, absent optionals omitted. */
  public static String write(Consent consent) {
    try {
      return MAPPER.writeValueAsString(ConsentMapping.toDto(consent));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("consent json: expected to serialise a valid consent", e);
    }
  }

  /** Parses and validates; throws {@link IllegalArgumentException} naming the wrong path. */
  public static Consent read(String json) {
    if (json == null) {
      throw new IllegalArgumentException(PREFIX + "expected a json object, got null");
    }
    ConsentDto dto;
    try (JsonParser parser = MAPPER.createParser(json)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        throw new IllegalArgumentException(PREFIX + "expected a json object at the top level");
      }
      dto = MAPPER.readValue(parser, ConsentDto.class);
      if (parser.nextToken() != null) {
        throw trailing();
      }
    } catch (UnrecognizedPropertyException e) {
      throw new IllegalArgumentException(
          PREFIX + path(e) + ": unknown field, expected one of " + known(e.getKnownPropertyIds()));
    } catch (MismatchedInputException e) {
      if (String.valueOf(e.getOriginalMessage()).contains("FAIL_ON_TRAILING_TOKENS")) {
        throw trailing();
      }
      throw new IllegalArgumentException(
          PREFIX + path(e) + ": expected " + kind(e.getTargetType()));
    } catch (JsonMappingException e) {
      if (e.getCause() instanceof StreamReadException cause) {
        throw new IllegalArgumentException(PREFIX + streamError(cause));
      }
      throw new IllegalArgumentException(PREFIX + path(e) + ": invalid value");
    } catch (StreamReadException e) {
      throw new IllegalArgumentException(PREFIX + streamError(e));
    } catch (IOException e) {
      throw new IllegalArgumentException(PREFIX + "unreadable json");
    }
    return ConsentMapping.fromDto(dto);
  }

  private static IllegalArgumentException trailing() {
    return new IllegalArgumentException(
        PREFIX + "expected nothing after the consent object, got more json");
  }

  private static String path(JsonMappingException e) {
    StringBuilder sb = new StringBuilder();
    for (JsonMappingException.Reference ref : e.getPath()) {
      if (ref.getFieldName() != null) {
        if (sb.length() > 0) {
          sb.append('.');
        }
        sb.append(name(ref.getFieldName()));
      } else if (ref.getIndex() >= 0) {
        sb.append('[').append(ref.getIndex()).append(']');
      }
    }
    return sb.length() == 0 ? "(top level)" : sb.toString();
  }

  /** Path and position of a low-level error, such as a duplicate key or malformed text. */
  private static String streamError(StreamReadException e) {
    String where = "";
    JsonParser p = e.getProcessor();
    if (p != null) {
      Deque<String> parts = new ArrayDeque<>();
      for (JsonStreamContext c = p.getParsingContext();
          c != null && !c.inRoot();
          c = c.getParent()) {
        if (c.inObject() && c.getCurrentName() != null) {
          parts.addFirst(name(c.getCurrentName()));
        } else if (c.inArray()) {
          parts.addFirst("[" + Math.max(0, c.getCurrentIndex()) + "]");
        }
      }
      where = String.join(".", parts).replace(".[", "[");
    }
    String what =
        String.valueOf(e.getOriginalMessage()).startsWith("Duplicate field")
            ? "duplicate field"
            : e instanceof InputCoercionException ? "expected a number in range" : "malformed json";
    String position =
        e.getLocation() == null
            ? ""
            : " at line "
                + e.getLocation().getLineNr()
                + ", column "
                + e.getLocation().getColumnNr();
    return (where.isEmpty() ? "" : where + ": ") + what + position;
  }

  /**
   * A field name from the input, shown only if it cannot be a subject id (16 or more characters) or
   * a citizen identifier: a name of our schema, or a short name such as an agency id.
   */
  private static String name(String fieldName) {
    return SCHEMA_NAMES.contains(fieldName) || SHORT_NAME.matcher(fieldName).matches()
        ? fieldName
        : "(field)";
  }

  private static String known(Collection<Object> names) {
    return names == null
        ? "the documented fields"
        : names.stream().map(String::valueOf).sorted().collect(Collectors.joining(", "));
  }

  private static String kind(Class<?> type) {
    if (type == null) {
      return "another type";
    }
    if (type == String.class) {
      return "a string";
    }
    if (type == Long.class || type == Integer.class || type == long.class || type == int.class) {
      return "an integer";
    }
    if (Collection.class.isAssignableFrom(type) || type.isArray() || type == List.class) {
      return "an array";
    }
    if (Map.class.isAssignableFrom(type) || type.isRecord()) {
      return "an object";
    }
    return "another type";
  }
}
