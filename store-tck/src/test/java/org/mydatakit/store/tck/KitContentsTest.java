package org.mydatakit.store.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The kit changes nothing in the project that uses it: its jar (built from {@code target/classes})
 * holds classes only — no JUnit configuration, no logging configuration, no service registration —
 * and its tests, like a third party's, run without a logging backend.
 */
class KitContentsTest {

  @Test
  void theJarHoldsOnlyTheKitsClasses() throws Exception {
    URL classes = ConsentStoreContract.class.getProtectionDomain().getCodeSource().getLocation();
    Path root = Path.of(classes.toURI());
    assertThat(root).as("the kit's classes directory").isDirectory();
    List<String> files;
    try (Stream<Path> walk = Files.walk(root)) {
      files =
          walk.filter(Files::isRegularFile)
              .map(p -> root.relativize(p).toString().replace('\\', '/'))
              .collect(Collectors.toList());
    }
    assertThat(files)
        .isNotEmpty()
        .allMatch(f -> f.startsWith("org/mydatakit/store/tck/") && f.endsWith(".class"));
  }

  @Test
  void noLoggingBackendIsNeeded() {
    assertThatThrownBy(() -> Class.forName("ch.qos.logback.classic.Logger"))
        .isInstanceOf(ClassNotFoundException.class);
    assertThat(Thread.currentThread().getContextClassLoader().getResource("logback-test.xml"))
        .isNull();
    assertThat(
            Thread.currentThread().getContextClassLoader().getResource("junit-platform.properties"))
        .isNull();
  }
}
