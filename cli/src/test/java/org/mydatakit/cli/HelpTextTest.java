package org.mydatakit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Every help text reads as whole sentences: a command's first description line, which its parent
 * lists, is one complete sentence; every other line ends a sentence or introduces the example lines
 * under it; every option and parameter is described by complete sentences.
 */
class HelpTextTest {

  @Test
  void everyCommandSummaryIsOneCompleteSentence() {
    for (Class<?> command : commands(Main.class)) {
      String[] description = command.getAnnotation(Command.class).description();
      assertThat(description).as(command.getSimpleName()).isNotEmpty();
      assertThat(description[0])
          .as("%s: the line its parent lists", command.getSimpleName())
          .matches("[A-Z].*\\.")
          .doesNotContain("%n");
    }
  }

  @Test
  void everyDescriptionLineEndsASentenceOrIntroducesExamples() {
    for (Class<?> command : commands(Main.class)) {
      String[] lines = command.getAnnotation(Command.class).description();
      for (int i = 0; i < lines.length; i++) {
        String line = lines[i];
        if (line.startsWith(" ")) {
          assertThat(line.length())
              .as("%s: an example line fits the 80 columns of the help", command.getSimpleName())
              .isLessThanOrEqualTo(78);
          continue;
        }
        boolean examplesFollow = i + 1 < lines.length && lines[i + 1].startsWith(" ");
        assertThat(line)
            .as(command.getSimpleName())
            .matches(examplesFollow ? "[A-Z].*[.:]" : "[A-Z].*\\.");
      }
    }
  }

  @Test
  void everyOptionAndParameterIsDescribedInSentences() {
    List<Class<?>> described = new ArrayList<>(commands(Main.class));
    described.addAll(
        List.of(
            StoreOption.class,
            RegistryStoreOption.class,
            LimitOption.class,
            DpopOptions.class,
            AuditCheckpointOptions.class));
    int checked = 0;
    for (Class<?> type : described) {
      for (Field field : type.getDeclaredFields()) {
        String[] description =
            field.isAnnotationPresent(Option.class)
                ? field.getAnnotation(Option.class).description()
                : field.isAnnotationPresent(Parameters.class)
                    ? field.getAnnotation(Parameters.class).description()
                    : null;
        if (description == null) {
          continue;
        }
        String text = String.join(" ", description);
        assertThat(text)
            .as("%s.%s", type.getSimpleName(), field.getName())
            .matches("[A-Z].*\\.")
            .hasSizeGreaterThan(15);
        checked++;
      }
    }
    assertThat(checked).isGreaterThan(30);
  }

  @Test
  void theTopLevelHelpListsEveryCommandWithAWholeSentence() {
    String help = Cli.run("--help").out();
    String commands = help.substring(help.indexOf("Commands:"), help.indexOf("Exit codes:"));
    // each entry, wrapped lines joined, ends with a full stop
    for (String entry : commands.strip().split("\n  (?=\\S)")) {
      if (!entry.startsWith("Commands:")) {
        assertThat(entry.replaceAll("\\s+", " ").strip()).endsWith(".");
      }
    }
  }

  /** {@code root}'s subcommands, recursively. */
  private static List<Class<?>> commands(Class<?> root) {
    List<Class<?>> all = new ArrayList<>();
    for (Class<?> sub : root.getAnnotation(Command.class).subcommands()) {
      all.add(sub);
      all.addAll(commands(sub));
    }
    return all;
  }
}
