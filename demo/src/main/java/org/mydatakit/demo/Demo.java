package org.mydatakit.demo;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import okhttp3.OkHttpClient;
import org.mydatakit.audit.AuditVerification;
import org.mydatakit.audit.ConsentReceipt;
import org.mydatakit.audit.ReceiptIssuer;
import org.mydatakit.broker.AccessRecord;
import org.mydatakit.broker.ConsentBroker;
import org.mydatakit.broker.ConsentRequest;
import org.mydatakit.broker.FetchBudget;
import org.mydatakit.broker.FetchOutcome;
import org.mydatakit.broker.FetchRecord;
import org.mydatakit.client.GrantRejectedException;
import org.mydatakit.client.GrantSource;
import org.mydatakit.client.ItemResult;
import org.mydatakit.client.MyDataClient;
import org.mydatakit.client.ProviderDirectory;
import org.mydatakit.client.RemoteGrantSource;
import org.mydatakit.consent.AgencyId;
import org.mydatakit.consent.AuthenticationEvidence;
import org.mydatakit.consent.CitizenIdentifier;
import org.mydatakit.consent.Consent;
import org.mydatakit.consent.ConsentId;
import org.mydatakit.consent.ConsentStateException;
import org.mydatakit.consent.DataItem;
import org.mydatakit.consent.Delivery;
import org.mydatakit.consent.ItemCode;
import org.mydatakit.consent.LegalBasis;
import org.mydatakit.consent.PairwiseSubjects;
import org.mydatakit.consent.Purpose;
import org.mydatakit.consent.RevokedBy;
import org.mydatakit.consent.Schedule;
import org.mydatakit.examples.agency.AgencyConfig;
import org.mydatakit.examples.agency.AgencyRecords;
import org.mydatakit.examples.agency.ProviderAgencyServer;
import org.mydatakit.examples.broker.BrokerServer;
import org.mydatakit.examples.consumer.ConsumerApp;
import org.mydatakit.grant.Grant;
import org.mydatakit.keys.SigningAlgorithm;
import org.mydatakit.keys.SigningKeySet;
import org.mydatakit.log.Checkpoint;
import org.mydatakit.log.InvalidNoteException;
import org.mydatakit.log.MerkleTree;
import org.mydatakit.log.SignedNote;
import org.mydatakit.log.Witness;
import org.mydatakit.store.jdbc.Databases;
import org.mydatakit.store.jdbc.JdbcConsentStore;

/**
 * The one-command demo: starts a broker on the embedded H2 store (or the given JDBC URL), the
 * provider agencies NHIS and NTS and the consumer KB-BANK on free loopback ports, and walks the
 * whole flow, printing each step. Exit code 0 when every step ended as it should.
 *
 * <pre>{@code
 * int exit = Demo.run(Path.of(".mydatakit"), null, false, System.out);
 * }</pre>
 */
final class Demo {
  static final String ISSUER = "https://broker.demo.mydatakit.org";
  static final AgencyId KB_BANK = AgencyId.of("KB-BANK");
  static final AgencyId NHIS = AgencyId.of("NHIS");
  static final AgencyId NTS = AgencyId.of("NTS");
  static final ItemCode QUALIFICATION = ItemCode.of("nhis.qualification");
  static final ItemCode INCOME = ItemCode.of("nts.income-certificate");
  static final String CITIZEN = "FAKE-CI-HONG-GILDONG-0001"; // 홍길동, 가상 인물 (fictional)
  static final Duration STATUS_TTL = Duration.ofSeconds(2);

  private Demo() {}

