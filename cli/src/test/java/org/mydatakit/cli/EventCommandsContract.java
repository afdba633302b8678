package org.mydatakit.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mydatakit.broker.EventOutbox;
import org.mydatakit.broker.EventOutbox.State;
import org.mydatakit.consent.Consent;
import org.mydatakit.store.jdbc.Databases;

/**
 * {@code events dead-letters}, {@code events replay} and {@code consents overdue-erasure} on a
 * store a real broker wrote ({@link EventHistory}); each database runs the same tests.
 */
abstract class EventCommandsContract {
  private static final ObjectMapper JSON = new ObjectMapper();

  String url;
  EventHistory history;

  /** The JDBC URL of a new, empty database or schema. */
  abstract String newStoreUrl() throws Exception;

  @BeforeEach
  void history() throws Exception {
    url = newStoreUrl();
    history = new EventHistory(url);
  }

  private EventOutbox.Entry now(EventOutbox.Entry e) {
    return history.store.events().find(e.event().jti()).orElseThrow();
  }

  @Test
  void deadLettersListsEachDeadEventOldestFirstWithoutItsToken() {
    Cli.Result r = Cli.run("events", "dead-letters", "--store", url);
    assertThat(r.exitCode()).as(r.err()).isZero();
    List<EventOutbox.Entry> dead = history.deadNow();
    assertThat(dead).hasSize(4);
    assertThat(r.outLines())
        .containsExactlyElementsOf(
            dead.stream()
                .map(
                    e ->
                        String.join(
                            "\t",
                            Long.toString(e.seq()),
                            e.event().jti(),
                            "NHIS",
                            "CONSENT_APPROVED",
                            e.event().consentId().toString(),
                            "1",
                            "HTTP 503",
                            history.start.toString()))
                .toList());
    for (EventOutbox.Entry e : dead) {
      assertThat(r.out()).doesNotContain(e.event().token());
    }
    assertThat(r.out()).doesNotContain("eyJ");
    assertThat(r.err()).isEmpty();
  }

