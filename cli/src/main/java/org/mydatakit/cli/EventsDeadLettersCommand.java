package org.mydatakit.cli;

import static org.mydatakit.broker.EventOutbox.State.DEAD;

import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.mydatakit.broker.ConsentStoreException;
import org.mydatakit.broker.EventOutbox;
import org.mydatakit.store.jdbc.JdbcConsentStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code mydatakit events dead-letters --store URL}: the events given up on, oldest first. */
@Command(
    name = "dead-letters",
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    description = {
      "List the consent events that could not be delivered within the dispatcher's maximum age.",
      "Each line has the seq, jti, receiving agency, event type, consent id, attempts, last error"
          + " and when it was given up, separated by tabs, oldest first; with --json, one JSON"
          + " object per line that also has when the event was written and due.",
      "The signed event itself is never printed; `events replay` sends it again."
    })
final class EventsDeadLettersCommand implements Callable<Integer> {
  @Spec private CommandSpec spec;

  @Mixin private StoreOption store;

  @Mixin private LimitOption limit;

  @Option(
      names = "--json",
      description = "Print one JSON object per event instead of tab-separated columns.")
  boolean json;

  @Override
  public Integer call() {
    Inputs inputs = new Inputs(spec);
    if (store.url == null) {
      throw inputs.error("expected --store URL");
    }
    int max = limit.checked(inputs);
    Optional<JdbcConsentStore> opened = store.openWithEvents(inputs);
    if (opened.isEmpty()) {
      spec.commandLine().getErr().println("mydatakit: this store keeps no consent events");
      return Main.OK;
    }
    List<EventOutbox.Entry> dead;
    long total;
    try {
      dead = opened.get().events().deadLetters(max);
      total = dead.size() < max ? dead.size() : opened.get().events().countByState().get(DEAD);
    } catch (ConsentStoreException e) {
      throw new CliFailure("cannot read the store: " + e.getMessage(), e);
    }
    PrintWriter out = spec.commandLine().getOut();
    for (EventOutbox.Entry e : dead) {
      out.println(json ? EventLines.json(e) : EventLines.text(e));
    }
    out.flush();
    if (total > dead.size()) {
      spec.commandLine()
          .getErr()
          .println(
              "mydatakit: showing the oldest "
                  + dead.size()
                  + " of "
                  + total
                  + " dead events; raise --limit to see more");
    }
    return Main.OK;
  }
}