  /**
   * Runs the demo in {@code home}; {@code storeUrl} null means the embedded H2 file there.
   *
   * @return 0 if every step ended as expected, 1 otherwise
   */
  static int run(Path home, String storeUrl, boolean keepRunning, PrintStream out)
      throws Exception {
    DemoHome files = new DemoHome(home);
    String url = storeUrl == null ? files.h2Url() : storeUrl;
    JdbcConsentStore store = JdbcConsentStore.builder(Databases.fromUrl(url)).build();
    store.migrate();
    PairwiseSubjects subjects = PairwiseSubjects.of(files.pairwiseSecret);
    out.println("mydatakit demo — store " + url);
    // each agency signs its delivery receipts with its own key; the broker trusts their public half
    SigningKeySet nhisReceipts = SigningKeySet.generate(SigningAlgorithm.ES256);
    SigningKeySet ntsReceipts = SigningKeySet.generate(SigningAlgorithm.ES256);
    try (BrokerServer broker =
            BrokerServer.start(
                BrokerServer.Config.builder()
                    .broker(
                        base ->
                            ConsentBroker.builder()
                                .store(store)
                                .signingKeys(files.brokerKeys)
                                .issuer(ISSUER)
                                .pairwiseSubjects(subjects)
                                .statusListUri(URI.create(base + "/status/1"))
                                .statusListTtl(STATUS_TTL)
                                .providerKeys(NHIS, nhisReceipts.verificationKeys())
                                .providerKeys(NTS, ntsReceipts.verificationKeys())
                                .logKey(files.logKey)
                                .witnesses(files.witnessKey.verifierKey())
                                .build())
                    .signingKeys(files.brokerKeys)
                    .consumer(KB_BANK, files.consumerClientKeys.verificationKeys())
                    .build());
        ProviderAgencyServer nhis = agency(NHIS, broker, subjects, nhisReceipts);
        ProviderAgencyServer nts = agency(NTS, broker, subjects, ntsReceipts)) {
      out.println("  broker  " + broker.baseUrl() + "   (jwks, status list, grants)");
      out.println("  NHIS    " + nhis.baseUrl() + "   NTS " + nts.baseUrl());
      ProviderDirectory directory =
          ProviderDirectory.of(Map.of(NHIS, nhis.baseUrl(), NTS, nts.baseUrl()));
      GrantSource grants = grantSource(broker, files);
      ConsumerApp consumer = ConsumerApp.create(KB_BANK, directory, files.consumerDpopKey, grants);
      boolean ok = new Walk(broker.broker(), files, out, directory, grants).run(consumer);
      if (keepRunning) {
        out.println("servers keep running; press Ctrl-C to stop");
        Thread.currentThread().join();
      }
      return ok ? 0 : 1;
    }
  }

  /** Every instant the demo prints: UTC, to the second ({@code 2026-12-27T12:00:53Z}). */
  static String instant(Instant instant) {
    return instant.truncatedTo(ChronoUnit.SECONDS).toString();
  }

  private static ProviderAgencyServer agency(
      AgencyId id, BrokerServer broker, PairwiseSubjects subjects, SigningKeySet receipts)
      throws Exception {
    return ProviderAgencyServer.start(
        AgencyConfig.builder(id)
            .broker(URI.create(broker.baseUrl()))
            .issuer(ISSUER)
            .providerKey(subjects.providerKey(id))
            .records(AgencyRecords.sample(id))
            .receiptKeys(receipts)
            .build());
  }

  private static RemoteGrantSource grantSource(BrokerServer broker, DemoHome files) {
    return RemoteGrantSource.builder(
            new OkHttpClient(),
            URI.create(broker.baseUrl()),
            KB_BANK,
            files.consumerClientKeys,
            files.consumerDpopKey)
        .build();
  }

  /** The steps, in order; each prints what happened and whether it was as expected. */
  private static final class Walk {
    private final ConsentBroker broker;
    private final DemoHome files;
    private final PrintStream out;
    private final ProviderDirectory directory;
    private final GrantSource grants;
    private boolean ok = true;

    Walk(
        ConsentBroker broker,
        DemoHome files,
        PrintStream out,
        ProviderDirectory directory,
        GrantSource grants) {
      this.directory = directory;
      this.grants = grants;
      this.broker = broker;
      this.files = files;
      this.out = out;
    }