  @Test
  void deadLettersAsJsonAndBeyondTheLimit() throws Exception {
    Cli.Result r = Cli.run("events", "dead-letters", "--store", url, "--json", "--limit", "3");
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.outLines()).hasSize(3);
    EventOutbox.Entry first = history.deadNow().get(0);
    JsonNode line = JSON.readTree(r.outLines()[0]);
    assertThat(line.get("seq").asLong()).isEqualTo(first.seq());
    assertThat(line.get("jti").asText()).isEqualTo(first.event().jti());
    assertThat(line.get("receiver").asText()).isEqualTo("NHIS");
    assertThat(line.get("type").asText()).isEqualTo("CONSENT_APPROVED");
    assertThat(line.get("consentId").asText()).isEqualTo(first.event().consentId().toString());
    assertThat(line.get("state").asText()).isEqualTo("DEAD");
    assertThat(line.get("attempts").asInt()).isEqualTo(1);
    assertThat(line.get("lastError").asText()).isEqualTo("HTTP 503");
    assertThat(line.get("doneAt").asText()).isEqualTo(history.start.toString());
    assertThat(line.get("createdAt").asText()).isEqualTo(first.event().createdAt().toString());
    assertThat(line.has("token")).isFalse();
    assertThat(r.err()).contains("showing the oldest 3 of 4 dead events; raise --limit");
  }

  @Test
  void replayPutsDeadAndRejectedEventsBackToPendingWithTheirJti() {
    EventOutbox.Entry dead = history.dead.get(0);
    EventOutbox.Entry rejected = history.rejected;
    Cli.Result r =
        Cli.run("events", "replay", "--store", url, dead.event().jti(), rejected.event().jti());
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.outLines())
        .containsExactly(
            dead.event().jti() + "\tNHIS\tCONSENT_APPROVED\t" + dead.event().consentId() + "\tDEAD",
            rejected.event().jti()
                + "\tKB-BANK\t"
                + rejected.event().type().name()
                + "\t"
                + rejected.event().consentId()
                + "\tREJECTED");
    assertThat(r.err()).contains("2 event(s) back to pending");
    for (EventOutbox.Entry e : List.of(dead, rejected)) {
      EventOutbox.Entry replayed = now(e);
      assertThat(replayed.state()).isEqualTo(State.PENDING);
      assertThat(replayed.attempts()).isZero();
      assertThat(replayed.seq()).isEqualTo(e.seq());
    }
    // due now, sent again with the same jti and token, ahead of its consent's later events
    List<EventOutbox.Entry> again =
        history.store.events().claim(EventHistory.NHIS, Instant.now(), Duration.ofMinutes(1), 10);
    assertThat(again)
        .filteredOn(e -> e.event().consentId().equals(dead.event().consentId()))
        .extracting(e -> e.event().jti(), e -> e.event().token())
        .containsExactly(tuple(dead.event().jti(), dead.event().token()));
    assertThat(Cli.run("events", "dead-letters", "--store", url).outLines()).hasSize(3);
  }

  @Test
  void replayOfAnEventNeitherDeadNorRejectedIsRefusedAndTheOthersAreStillPutBack() {
    EventOutbox.Entry dead = history.dead.get(1);
    String delivered = history.delivered.event().jti();
    Cli.Result r =
        Cli.run("events", "replay", "--store", url, delivered, "no-such-jti", dead.event().jti());
    assertThat(r.exitCode()).isEqualTo(3);
    assertThat(r.err())
        .contains("mydatakit: event " + delivered + " is DELIVERED: expected a DEAD or REJECTED")
        .contains("mydatakit: no event has jti no-such-jti")
        .contains("1 event(s) back to pending");
    assertThat(r.outLines()).hasSize(1);
    assertThat(r.outLines()[0]).startsWith(dead.event().jti() + "\t");
    assertThat(now(dead).state()).isEqualTo(State.PENDING);
    assertThat(now(history.delivered).state()).isEqualTo(State.DELIVERED);
  }

  @Test
  void replayAllPutsBackEveryDeadEventButNotTheRejectedOnes() {
    Cli.Result r = Cli.run("events", "replay", "--store", url, "--all");
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.outLines()).hasSize(4).allMatch(line -> line.endsWith("\tDEAD"));
    for (EventOutbox.Entry e : history.dead) {
      assertThat(now(e).state()).isEqualTo(State.PENDING);
    }
    assertThat(now(history.rejected).state()).isEqualTo(State.REJECTED);
    Cli.Result again = Cli.run("events", "replay", "--store", url, "--all");
    assertThat(again.exitCode()).isZero();
    assertThat(again.out()).isEmpty();
    assertThat(again.err()).contains("no dead event to replay");
  }

  @Test
  void overdueErasureListsTheConsentsPastTheGraceEarliestDueFirst() {
    Consent overdue = history.longRevoked;
    Cli.Result r = Cli.run("consents", "overdue-erasure", "--store", url);
    assertThat(r.exitCode()).as(r.err()).isZero();
    // revoked 40 days ago: 10 days past the 30 days' grace. The consent whose erasure is
    // attested, the one never delivered and the one revoked an hour ago are not listed.
    assertThat(r.out())
        .isEqualTo(
            overdue.id() + "\tKB-BANK\t" + history.start.minus(Duration.ofDays(40)) + "\t10\n");

    Cli.Result none = Cli.run("consents", "overdue-erasure", "--store", url, "--grace", "PT0S");
    assertThat(none.exitCode()).as(none.err()).isZero();
    assertThat(none.outLines())
        .containsExactly(
            overdue.id() + "\tKB-BANK\t" + history.start.minus(Duration.ofDays(40)) + "\t40",
            history.justRevoked.id()
                + "\tKB-BANK\t"
                + history.start.minus(Duration.ofHours(1))
                + "\t0");
    assertThat(Cli.run("consents", "overdue-erasure", "--store", url, "--grace", "P2W").out())
        .endsWith("\t26\n");
    assertThat(Cli.run("consents", "overdue-erasure", "--store", url, "--grace", "P60D").out())
        .isEmpty();
  }

  @Test
  void overdueErasureAsJsonAndBeyondTheLimit() throws Exception {
    Cli.Result r =
        Cli.run(
            "consents",
            "overdue-erasure",
            "--store",
            url,
            "--grace",
            "P1DT12H",
            "--limit",
            "1",
            "--json");
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.outLines()).hasSize(1);
    JsonNode line = JSON.readTree(r.outLines()[0]);
    assertThat(line.get("consentId").asText()).isEqualTo(history.longRevoked.id().toString());
    assertThat(line.get("consumer").asText()).isEqualTo("KB-BANK");
    assertThat(line.get("dueAt").asText())
        .isEqualTo(history.start.minus(Duration.ofDays(40)).toString());
    assertThat(line.get("overdueSince").asText())
        .isEqualTo(history.start.minus(Duration.ofDays(40)).plus(Duration.ofHours(36)).toString());
    assertThat(line.get("daysOverdue").asLong()).isEqualTo(38);
    assertThat(r.err()).isEmpty(); // the one revoked an hour ago is not yet 36 hours overdue

    Cli.Result limited =
        Cli.run("consents", "overdue-erasure", "--store", url, "--grace", "PT0S", "--limit", "1");
    assertThat(limited.outLines()).hasSize(1);
    assertThat(limited.err()).contains("showing the earliest 1 of 2 overdue consents");
  }

  @Test
  void badOptionsAreUsageErrorsThatNameTheOption() {
    String token = history.dead.get(0).event().token();
    assertUsage(Cli.run("events"), "expected a subcommand: dead-letters or replay");
    assertUsage(Cli.run("events", "dead-letters"), "expected --store URL");
    assertUsage(Cli.run("events", "dead-letters", "--store", url, "--limit", "0"), "--limit:");
    assertUsage(Cli.run("events", "replay", "--store", url), "expected at least one JTI, or --all");
    assertUsage(
        Cli.run("events", "replay", "--store", url, "--all", "some-jti"),
        "expected JTI... or --all, not both");
    Cli.Result pasted = Cli.run("events", "replay", "--store", url, token);
    assertUsage(pasted, "expected each JTI as `events dead-letters` prints it");
    assertThat(pasted.err()).doesNotContain(token.substring(0, 20));
    assertUsage(
        Cli.run("consents", "overdue-erasure", "--store", url, "--grace", "P1M"),
        "--grace: expected days, weeks, hours or minutes");
    assertUsage(
        Cli.run("consents", "overdue-erasure", "--store", url, "--grace", "thirty days"),
        "--grace: expected an ISO-8601 duration such as P30D");
    assertUsage(
        Cli.run("consents", "overdue-erasure", "--store", url, "--grace", "-P1D"),
        "--grace: expected a duration of zero or more");
    assertUsage(
        Cli.run("consents", "overdue-erasure", "--store", url, "--limit", "10001"),
        "--limit: expected 1 to 10000, got 10001");
    assertThat(history.deadNow()).allMatch(e -> e.state() == State.DEAD);
  }

  private static void assertUsage(Cli.Result r, String message) {
    assertThat(r.exitCode()).as(r.err()).isEqualTo(2);
    assertThat(r.err()).startsWith("mydatakit: ").contains(message);
    assertThat(r.out()).isEmpty();
  }

  @Test
  void aStoreFromBeforeConsentEventsHasNoneToListOrReplay() throws Exception {
    try (Connection c = Databases.fromUrl(url).getConnection();
        Statement s = c.createStatement()) {
      s.execute("DROP TABLE mydatakit_event");
      s.execute("DROP TABLE mydatakit_erasure");
    }
    for (String[] listing :
        List.of(
            new String[] {"events", "dead-letters", "--store", url},
            new String[] {"consents", "overdue-erasure", "--store", url},
            new String[] {"events", "replay", "--store", url, "--all"})) {
      Cli.Result r = Cli.run(listing);
      assertThat(r.exitCode()).as(r.err()).isZero();
      assertThat(r.out()).isEmpty();
      assertThat(r.err()).isEqualTo("mydatakit: this store keeps no consent events\n");
    }
    Cli.Result replay = Cli.run("events", "replay", "--store", url, "some-jti");
    assertThat(replay.exitCode()).isEqualTo(3);
    assertThat(replay.err()).contains("this store keeps no consent events");
  }
}
