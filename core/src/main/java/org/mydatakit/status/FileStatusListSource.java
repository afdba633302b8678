package org.mydatakit.status;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.mydatakit.internal.Checks;

/** Reads each list's token from its own file; see {@link StatusListSource#files}. */
final class FileStatusListSource implements StatusListSource {
  private final Map<URI, Path> files;

  FileStatusListSource(Map<URI, Path> files) {
    this.files = Map.copyOf(Checks.notNull("status list files", files));
  }

  @Override
  public String fetch(URI listUri) throws IOException {
    Path file = files.get(listUri);
    if (file == null) {
      throw new FileNotFoundException("no status list file configured for this uri");
    }
    if (Files.size(file) > StatusListVerifier.DEFAULT_MAX_TOKEN_LENGTH) {
      throw new IOException("status list file exceeds the size limit: " + file);
    }
    return new String(Files.readAllBytes(file), StandardCharsets.US_ASCII).strip();
  }

  @Override
  public String toString() {
    return "FileStatusListSource[lists=" + files.size() + "]";
  }
}
