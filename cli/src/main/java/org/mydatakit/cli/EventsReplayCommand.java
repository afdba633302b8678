package org.mydatakit.cli;

import java.io.PrintWriter;
import java.time.Clock;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import org.mydatakit.broker.ConsentStoreException;
import org.mydatakit.broker.EventOutbox;
import org.mydatakit.broker.EventOutbox.State;
import org.mydatakit.store.jdbc.JdbcConsentStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code mydatakit events replay --store URL (JTI... | --all)}: back to PENDING. */
@Command(
    name = "replay",
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    description = {
      "Put dead or rejected consent events back to pending, for the broker's dispatcher to send"
          + " again.",
      "Each is due at once with its attempts reset, and is sent with the same jti, so a receiver"
          + " that keeps the jtis it has seen takes it once.",
      "Prints one line per event put back: its jti, receiving agency, event type, consent id and"
          + " the state it was in, separated by tabs.",
      "A jti that names no dead or rejected event is named on standard error and the others are"
          + " still put back; the exit code is then 3."
    })
final class EventsReplayCommand implements Callable<Integer> {
  /** What a jti can be ({@code OutboxEvent}): anything else is not shown back. */
  private static final Pattern JTI = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

  private static final int PAGE = 500;

  @Spec private CommandSpec spec;

  @Mixin private StoreOption store;

  @Parameters(
      paramLabel = "JTI",
      arity = "0..*",
      description = "The jti of a dead or rejected event, as `events dead-letters` prints it.")
  List<String> jtis;

  @Option(
      names = "--all",
      description =
          "Put back every dead event instead (not the rejected ones: their receiver refused"
              + " them, so replay those by jti once it is fixed).")
  boolean all;

  @Override
  public Integer call() {
    Inputs inputs = new Inputs(spec);
    if (store.url == null) {
      throw inputs.error("expected --store URL");
    }
    List<String> given = jtis == null ? List.of() : jtis;
    if (all == !given.isEmpty()) {
      throw inputs.error(
          all ? "expected JTI... or --all, not both" : "expected at least one JTI, or --all");
    }
    for (String jti : given) {
      if (!JTI.matcher(jti).matches()) {
        throw inputs.error(
            "expected each JTI as `events dead-letters` prints it (1 to 128 letters, digits,"
                + " '.', '_' or '-'), got another value (not shown)");
      }
    }
    Optional<JdbcConsentStore> opened = store.openWithEvents(inputs);
    PrintWriter err = spec.commandLine().getErr();
    if (opened.isEmpty()) {
      err.println("mydatakit: this store keeps no consent events");
      return all ? Main.OK : Main.REJECTED;
    }
    EventOutbox outbox = opened.get().events();
    Replayed replayed = new Replayed(spec.commandLine().getOut(), Clock.systemUTC());
    try {
      if (all) {
        replayed.allDead(outbox);
      } else {
        for (String jti : new LinkedHashSet<>(given)) {
          replayed.one(outbox, jti, err);
        }
      }
    } catch (ConsentStoreException e) {
      throw new CliFailure("cannot write the store: " + e.getMessage(), e);
    }
    if (replayed.count == 0 && all) {
      err.println("mydatakit: no dead event to replay");
    } else if (replayed.count > 0) {
      err.println(
          "mydatakit: "
              + replayed.count
              + " event(s) back to pending; the broker's dispatcher sends them on its next round");
    }
    return replayed.refused == 0 ? Main.OK : Main.REJECTED;
  }

  /** What one run put back, and what it refused. */
  private static final class Replayed {
    private final PrintWriter out;
    private final Clock clock;
    int count;
    int refused;

    Replayed(PrintWriter out, Clock clock) {
      this.out = out;
      this.clock = clock;
    }

    void one(EventOutbox outbox, String jti, PrintWriter err) {
      Optional<EventOutbox.Entry> found = outbox.find(jti);
      if (found.isEmpty()) {
        refuse(err, "no event has jti " + jti);
      } else if (found.get().state() != State.DEAD && found.get().state() != State.REJECTED) {
        refuse(
            err,
            "event "
                + jti
                + " is "
                + found.get().state()
                + ": expected a DEAD or REJECTED event, left as it is");
      } else if (!put(outbox, found.get())) {
        refuse(err, "event " + jti + " changed meanwhile: expected a DEAD or REJECTED event");
      }
    }

    /** Every dead event, page by page; one that goes dead again meanwhile is not put back twice. */
    void allDead(EventOutbox outbox) {
      Set<String> seen = new HashSet<>();
      while (true) {
        List<EventOutbox.Entry> fresh =
            outbox.deadLetters(PAGE).stream().filter(e -> seen.add(e.event().jti())).toList();
        if (fresh.isEmpty()) {
          return;
        }
        for (EventOutbox.Entry e : fresh) {
          put(outbox, e);
        }
      }
    }

    private boolean put(EventOutbox outbox, EventOutbox.Entry e) {
      if (!outbox.replay(e.event().jti(), clock.instant())) {
        return false;
      }
      out.println(
          String.join(
              "\t",
              e.event().jti(),
              e.event().receiver().value(),
              e.event().type().name(),
              e.event().consentId().toString(),
              e.state().name()));
      out.flush();
      count++;
      return true;
    }

    private void refuse(PrintWriter err, String why) {
      err.println("mydatakit: " + why);
      refused++;
    }
  }
}
