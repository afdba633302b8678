package org.mydatakit.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The provider agency profile as an OpenAPI 3.1 document: it parses cleanly and says it all. */
class OpenApiDocumentTest {
  private static final String PATH = "/mydata/v1/items/{itemCode}";
  private static SwaggerParseResult result;
  private static Operation fetch;

  @BeforeAll
  static void parse() throws IOException {
    String yaml;
    try (InputStream in =
        OpenApiDocumentTest.class.getResourceAsStream("/openapi/provider-agency.yaml")) {
      yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    ParseOptions options = new ParseOptions();
    options.setResolve(true);
    options.setResolveFully(true);
    result = new OpenAPIV3Parser().readContents(yaml, null, options);
    OpenAPI api = result.getOpenAPI();
    PathItem path = api == null ? null : api.getPaths().get(PATH);
    fetch = path == null ? null : path.getGet();
  }

  @Test
  void theDocumentIsOpenApi31AndParsesWithoutAnyMessage() {
    assertThat(result.getMessages()).isEmpty();
    assertThat(result.getOpenAPI()).isNotNull();
    assertThat(result.getOpenAPI().getOpenapi()).isEqualTo("3.1.0");
  }

  @Test
  void theItemsPathIsAGetAndNothingElse() {
    PathItem path = result.getOpenAPI().getPaths().get(PATH);
    assertThat(result.getOpenAPI().getPaths()).containsOnlyKeys(PATH);
    assertThat(path.readOperations()).containsExactly(fetch);
    assertThat(fetch.getParameters())
        .extracting(Parameter::getName)
        .contains("itemCode", "from", "to");
  }

  @Test
  void theRequestCarriesTheThreeProfileHeaders() {
    List<String> headers =
        fetch.getParameters().stream()
            .filter(p -> "header".equals(p.getIn()))
            .filter(p -> Boolean.TRUE.equals(p.getRequired()))
            .map(Parameter::getName)
            .toList();
    assertThat(headers).containsExactlyInAnyOrder("Authorization", "DPoP", "X-Api-Tran-Id");
    Parameter tranId =
        fetch.getParameters().stream()
            .filter(p -> p.getName().equals("X-Api-Tran-Id"))
            .findFirst()
            .orElseThrow();
    assertThat(tranId.getSchema().getPattern()).isEqualTo("^[A-Za-z0-9-]{1,64}$");
    assertThat(tranId.getSchema().getMaxLength()).isEqualTo(64);
  }

  @Test
  void theDpopSecuritySchemeIsRequired() {
    var scheme = result.getOpenAPI().getComponents().getSecuritySchemes().get("dpopGrant");
    assertThat(scheme.getScheme()).isEqualTo("DPoP");
    assertThat(result.getOpenAPI().getSecurity()).hasSize(1);
    assertThat(result.getOpenAPI().getSecurity().get(0)).containsKey("dpopGrant");
  }

  @Test
  void everyStatusOfTheProfileIsDocumented() {
    Map<String, ApiResponse> responses = fetch.getResponses();
    assertThat(responses)
        .containsOnlyKeys("200", "400", "401", "403", "404", "429", "500", "502", "503", "504");
    responses.forEach(
        (status, response) -> assertThat(response.getDescription()).as(status).isNotBlank());
    assertThat(responses.get("200").getContent()).containsOnlyKeys("application/json");
    responses.entrySet().stream()
        .filter(e -> !e.getKey().equals("200"))
        .forEach(
            e ->
                assertThat(e.getValue().getContent())
                    .as(e.getKey())
                    .containsOnlyKeys("application/problem+json"));
  }

  @Test
  void retryAfterChallengeAndEchoedTransactionIdAreDocumented() {
    Map<String, ApiResponse> responses = fetch.getResponses();
    for (String status : List.of("429", "503")) {
      Header retryAfter = responses.get(status).getHeaders().get("Retry-After");
      assertThat(retryAfter.getRequired()).as(status).isTrue();
    }
    assertThat(responses.get("401").getHeaders()).containsKey("WWW-Authenticate");
    for (String status : List.of("200", "400", "401", "403", "404", "429", "503")) {
      assertThat(responses.get(status).getHeaders()).as(status).containsKey("X-Api-Tran-Id");
    }
  }

  @Test
  void theProblemSchemaIsRfc9457WithAnOptionalReason() {
    Schema<?> problem = result.getOpenAPI().getComponents().getSchemas().get("Problem");
    assertThat(problem.getRequired()).containsExactlyInAnyOrder("type", "title", "status");
    assertThat(problem.getProperties()).containsOnlyKeys("type", "title", "status", "reason");
  }
}
