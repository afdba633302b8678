package org.mydatakit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every code block of the README that names a region ({@code <!-- region NAME FILE -->}) is that
 * region of a test source, exactly, so the README cannot drift from code that runs.
 */
class ReadmeDriftTest {
  private static final Pattern BLOCK =
      Pattern.compile("<!-- region (\\S+) (\\S+) -->\\n```java\\n(.*?)\\n```", Pattern.DOTALL);

  @Test
  void readmeCodeBlocksAreTheirTestedRegions() throws Exception {
    Path root = Path.of("").toAbsolutePath().getParent();
    String readme = Files.readString(root.resolve("README.md"));
    Matcher m = BLOCK.matcher(readme);
    List<String> checked = new ArrayList<>();
    while (m.find()) {
      String source = Files.readString(root.resolve(m.group(2)));
      assertThat(m.group(3))
          .as("README region " + m.group(1))
          .isEqualTo(region(source, m.group(1)));
      checked.add(m.group(1));
    }
    assertThat(checked)
        .contains(
            "readme-embed",
            "readme-broker",
            "readme-store",
            "readme-fetch",
            "readme-status-lists",
            "readme-tck",
            "readme-logging",
            "readme-token-endpoint",
            "readme-event-dispatcher");
  }

  /** The lines between the region markers, with their common indentation removed. */
  static String region(String source, String name) {
    String start = "// region " + name + "\n";
    int from = source.indexOf(start);
    int to = source.indexOf("// endregion " + name, from);
    assertThat(from).as("region " + name).isNotNegative();
    String[] lines = source.substring(from + start.length(), to).split("\n");
    int indent = Integer.MAX_VALUE;
    for (String line : lines) {
      if (!line.isBlank()) {
        indent = Math.min(indent, line.length() - line.stripLeading().length());
      }
    }
    StringBuilder out = new StringBuilder();
    for (String line : lines) {
      out.append(line.isBlank() ? "" : line.substring(indent)).append('\n');
    }
    return out.toString().stripTrailing();
  }
}
