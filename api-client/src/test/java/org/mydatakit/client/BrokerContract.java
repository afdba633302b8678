package org.mydatakit.client;

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
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The broker server's OpenAPI document ({@code broker-server/src/main/resources/openapi/
 * broker-api.yaml}, copied to the test classpath by this module's build) as the oracle for what
 * {@link RemoteGrantSource} sends and for the stub answers its tests give: a request must be a
 * documented operation with its required parameters, the headers of its security schemes, a
 * documented media type and a body valid against the request schema; an answer must be documented
 * for its status with a documented media type and a valid body (JSON Schema in the OpenAPI 3.1
 * dialect, networknt json-schema-validator). Failures are {@link AssertionError}s that name
 * locations and keywords, never values (a body carries a client assertion).
 */
final class BrokerContract {
  static final String RESOURCE = "openapi/broker-api.yaml";
  private static final String DOCUMENT_IRI = "https://mydatakit.org/openapi/broker-api.json";
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final BrokerContract BROKER = load();

  private final JsonNode document;
  private final SchemaRegistry schemas;
  private final Map<String, Schema> compiled = new ConcurrentHashMap<>();

  private BrokerContract(JsonNode document) {
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

  static BrokerContract broker() {
    return BROKER;
  }

  private static BrokerContract load() {
    try (InputStream in = BrokerContract.class.getClassLoader().getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is not on the test classpath");
      }
      return new BrokerContract(new YAMLMapper().readTree(in));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Checks a request to the broker: {@code path} relative to the broker's base URL, {@code header}
   * a request header by name (or null), {@code query} a query parameter (or null).
   */
  void request(
      String method,
      String path,
      Function<String, String> header,
      Function<String, String> query,
      String body) {
    String what = method + " " + path;
    String template =
        template(path).orElseThrow(() -> new AssertionError(what + ": not in the document"));
    String op = method.toLowerCase(Locale.ROOT);
    String opPointer = "/paths/" + escape(template) + "/" + op;
    JsonNode operation = document.at(opPointer);
    if (operation.isMissingNode()) {
      throw new AssertionError(what + ": the method is not in the document for " + template);
    }
    JsonNode parameters = document.path("paths").path(template).path("parameters");
    List<String> parameterPointers = new ArrayList<>();
    for (int i = 0; i < parameters.size(); i++) {
      parameterPointers.add("/paths/" + escape(template) + "/parameters/" + i);
    }
    for (int i = 0; i < operation.path("parameters").size(); i++) {
      parameterPointers.add(opPointer + "/parameters/" + i);
    }
    for (String p : parameterPointers) {
      String pointer = resolve(p);
      JsonNode parameter = document.at(pointer);
      String name = parameter.path("name").asString();
      String value =
          switch (parameter.path("in").asString()) {
            case "header" -> header.apply(name);
            case "query" -> query.apply(name);
            default -> null; // path parameters are matched by the template
          };
      if (value == null) {
        if (parameter.path("required").asBoolean(false)
            && !parameter.path("in").asString().equals("path")) {
          throw new AssertionError(what + ": required parameter " + name + " is missing");
        }
        continue;
      }
      List<Error> errors =
          schemaAt(pointer + "/schema").validate(JSON.writeValueAsString(value), InputFormat.JSON);
      if (!errors.isEmpty()) {
        throw new AssertionError(what + ": parameter " + name + ": " + describe(errors));
      }
    }
    checkSecurity(what, operation, header);
    JsonNode requestBody = operation.path("requestBody");
    if (requestBody.isMissingNode()) {
      if (body != null && !body.isEmpty()) {
        throw new AssertionError(what + ": the document takes no body here");
      }
      return;
    }
    String bodyPointer = resolve(opPointer + "/requestBody");
    if (body == null || body.isEmpty()) {
      if (document.at(bodyPointer).path("required").asBoolean(false)) {
        throw new AssertionError(what + ": the body is required");
      }
      return;
    }
    content(what, bodyPointer, header.apply("Content-Type"), body);
  }

  /** Each alternative of the operation's security names header schemes; one must be all present. */
  private void checkSecurity(String what, JsonNode operation, Function<String, String> header) {
    JsonNode security =
        operation.has("security") ? operation.path("security") : document.path("security");
    if (security.isMissingNode() || security.isEmpty()) {
      return;
    }
    List<String> missing = new ArrayList<>();
    for (JsonNode alternative : security) {
      List<String> absent = new ArrayList<>();
      for (String scheme : alternative.propertyNames()) {
        JsonNode s = document.path("components").path("securitySchemes").path(scheme);
        if (s.path("type").asString().equals("apiKey")
            && s.path("in").asString().equals("header")
            && header.apply(s.path("name").asString()) == null) {
          absent.add(s.path("name").asString());
        }
      }
      if (absent.isEmpty()) {
        return;
      }
      missing.addAll(absent);
    }
    throw new AssertionError(what + ": the security headers " + missing + " are missing");
  }

  /** Checks an answer the broker gives (or a stub of it) to {@code method path}. */
  void response(
      String method, String path, int status, Function<String, String> header, String body) {
    String what = method + " " + path + " -> " + status;
    String template =
        template(path).orElseThrow(() -> new AssertionError(what + ": not in the document"));
    String responses =
        "/paths/" + escape(template) + "/" + method.toLowerCase(Locale.ROOT) + "/responses";
    JsonNode listed = document.at(responses);
    String key =
        listed.has(Integer.toString(status))
            ? Integer.toString(status)
            : listed.has("default") ? "default" : null;
    if (key == null) {
      throw new AssertionError(what + ": status " + status + " is not documented");
    }
    String pointer = resolve(responses + "/" + escape(key));
    JsonNode answer = document.at(pointer);
    for (Map.Entry<String, JsonNode> h : answer.path("headers").properties()) {
      JsonNode spec = document.at(resolve(pointer + "/headers/" + escape(h.getKey())));
      if (spec.path("required").asBoolean(false) && header.apply(h.getKey()) == null) {
        throw new AssertionError(what + ": required header " + h.getKey() + " is missing");
      }
    }
    if (answer.path("content").isEmpty()) {
      if (body != null && !body.isEmpty()) {
        throw new AssertionError(what + ": the document lists no body here");
      }
      return;
    }
    content(what, pointer, header.apply("Content-Type"), body == null ? "" : body);
  }

  private void content(String what, String pointer, String contentType, String body) {
    JsonNode content = document.at(pointer).path("content");
    if (contentType == null) {
      throw new AssertionError(what + ": no Content-Type");
    }
    String base = baseType(contentType);
    String key = null;
    for (String name : content.propertyNames()) {
      if (baseType(name).equals(base)) {
        key = name;
      }
    }
    if (key == null) {
      throw new AssertionError(what + ": media type " + base + " is not documented");
    }
    String instance =
        base.equals("application/json") || base.endsWith("+json")
            ? body
            : JSON.writeValueAsString(body);
    List<Error> errors;
    try {
      errors =
          schemaAt(pointer + "/content/" + escape(key) + "/schema")
              .validate(instance, InputFormat.JSON);
    } catch (RuntimeException e) {
      throw new AssertionError(what + ": the body is not JSON (" + e.getClass().getName() + ")");
    }
    if (!errors.isEmpty()) {
      throw new AssertionError(
          what + ": the body does not match the document: " + describe(errors));
    }
  }

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

  /** Whether the document lists {@code path} (relative to the broker's base URL). */
  boolean lists(String path) {
    return template(path).isPresent();
  }

  private Optional<String> template(String path) {
    String literal = null;
    String templated = null;
    for (String t : document.path("paths").propertyNames()) {
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

  private String resolve(String pointer) {
    for (int hops = 0; hops < 10; hops++) {
      JsonNode node = document.at(pointer);
      if (node.isMissingNode()) {
        throw new IllegalStateException("the document has nothing at " + pointer);
      }
      if (!node.has("$ref")) {
        return pointer;
      }
      String target = node.path("$ref").asString();
      if (!target.startsWith("#/")) {
        throw new IllegalStateException("only local $refs are supported: " + target);
      }
      pointer = target.substring(1);
    }
    throw new IllegalStateException("a $ref loop at " + pointer);
  }

  private static String baseType(String mediaType) {
    int semi = mediaType.indexOf(';');
    return (semi < 0 ? mediaType : mediaType.substring(0, semi)).strip().toLowerCase(Locale.ROOT);
  }

  private static String escape(String segment) {
    return segment.replace("~", "~0").replace("/", "~1");
  }
}
