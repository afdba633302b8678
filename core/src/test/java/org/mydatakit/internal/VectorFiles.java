package org.mydatakit.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Loads the Wycheproof vector files under {@code src/test/resources/wycheproof/} as JSON trees. */
final class VectorFiles {
  static final ObjectMapper JSON = new ObjectMapper();

  private VectorFiles() {}

  /** The classpath resource {@code /wycheproof/<name>} as a Jackson tree. */
  static JsonNode load(String name) {
    String path = "/wycheproof/" + name;
    try (InputStream in = VectorFiles.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource " + path);
      }
      return JSON.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read test resource " + path, e);
    }
  }
}
