package org.mydatakit.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A broker's key files: created once, read back the same, never rewritten, never printed. */
class BrokerKeyFilesTest {
  @TempDir Path home;

  @Test
  void theFirstLoadCreatesTheKeysOwnerOnlyAndTheNextReadsTheSame() throws Exception {
    BrokerKeyFiles first = BrokerKeyFiles.load(home, "broker.example/log");
    BrokerKeyFiles again = BrokerKeyFiles.load(home, "another.example/log");

    assertThat(again.signingKeys().verificationKeys().toJson())
        .isEqualTo(first.signingKeys().verificationKeys().toJson());
    assertThat(again.logKey().verifierKey()).isEqualTo(first.logKey().verifierKey());
    assertThat(again.logKey().verifierKey().name()).isEqualTo("broker.example/log");
    assertThat(again.pairwiseSecret()).isEqualTo(first.pairwiseSecret()).hasSize(32);
    assertThat(first.files()).allMatch(Files::exists).hasSize(3);
    if (Files.getFileStore(home).supportsFileAttributeView("posix")) {
      for (Path file : first.files()) {
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
            .isEqualTo("rw-------");
      }
    }
    assertThat(first.toString()).doesNotContain("PRIVATE").doesNotContain("\"d\"");
  }

  @Test
  void aBrokenKeyFileIsNamedButNotQuoted() throws Exception {
    Files.createDirectories(home.resolve("keys"));
    Files.writeString(home.resolve("keys").resolve(BrokerKeyFiles.LOG_KEY), "SECRET-LOOKING-JUNK");
    assertThatThrownBy(() -> BrokerKeyFiles.load(home, "broker.example/log"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(BrokerKeyFiles.LOG_KEY)
        .hasMessageNotContaining("SECRET-LOOKING-JUNK")
        .hasNoCause();
  }
}
