package org.mydatakit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The BOM pins the third-party versions an application adds beside our artifacts; they must be the
 * versions the build itself uses, which the parent pom's properties hold.
 */
class BomVersionsTest {
  private static final Pattern PROPERTY = Pattern.compile("<([a-z0-9.-]+\\.version)>([^<]+)</\\1>");

  @Test
  void theBomsVersionsAreTheBuilds() throws Exception {
    Path root = Path.of("").toAbsolutePath().getParent();
    String parent = Files.readString(root.resolve("pom.xml"));
    String bom = Files.readString(root.resolve("bom/pom.xml"));
    Matcher m = PROPERTY.matcher(bom);
    int checked = 0;
    while (m.find()) {
      Matcher inParent =
          Pattern.compile("<" + Pattern.quote(m.group(1)) + ">([^<]+)</").matcher(parent);
      assertThat(inParent.find()).as("parent property " + m.group(1)).isTrue();
      assertThat(m.group(2)).as(m.group(1)).isEqualTo(inParent.group(1));
      checked++;
    }
    assertThat(checked).isGreaterThanOrEqualTo(4);
    assertThat(bom).contains("<artifactId>mydatakit-store-tck</artifactId>");
    assertThat(bom)
        .doesNotContain("<type>test-jar</type>")
        .doesNotContain("mydatakit-test-support")
        .doesNotContain("mydatakit-examples");
  }
}
