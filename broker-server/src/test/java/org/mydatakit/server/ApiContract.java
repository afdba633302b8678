package org.mydatakit.server;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.dialect.Dialects;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The broker's OpenAPI document ({@code openapi/broker-api.yaml}) as a test oracle: every answer a
 * test receives must be one the document lists for that path, method and status, with a listed
 * media type, the required headers, and a body valid against the listed schema (JSON Schema 2020-12
 * in the OpenAPI 3.1 dialect, networknt json-schema-validator, referenced by JSON pointer into the
 * document so that {@code $ref}s resolve). A path the document does not list must be answered with
 * its {@code UnknownPath} response, a listed path asked with another method with {@code
 * MethodNotAllowed}.
 *
 * <p>{@link #check} throws an {@link AssertionError} naming the operation and what was wrong; it
 * never quotes the body, which may carry a token.
 */
final class ApiContract {
  static final String RESOURCE = "openapi/broker-api.yaml";

  /** Where the document is registered for the validator: only a name, never fetched. */
  private static final String DOCUMENT_IRI = "https://mydatakit.org/openapi/broker-api.json";

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final ApiContract BROKER = load();

  private final JsonNode document;
  private final SchemaRegistry schemas;
  private final Map<String, Schema> compiled = new ConcurrentHashMap<>();

  private ApiContract(JsonNode document) {
    this.document = document;
    String json = JSON.writeValueAsString(document);
    this.schemas =
        SchemaRegistry.withDialect(
            Dialects.getOpenApi31(),
            b ->
                b.schemas(Map.of(DOCUMENT_IRI, json))
                    .schemaRegistryConfig(
                        SchemaRegistryConfig.builder().formatAssertionsEnabled(true).build()));
  }

  /** The broker's document, read once from the classpath. */
  static ApiContract broker() {
    return BROKER;
  }

  /** Checks the broker's answer to {@code request} against the broker's document. */
  static void check(HttpRequest request, HttpResponse<String> response) {
    BROKER.verify(request, response);
  }

  /** The document as a tree. */
  JsonNode document() {
    return document;
  }

  /** A document read from YAML text (for tests of the checker itself). */
  static ApiContract of(String yaml) {
    return new ApiContract(new YAMLMapper().readTree(yaml));
  }

  private static ApiContract load() {
    try (InputStream in = ApiContract.class.getClassLoader().getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is not on the classpath");
      }
      return new ApiContract(new YAMLMapper().readTree(in));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  void verify(HttpRequest request, HttpResponse<String> response) {
    verify(
        request.method(),
        request.uri().getRawPath(),
        response.statusCode(),
        response.headers().firstValue("Content-Type").orElse(null),
        name -> response.headers().firstValue(name).orElse(null),
        response.body());
  }

  /**
   * Checks one answer: {@code header} gives a response header by name (or null), {@code body} is
   * the body as text (empty if none).
   */
  void verify(
      String method,
      String path,
      int status,
      String contentType,
      java.util.function.Function<String, String> header,
      String body) {
    String what = method + " " + path + " -> " + status;
    Optional<String> template = template(path);
    String responsePointer;
    if (template.isEmpty()) {
      responsePointer = "/components/responses/UnknownPath";
      if (status != 404) {
        throw new AssertionError(what + ": the path is not in the document");
      }
      what = method + " <unlisted path> -> " + status;
    } else {
      JsonNode item = document.path("paths").path(template.get());
      String op = method.toLowerCase(Locale.ROOT);
      if (!item.has(op)) {
        if (status != 405) {
          throw new AssertionError(what + ": the method is not in the document for this path");
        }
        responsePointer = "/components/responses/MethodNotAllowed";
      } else {
        JsonNode responses = item.path(op).path("responses");
        String code = Integer.toString(status);
        String key = responses.has(code) ? code : responses.has("default") ? "default" : null;
        if (key == null) {
          throw new AssertionError(
              what + ": status " + status + " is not documented for " + template.get());
        }
        responsePointer =
            "/paths/" + escape(template.get()) + "/" + op + "/responses/" + escape(key);
      }
    }
    responsePointer = resolve(responsePointer);
    JsonNode answer = at(responsePointer);
    checkHeaders(what, responsePointer, answer, header);
    checkContent(what, responsePointer, answer, contentType, body == null ? "" : body);
  }

  private void checkHeaders(
      String what,
      String responsePointer,
      JsonNode answer,
      java.util.function.Function<String, String> header) {
    for (Map.Entry<String, JsonNode> h : answer.path("headers").properties()) {
      String specPointer = resolve(responsePointer + "/headers/" + escape(h.getKey()));
      JsonNode spec = at(specPointer);
      String value = header.apply(h.getKey());
      if (value == null) {
        if (spec.path("required").asBoolean(false)) {
          throw new AssertionError(what + ": required header " + h.getKey() + " is missing");
        }
        continue;
      }
      if (spec.has("schema")) {
        List<Error> errors =
            schemaAt(specPointer + "/schema")
                .validate(JSON.writeValueAsString(value), InputFormat.JSON);
        if (!errors.isEmpty()) {
          throw new AssertionError(what + ": header " + h.getKey() + ": " + describe(errors));
        }
      }
    }
  }

  private void checkContent(
      String what, String pointer, JsonNode answer, String contentType, String body) {
    JsonNode content = answer.path("content");
    if (content.isMissingNode() || content.isEmpty()) {
      if (!body.isEmpty()) {
        throw new AssertionError(what + ": the document lists no body, but one was sent");
      }
      return;
    }
    if (contentType == null) {
      throw new AssertionError(what + ": no Content-Type, expected one of " + names(content));
    }
    String base = baseType(contentType);
    String key = null;
    for (String name : names(content)) {
      if (baseType(name).equals(base)) {
        key = name;
      }
    }
    if (key == null) {
      throw new AssertionError(
          what + ": media type " + base + " is not documented; expected one of " + names(content));
    }
    if (!content.path(key).has("schema")) {
      return;
    }
    String schemaPointer = pointer + "/content/" + escape(key) + "/schema";
    String instance;
    if (base.equals("application/json") || base.endsWith("+json")) {
      instance = body;
    } else {
      // a text body is validated as a JSON string
      instance = JSON.writeValueAsString(body);
    }
    List<Error> errors;
    try {
      errors = schemaAt(schemaPointer).validate(instance, InputFormat.JSON);
    } catch (RuntimeException e) {
      throw new AssertionError(what + ": the body is not JSON (" + e.getClass().getName() + ")");
    }
    if (!errors.isEmpty()) {
      throw new AssertionError(
          what + ": the body does not match the document: " + describe(errors));
    }
  }

  /** Validation errors by location and keyword only: never the offending value. */
  private static String describe(List<Error> errors) {
    List<String> lines = new ArrayList<>();
    for (Error e : errors) {
      lines.add(
          e.getInstanceLocation() + " fails " + e.getKeyword() + " at " + e.getSchemaLocation());
    }
    return String.join("; ", lines);
  }

  private Schema schemaAt(String pointer) {
    return compiled.computeIfAbsent(
        pointer, p -> schemas.getSchema(SchemaLocation.of(DOCUMENT_IRI + "#" + p)));
  }

  /** The path template of the document that {@code path} matches, literal paths first. */
  Optional<String> template(String path) {
    String literal = null;
    String templated = null;
    for (String t : names(document.path("paths"))) {
      if (t.equals(path)) {
        literal = t;
      } else if (t.contains("{") && pattern(t).matcher(path).matches()) {
        templated = t;
      }
    }
    return Optional.ofNullable(literal != null ? literal : templated);
  }

  private static Pattern pattern(String template) {
    StringBuilder regex = new StringBuilder();
    for (String part : template.split("(?=\\{)|(?<=\\})")) {
      regex.append(part.startsWith("{") ? "[^/]+" : Pattern.quote(part));
    }
    return Pattern.compile(regex.toString());
  }

  /** Follows {@code $ref}s from the node at {@code pointer} to the pointer of what it names. */
  private String resolve(String pointer) {
    for (int hops = 0; hops < 10; hops++) {
      JsonNode node = at(pointer);
      if (!node.has("$ref")) {
        return pointer;
      }
      pointer = resolve(node);
    }
    throw new IllegalStateException("a $ref loop at " + pointer);
  }

  private static String resolve(JsonNode ref) {
    String target = ref.path("$ref").asString();
    if (!target.startsWith("#/")) {
      throw new IllegalStateException("only local $refs are supported: " + target);
    }
    return target.substring(1);
  }

  private JsonNode at(String pointer) {
    JsonNode node = document.at(pointer);
    if (node.isMissingNode()) {
      throw new IllegalStateException("the document has nothing at " + pointer);
    }
    return node;
  }

  private static List<String> names(JsonNode object) {
    List<String> names = new ArrayList<>();
    object.propertyNames().forEach(names::add);
    return names;
  }

  private static String baseType(String mediaType) {
    int semi = mediaType.indexOf(';');
    return (semi < 0 ? mediaType : mediaType.substring(0, semi)).strip().toLowerCase(Locale.ROOT);
  }

  /** A JSON pointer segment (RFC 6901). */
  static String escape(String segment) {
    return segment.replace("~", "~0").replace("/", "~1");
  }
}