    boolean run(ConsumerApp consumer) throws Exception {
      try (CitizenIdentifier citizen = CitizenIdentifier.of(CITIZEN)) {
        Instant now = Instant.now();
        Consent requested = broker.request(request(now), citizen, "demo-" + now.toEpochMilli());
        step(
            "1. KB-BANK asks 홍길동 (fictional) for monthly NHIS and NTS records: consent "
                + requested.id()
                + " "
                + requested.status());
        Consent active =
            broker.approve(
                requested.id(),
                citizen,
                new AuthenticationEvidence(
                    AuthenticationEvidence.Method.SIMPLE_AUTHENTICATION,
                    now,
                    "mobile-app",
                    AuthenticationEvidence.sha256Hex("demo consent text shown to the citizen")));
        ConsentReceipt receipt =
            ReceiptIssuer.verify(
                broker.receipts(active.id()).get(0).token(),
                files.brokerKeys.verificationKeys(),
                ISSUER);
        step(
            "2. the citizen approves: "
                + active.status()
                + ", status-list slot "
                + active.statusIndex().getAsLong()
                + "; signed receipt "
                + receipt.receiptId()
                + " ("
                + receipt.status()
                + ") verifies");
        step(
            "3. grants issued over HTTP (private_key_jwt + DPoP), data fetched from both agencies:");
        List<ItemResult> fetched = consumer.fetchAll(active.id(), out);
        expect(fetched.stream().allMatch(r -> r.result().isPresent()), "both items delivered");
        FetchBudget budget = broker.remainingBudget(active.id(), NHIS);
        step(
            "4. remaining NHIS deliveries this month (a grant delivers each item once): "
                + budget.remaining()
                + " of "
                + budget.limit()
                + ", resets "
                + budget.periodEnds().map(Demo::instant).orElse("never"));
        expect(budget.remaining() == budget.limit() - 1, "one unit used");
        // a grant the bank obtains (over HTTP) before the revoke and presents after it
        Grant held = grants.grant(active.id(), NHIS, files.consumerDpopKey.thumbprint());
        broker.revoke(active.id(), RevokedBy.CITIZEN, "loan declined");
        step(
            "5. the citizen revokes; waiting "
                + STATUS_TTL.toSeconds()
                + " s, the status list's ttl, for the agencies to notice");
        Thread.sleep(STATUS_TTL.toMillis() + 500);
        try {
          consumer.client().fetch(active.id(), QUALIFICATION);
          step("6. a new fetch was NOT refused");
          ok = false;
        } catch (ConsentStateException e) {
          step("6. a new fetch gets no grant: the broker issues none for a revoked consent");
        }
        try {
          heldGrantClient(held).fetch(active.id(), QUALIFICATION);
          step("7. the grant held from before the revoke was NOT refused");
          ok = false;
        } catch (GrantRejectedException e) {
          step(
              "7. the grant held from before the revoke is refused by NHIS: "
                  + e.status()
                  + " "
                  + e.reason().orElse("?")
                  + " (transaction "
                  + e.transactionId()
                  + ")");
          expect("REVOKED".equals(e.reason().orElse("")), "refused as REVOKED");
        }
        List<AccessRecord> history = broker.accessHistory(citizen);
        step("8. 홍길동's access history (제공 이력), all runs: " + history.size() + " entries");
        for (AccessRecord r : history) {
          out.println(
              "     "
                  + instant(r.at())
                  + "  "
                  + (r instanceof FetchRecord f
                      ? "fetched  "
                          + f.provider()
                          + " "
                          + f.items()
                          + " tx "
                          + f.transactionId()
                          + " "
                          + f.outcome()
                          + (f.outcome() == FetchOutcome.DELIVERED
                              ? " (confirmed by " + f.provider() + "'s signed receipt)"
                              : "")
                      : "granted  " + r.provider() + " grant " + r.grantId()));
        }
        ok &= witness();
        AuditVerification audit = broker.verifyAudit();
        step(
            "11. audit log (chain, Merkle tree, signed checkpoints) "
                + (audit.intact() ? "intact: " : "BROKEN: ")
                + audit.entries()
                + " entries"
                + (audit.intact() ? "" : " — " + audit.why()));
        expect(audit.intact(), "audit log intact");
      }
      out.println(ok ? "demo: every step ended as expected" : "demo: FAILED");
      return ok;
    }

