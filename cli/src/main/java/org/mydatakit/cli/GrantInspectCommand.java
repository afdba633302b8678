package org.mydatakit.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Base64;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code mydatakit grant inspect}: decodes a grant's header and claims without checking anything.
 * Decoding is lenient about base64url padding but bounded: 64 KiB, nesting depth 32, duplicate
 * members refused (a verifier would refuse them too, and showing one of two values would mislead).
 */
@Command(
    name = "inspect",
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    description = {
      "Decode a grant's header and claims, UNVERIFIED: the signature, issuer, audience and times"
          + " are not checked. Use 'grant verify' to decide whether to trust a grant."
    })
final class GrantInspectCommand implements Callable<Integer> {
  static final int MAX_TOKEN = 64 * 1024;
  static final String WARNING = "UNVERIFIED: signature not checked";

  private static final ObjectMapper JSON =
      JsonMapper.builder(
              JsonFactory.builder()
                  .streamReadConstraints(
                      StreamReadConstraints.builder().maxNestingDepth(32).build())
                  .build())
          .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

  @Spec private CommandSpec spec;

  @Parameters(
      index = "0",
      paramLabel = "TOKEN|-",
      description = "The grant (compact JWS), or - to read it from standard input.")
  private String token;

  @Override
  public Integer call() throws IOException {
    String trimmed = "-".equals(token) ? fromStdin() : token.strip();
    if (trimmed.length() > MAX_TOKEN) {
      throw malformed(
          "expected a token of at most 64 KiB, got " + trimmed.length() + " characters");
    }
    String[] parts = trimmed.split("\\.", -1);
    if (parts.length != 3) {
      throw malformed(
          "expected a compact jws of three parts separated by '.', got " + parts.length);
    }
    ObjectNode out = JSON.createObjectNode();
    out.put("warning", WARNING);
    out.set("header", decode("header", parts[0]));
    out.set("claims", decode("claims", parts[1]));
    spec.commandLine()
        .getOut()
        .println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(out));
    return Main.OK;
  }

  private String fromStdin() {
    String line;
    try {
      line = new TokenLines(((Main) spec.root().userObject()).in()).next();
    } catch (IOException e) {
      throw new CliFailure("cannot read standard input: " + e.getClass().getSimpleName(), e);
    }
    if (line == null) {
      throw malformed("expected a token on standard input, got none");
    }
    return line;
  }

  private JsonNode decode(String what, String part) {
    byte[] bytes;
    try {
      bytes = Base64.getUrlDecoder().decode(part.replaceFirst("=+$", ""));
    } catch (IllegalArgumentException e) {
      throw malformed(what + ": expected base64url");
    }
    JsonNode node;
    try {
      node = JSON.readTree(bytes);
    } catch (IOException e) {
      throw malformed(what + ": expected one json object (no duplicate members, depth at most 32)");
    }
    if (node == null || !node.isObject()) {
      throw malformed(what + ": expected a json object");
    }
    return node;
  }

  private ParameterException malformed(String message) {
    return new ParameterException(spec.commandLine(), "malformed token: " + message);
  }
}
