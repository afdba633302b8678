package org.mydatakit.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The module's packages form a one-way graph: {@code org.mydatakit.client} uses {@code
 * org.mydatakit.client.internal}, never the other way, so no public type and internal type can
 * import each other (the public API's factories build package-private classes instead).
 */
class PackageGraphTest {
  private static final Path SOURCES = Path.of("src/main/java/org/mydatakit/client");
  private static final Pattern IMPORT =
      Pattern.compile(
          "^import (?:static )?(org\\.mydatakit\\.client\\.[A-Za-z0-9_.]+);", Pattern.MULTILINE);

  @Test
  void internalImportsNothingFromThePublicPackage() throws IOException {
    Map<Path, List<String>> offenders;
    try (Stream<Path> files = Files.list(SOURCES.resolve("internal"))) {
      offenders =
          files
              .filter(p -> p.toString().endsWith(".java"))
              .collect(
                  Collectors.toMap(
                      p -> p.getFileName(),
                      p -> imports(p).stream().filter(i -> !i.contains(".internal.")).toList()));
    }
    assertThat(offenders).isNotEmpty();
    offenders.values().removeIf(List::isEmpty);
    assertThat(offenders).as("internal classes importing public ones").isEmpty();
  }

  @Test
  void theScanSeesImportsAtAll() {
    assertThat(imports(SOURCES.resolve("MyDataClient.java")))
        .anyMatch(i -> i.startsWith("org.mydatakit.client.internal."));
  }

  private static List<String> imports(Path file) {
    try {
      Matcher m = IMPORT.matcher(Files.readString(file));
      return m.results().map(r -> r.group(1)).toList();
    } catch (IOException e) {
      throw new AssertionError("cannot read " + file, e);
    }
  }
}