    /**
     * NHIS runs a witness of the broker's log: it cosigns the new checkpoint only if it extends the
     * last one it cosigned (kept in a file between runs), and refuses a forked log.
     */
    private boolean witness() throws IOException {
      Path state = files.witnessState();
      Checkpoint last =
          Files.exists(state)
              ? Checkpoint.parse(
                  SignedNote.open(Files.readString(state), List.of(broker.logKey())).text())
              : null;
      Witness nhis = Witness.of(files.witnessKey, broker.logKey(), DemoHome.LOG_ORIGIN, last);
      String note = broker.checkpoint();
      Checkpoint now = Checkpoint.parse(SignedNote.open(note, List.of(broker.logKey())).text());
      List<byte[]> proof =
          last == null || last.size() == now.size()
              ? List.of()
              : broker.logConsistency(last.size(), now.size());
      String cosigned = broker.addCosignature(now.size(), nhis.cosign(note, proof));
      Files.writeString(state, cosigned);
      step(
          "9. NHIS's witness cosigns the log's checkpoint: "
              + now.size()
              + " entries"
              + (last == null ? "" : ", consistent with the " + last.size() + " it cosigned before")
              + "; a citizen's proof file now carries its cosignature");
      // a broker that shows one witness a different tree of the same size: a fork
      String forked =
          files.logKey.sign(
              org.mydatakit.log.Checkpoint.of(
                      DemoHome.LOG_ORIGIN, now.size(), MerkleTree.leafHash(new byte[] {1}))
                  .text());
      try {
        nhis.cosign(forked, List.of());
        step("10. the witness cosigned a forked log: FAILED");
        return false;
      } catch (InvalidNoteException e) {
        step(
            "10. shown a forked log (same size, another root), the witness refuses: " + e.reason());
        return e.reason() == InvalidNoteException.Reason.LOG_FORKED;
      }
    }

    private static ConsentRequest request(Instant now) {
      return ConsentRequest.builder()
          .consumer(KB_BANK)
          .item(DataItem.of(NHIS, QUALIFICATION))
          .item(DataItem.of(NTS, INCOME))
          .purpose(new Purpose("loan-screening", "대출 심사", LegalBasis.PIPA_35_2))
          .delivery(Delivery.periodic(Schedule.every(1, Schedule.Unit.MONTHS), 4))
          .validity(now, now.plus(Duration.ofDays(365)))
          .retention(Period.ofYears(1))
          .build();
    }

    private void step(String line) {
      out.println(line);
    }

    /** The bank's client, handing out {@code held} instead of asking the broker. */
    private MyDataClient heldGrantClient(Grant held) {
      GrantSource broker = grants;
      GrantSource holding =
          new GrantSource() {
            @Override
            public Grant grant(ConsentId id, AgencyId provider, String dpopJkt) {
              return held;
            }

            @Override
            public Set<DataItem> items(ConsentId id) {
              return broker.items(id);
            }

            @Override
            public void recorded(
                String grantId,
                AgencyId provider,
                Set<ItemCode> items,
                String transactionId,
                FetchOutcome outcome) {
              broker.recorded(grantId, provider, items, transactionId, outcome);
            }
          };
      return MyDataClient.builder()
          .consumer(KB_BANK)
          .directory(directory)
          .dpopKey(files.consumerDpopKey)
          .grantSource(holding)
          .build();
    }

    private void expect(boolean condition, String what) {
      if (!condition) {
        out.println("   expected " + what + ": it was not");
        ok = false;
      }
    }
  }
}
