package org.mydatakit.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.mydatakit.broker.ConsentStoreException;
import org.mydatakit.broker.OverdueErasure;
import org.mydatakit.store.jdbc.JdbcConsentStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code mydatakit consents overdue-erasure --store URL}: what {@code
 * ConsentBroker.overdueErasures(now, grace, limit)} lists.
 */
@Command(
    name = "overdue-erasure",
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    description = {
      "List the consents whose consumer owes an erasure attestation past the grace period.",
      "A consumer owes one once a consent it received data under was revoked or its retention"
          + " period ended, and it is overdue when none is kept by the end of the grace period.",
      "Each line has the consent id, the consumer, when erasure became due and the whole days"
          + " past the grace period, separated by tabs, earliest due first; with --json, one JSON"
          + " object per line that also has when it became overdue."
    })
final class ConsentsOverdueErasureCommand implements Callable<Integer> {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The longest grace taken: a century, so that {@code now - grace} is always an instant. */
  private static final long MAX_GRACE_DAYS = 36_500;

  @Spec private CommandSpec spec;

  @Mixin private StoreOption store;

  @Mixin private LimitOption limit;

  @Option(
      names = "--grace",
      paramLabel = "DURATION",
      defaultValue = "P30D",
      description =
          "How long a consumer has to attest erasure once it is due, as an ISO-8601 duration of"
              + " days, weeks, hours or minutes such as P30D, P2W or PT36H (P30D by default).")
  String grace;

  @Option(
      names = "--json",
      description = "Print one JSON object per consent instead of tab-separated columns.")
  boolean json;

  @Override
  public Integer call() {
    Inputs inputs = new Inputs(spec);
    if (store.url == null) {
      throw inputs.error("expected --store URL");
    }
    Duration graceDuration = inputs.parse("--grace", () -> grace(grace));
    int max = limit.checked(inputs);
    Optional<JdbcConsentStore> opened = store.openWithEvents(inputs);
    if (opened.isEmpty()) {
      spec.commandLine().getErr().println("mydatakit: this store keeps no consent events");
      return Main.OK;
    }
    Instant now = Instant.now();
    Instant dueBefore = now.minus(graceDuration);
    List<OverdueErasure> overdue;
    long total;
    try {
      overdue = opened.get().overdueErasures(dueBefore, max);
      total = overdue.size() < max ? overdue.size() : opened.get().countOverdueErasures(dueBefore);
    } catch (ConsentStoreException e) {
      throw new CliFailure("cannot read the store: " + e.getMessage(), e);
    }
    PrintWriter out = spec.commandLine().getOut();
    for (OverdueErasure o : overdue) {
      Instant overdueSince = o.dueAt().plus(graceDuration);
      long days = Math.max(0, Duration.between(overdueSince, now).toDays());
      out.println(json ? json(o, overdueSince, days) : line(o, days));
    }
    out.flush();
    if (total > overdue.size()) {
      spec.commandLine()
          .getErr()
          .println(
              "mydatakit: showing the earliest "
                  + overdue.size()
                  + " of "
                  + total
                  + " overdue consents; raise --limit to see more");
    }
    return Main.OK;
  }

  /**
   * The grace period: an ISO-8601 duration ({@code P30D}, {@code PT36H}, {@code P1DT12H}) or a
   * period of days or weeks ({@code P2W}); months and years have no fixed length and are refused.
   *
   * @throws IllegalArgumentException if it is none of these, negative, or over a century
   */
  static Duration grace(String text) {
    Duration grace;
    try {
      grace = Duration.parse(text);
    } catch (DateTimeParseException notADuration) {
      Period period;
      try {
        period = Period.parse(text);
      } catch (DateTimeParseException notAPeriod) {
        throw new IllegalArgumentException(
            "expected an ISO-8601 duration such as P30D, P2W or PT36H, got another value");
      }
      if (period.getYears() != 0 || period.getMonths() != 0) {
        throw new IllegalArgumentException(
            "expected days, weeks, hours or minutes such as P30D, got months or years, which have"
                + " no fixed length");
      }
      grace = Duration.ofDays(period.getDays());
    }
    if (grace.isNegative()) {
      throw new IllegalArgumentException("expected a duration of zero or more, got a negative one");
    }
    if (grace.toDays() > MAX_GRACE_DAYS) {
      throw new IllegalArgumentException(
          "expected at most " + MAX_GRACE_DAYS + " days, got " + grace.toDays());
    }
    return grace;
  }

  private static String line(OverdueErasure o, long days) {
    return o.consentId() + "\t" + o.consumer().value() + "\t" + o.dueAt() + "\t" + days;
  }

  private static String json(OverdueErasure o, Instant overdueSince, long days) {
    ObjectNode node = JSON.createObjectNode();
    node.put("consentId", o.consentId().toString());
    node.put("consumer", o.consumer().value());
    node.put("dueAt", o.dueAt().toString());
    node.put("overdueSince", overdueSince.toString());
    node.put("daysOverdue", days);
    return node.toString();
  }
}
