package org.mydatakit.spring.boot;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Collections;

/** Test helpers: a startup failure's messages, the published property metadata. */
final class Failures {
  private Failures() {}

  /** Every message of {@code failure}'s cause chain, one a line. */
  static String messages(Throwable failure) {
    StringBuilder messages = new StringBuilder();
    for (Throwable t = failure; t != null; t = t.getCause()) {
      messages.append(t.getMessage()).append('\n');
    }
    return messages.toString();
  }

  /** The configuration metadata on the class path that mentions {@code prefix}. */
  static String metadata(String prefix) throws IOException {
    String metadata = null;
    for (URL url :
        Collections.list(
            Failures.class
                .getClassLoader()
                .getResources("META-INF/spring-configuration-metadata.json"))) {
      try (InputStream in = url.openStream()) {
        String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        if (text.contains(prefix)) {
          metadata = text;
        }
      }
    }
    return metadata;
  }
}
