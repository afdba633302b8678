package org.mydatakit.cli;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The event and erasure commands on an H2 file store. */
class H2EventCommandsTest extends EventCommandsContract {
  @TempDir Path dir;

  @Override
  String newStoreUrl() {
    return "jdbc:h2:file:" + dir.resolve("broker").toAbsolutePath();
  }
}
