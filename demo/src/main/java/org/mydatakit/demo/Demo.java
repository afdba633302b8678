package org.mydatakit.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;
import okhttp3.OkHttpClient;
import org.h2.jdbcx.JdbcConnectionPool;
import org.mydatakit.broker.Agency;
import org.mydatakit.broker.FetchOutcome;
import org.mydatakit.client.GrantRejectedException;
import org.mydatakit.client.GrantSource;
import org.mydatakit.client.ItemResult;
import org.mydatakit.client.MyDataClient;
import org.mydatakit.client.ProviderDirectory;
import org.mydatakit.client.RemoteGrantSource;
import org.mydatakit.consent.AgencyId;
import org.mydatakit.consent.AuthenticationEvidence;
import org.mydatakit.consent.ConsentId;
import org.mydatakit.consent.ConsentStateException;
import org.mydatakit.consent.DataItem;
import org.mydatakit.consent.ItemCode;
import org.mydatakit.consent.PairwiseSubjects;
import org.mydatakit.examples.agency.AgencyConfig;
import org.mydatakit.examples.agency.AgencyRecords;
import org.mydatakit.examples.agency.ProviderAgencyServer;
import org.mydatakit.examples.consumer.ConsumerApp;
import org.mydatakit.grant.Grant;
import org.mydatakit.keys.SigningAlgorithm;
import org.mydatakit.keys.SigningKeySet;
import org.mydatakit.log.Checkpoint;
import org.mydatakit.log.InvalidNoteException;
import org.mydatakit.log.LogLeaf;
import org.mydatakit.log.MerkleTree;
import org.mydatakit.log.NoteVerifierKey;
import org.mydatakit.log.SignedNote;
import org.mydatakit.log.TlogProof;
import org.mydatakit.log.Witness;
import org.mydatakit.sampleidp.SampleCitizensIdentityProvider;
import org.mydatakit.store.jdbc.Databases;
import org.mydatakit.store.jdbc.JdbcAgencyRegistry;
import org.mydatakit.store.jdbc.JdbcConsentStore;

/**
 * The one-command demo: starts the sample OpenID provider and the broker server as processes of
 * their own (the broker on the embedded H2 store under the demo's home, or the given JDBC URL), the
 * provider agencies NHIS and NTS and the consumer KB-BANK on free loopback ports, and walks the
 * whole flow over HTTP, printing each step. Exit code 0 when every step ended as it should.
 *
 * <pre>{@code
 * int exit = Demo.run(Path.of(".mydatakit"), null, false, Path.of("."), System.out);
 * }</pre>
 */
final class Demo {
  static final AgencyId KB_BANK = AgencyId.of("KB-BANK");
  static final AgencyId NHIS = AgencyId.of("NHIS");
  static final AgencyId NTS = AgencyId.of("NTS");
  static final ItemCode QUALIFICATION = ItemCode.of("nhis.qualification");
  static final ItemCode INCOME = ItemCode.of("nts.income-certificate");
  // 홍길동, 가상 인물 (fictional): a sample citizen of the sample OpenID provider
  static final String CITIZEN = "FAKE-CI-HONG-GILDONG-0001";
  static final String CITIZEN_USER = SampleCitizensIdentityProvider.HONG;
  static final Duration STATUS_TTL = Duration.ofSeconds(2);
  static final Duration START_TIMEOUT = Duration.ofSeconds(120);

  /** What the consumer's app shows her; she approves its SHA-256. */
  static final String CONSENT_TEXT =
      "KB-BANK asks for your NHIS health insurance qualification and your NTS income"
          + " certificate, once a month, 4 times, for loan screening (대출 심사, PIPA art. 35-2);"
          + " kept 1 year.";

  private Demo() {}

  /**
   * Runs the demo in {@code home}; {@code storeUrl} null means the broker's embedded H2 file there.
   * The servers' jars are found under {@code checkout}, the repository's root.
   *
   * @return 0 if every step ended as expected, 1 otherwise
   */
  static int run(Path home, String storeUrl, boolean keepRunning, Path checkout, PrintStream out)
      throws Exception {
    DemoHome files = new DemoHome(home);
    String url = storeUrl == null ? files.h2Url() : storeUrl;
    Path idpJar = checkout.resolve("sample-idp/target/mydatakit-sample-idp-exec.jar");
    Path brokerJar = checkout.resolve("broker-server/target/mydatakit-broker-server.jar");
    out.println("mydatakit demo — store " + url);
    // each agency signs its delivery receipts with its own key, registered as its public keys
    SigningKeySet nhisReceipts = SigningKeySet.generate(SigningAlgorithm.ES256);
    SigningKeySet ntsReceipts = SigningKeySet.generate(SigningAlgorithm.ES256);
    // before the broker opens the store: an embedded H2 file has one process at a time
    register(url, files, nhisReceipts, ntsReceipts);
    URI idp = URI.create("http://127.0.0.1:" + ChildProcess.freePort());
    URI broker = URI.create("http://127.0.0.1:" + ChildProcess.freePort());
    out.println(
        "  starting the sample OpenID provider and the broker server (output in "
            + files.log("").getParent()
            + ")");
    try (ChildProcess idpProcess =
        ChildProcess.start(
            "the sample OpenID provider",
            idpJar,
            List.of("--server.port=" + idp.getPort()),
            files.log("sample-idp"))) {
      idpProcess.awaitReady(idp.resolve("/.well-known/openid-configuration"), START_TIMEOUT);
      try (ChildProcess brokerProcess =
          ChildProcess.start(
              "the broker server",
              brokerJar,
              brokerArguments(broker, idp, files, storeUrl),
              files.log("broker-server"))) {
        brokerProcess.awaitReady(broker.resolve("/actuator/health/readiness"), START_TIMEOUT);
        PairwiseSubjects subjects = PairwiseSubjects.of(files.brokerPairwiseSecret());
        try (ProviderAgencyServer nhis = agency(NHIS, broker, subjects, nhisReceipts);
            ProviderAgencyServer nts = agency(NTS, broker, subjects, ntsReceipts)) {
          out.println("  broker server      " + broker + "   (consents, grants, citizen API, log)");
          out.println("  identity provider  " + idp + "   (sample OpenID provider, fictional)");
          out.println("  NHIS               " + nhis.baseUrl() + "   NTS " + nts.baseUrl());
          ProviderDirectory directory =
              ProviderDirectory.of(Map.of(NHIS, nhis.baseUrl(), NTS, nts.baseUrl()));
          GrantSource grants = grantSource(broker, files);
          ConsumerApp consumer =
              ConsumerApp.create(KB_BANK, directory, files.consumerDpopKey, grants);
          BrokerCalls calls =
              new BrokerCalls(broker, KB_BANK, files.consumerClientKeys, files.consumerDpopKey);
          CitizenAgent hong = new CitizenAgent(broker, idp, out);
          boolean ok;
          try {
            ok = new Walk(files, out, directory, grants, calls, hong).run(consumer);
          } catch (DemoFailure e) {
            out.println("demo: FAILED — " + e.getMessage());
            ok = false;
          }
          if (keepRunning) {
            out.println("the citizen's own page (나의 마이데이터): " + broker.resolve("/my"));
            out.println(
                "  sign in as "
                    + SampleCitizensIdentityProvider.HONG
                    + " (홍길동, fictional), password "
                    + SampleCitizensIdentityProvider.PASSWORD
                    + "; or as "
                    + SampleCitizensIdentityProvider.KIM
                    + " (김철수), same password");
            out.println("servers keep running; press Ctrl-C to stop");
            Thread.currentThread().join();
          }
          return ok ? 0 : 1;
        }
      }
    }
  }

  /** The broker server's command line: its issuer, home, store, sign-in and witness. */
  private static List<String> brokerArguments(
      URI broker, URI idp, DemoHome files, String storeUrl) {
    String citizen = "--spring.security.oauth2.client.registration.citizen.";
    List<String> args =
        new ArrayList<>(
            List.of(
                "--server.port=" + broker.getPort(),
                "--mydatakit.broker.issuer=" + broker,
                "--mydatakit.broker.home=" + files.brokerHome(),
                "--mydatakit.broker.status-list-ttl=" + STATUS_TTL.toSeconds() + "s",
                // deliveries count only as the providers confirm them with their signed receipts
                "--mydatakit.broker.delivery-receipts.trust=registry",
                "--mydatakit.broker.witnesses=" + files.witnessKey.verifierKey(),
                citizen + "client-id=" + SampleCitizensIdentityProvider.CLIENT_ID,
                citizen + "client-secret=" + SampleCitizensIdentityProvider.CLIENT_SECRET,
                citizen + "authorization-grant-type=authorization_code",
                citizen + "scope=openid",
                "--spring.security.oauth2.client.provider.citizen.issuer-uri=" + idp));
    if (storeUrl != null) {
      args.add("--mydatakit.broker.store-url=" + storeUrl);
    }
    return args;
  }

  /**
   * Registers the consumer (its client keys inline: the broker verifies its assertions with them)
   * and the two providers (their receipt keys) in the agency registry of the store, as {@code
   * mydatakit agencies register} would.
   */
  private static void register(
      String url, DemoHome files, SigningKeySet nhisReceipts, SigningKeySet ntsReceipts)
      throws Exception {
    DataSource dataSource = Databases.fromUrl(url);
    try {
      JdbcConsentStore.builder(dataSource).build().migrate();
      JdbcAgencyRegistry registry = JdbcAgencyRegistry.of(dataSource);
      put(
          registry,
          Agency.builder(KB_BANK)
              .name("KB Kookmin Bank (sample)")
              .role(Agency.Role.CONSUMER)
              .jwks(files.consumerClientKeys.verificationKeys())
              .purpose("loan-screening")
              .build());
      put(
          registry,
          Agency.builder(NHIS)
              .name("National Health Insurance Service (sample)")
              .role(Agency.Role.PROVIDER)
              .jwks(nhisReceipts.verificationKeys())
              .allowedItem(QUALIFICATION)
              .build());
      put(
          registry,
          Agency.builder(NTS)
              .name("National Tax Service (sample)")
              .role(Agency.Role.PROVIDER)
              .jwks(ntsReceipts.verificationKeys())
              .allowedItem(INCOME)
              .build());
    } finally {
      if (dataSource instanceof JdbcConnectionPool pool) {
        pool.dispose();
      } else if (dataSource instanceof AutoCloseable closeable) {
        closeable.close();
      }
    }
  }

  private static void put(JdbcAgencyRegistry registry, Agency agency) {
    if (registry.find(agency.id()).isPresent()) {
      registry.update(agency);
    } else {
      registry.register(agency);
    }
  }

  /** Every instant the demo prints: UTC, to the second ({@code 2026-12-27T12:00:53Z}). */
  static String instant(Instant instant) {
    return instant.truncatedTo(ChronoUnit.SECONDS).toString();
  }

  private static ProviderAgencyServer agency(
      AgencyId id, URI broker, PairwiseSubjects subjects, SigningKeySet receipts) throws Exception {
    return ProviderAgencyServer.start(
        AgencyConfig.builder(id)
            .broker(broker)
            .issuer(broker.toString())
            .providerKey(subjects.providerKey(id))
            .records(AgencyRecords.sample(id))
            .receiptKeys(receipts)
            .build());
  }

  private static RemoteGrantSource grantSource(URI broker, DemoHome files) {
    return RemoteGrantSource.builder(
            new OkHttpClient(), broker, KB_BANK, files.consumerClientKeys, files.consumerDpopKey)
        .build();
  }

  /** The steps, in order; each prints what happened and whether it was as expected. */
  private static final class Walk {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final DemoHome files;
    private final PrintStream out;
    private final ProviderDirectory directory;
    private final GrantSource grants;
    private final BrokerCalls broker;
    private final CitizenAgent hong;
    private boolean ok = true;

    Walk(
        DemoHome files,
        PrintStream out,
        ProviderDirectory directory,
        GrantSource grants,
        BrokerCalls broker,
        CitizenAgent hong) {
      this.files = files;
      this.out = out;
      this.directory = directory;
      this.grants = grants;
      this.broker = broker;
      this.hong = hong;
    }

    boolean run(ConsumerApp consumer) throws Exception {
      JsonNode requested = broker.requestConsent(request(Instant.now()));
      ConsentId id = ConsentId.parse(requested.path("id").asText());
      step(
          "1. KB-BANK asks 홍길동 (fictional) for monthly NHIS and NTS records (POST /consents):"
              + " consent "
              + id
              + " "
              + requested.path("status").asText());
      expect("REQUESTED".equals(requested.path("status").asText()), "REQUESTED");
      String textHash = AuthenticationEvidence.sha256Hex(CONSENT_TEXT);
      out.println("     the text her app shows her: \"" + CONSENT_TEXT + "\"");
      step(
          "2. she signs in at the identity provider as "
              + CITIZEN_USER
              + " (OpenID Connect: authorization code + PKCE):");
      hong.signIn(CITIZEN_USER, SampleCitizensIdentityProvider.PASSWORD);
      JsonNode active =
          hong.post(
              "/citizen/consents/" + id + "/approve",
              JSON.createObjectNode().put("consentTextSha256", textHash).toString());
      step(
          "3. she approves it with the SHA-256 of that text ("
              + textHash.substring(0, 12)
              + "…, POST /citizen/consents/{id}/approve): "
              + active.path("status").asText()
              + ", status-list slot "
              + active.path("statusIndex").asText("?"));
      expect("ACTIVE".equals(active.path("status").asText()), "ACTIVE");
      expect(
          textHash.equals(active.path("evidence").path("consentTextSha256").asText()),
          "the evidence to record the text's hash");
      step(
          "4. grants issued over HTTP (POST /grants: private_key_jwt + DPoP), data fetched from"
              + " both agencies:");
      List<ItemResult> fetched = consumer.fetchAll(id, out);
      expect(fetched.stream().allMatch(r -> r.result().isPresent()), "both items delivered");
      // a grant the bank obtains before the revoke and presents after it
      Grant held = grants.grant(id, NHIS, files.consumerDpopKey.thumbprint());
      JsonNode revoked =
          hong.post(
              "/citizen/consents/" + id + "/revoke",
              JSON.createObjectNode().put("reason", "loan declined").toString());
      step(
          "5. she revokes it on her API (POST /citizen/consents/{id}/revoke): "
              + revoked.path("status").asText()
              + "; waiting "
              + STATUS_TTL.toSeconds()
              + " s, the status list's ttl, for the agencies to notice");
      expect("REVOKED".equals(revoked.path("status").asText()), "REVOKED");
      Thread.sleep(STATUS_TTL.toMillis() + 500);
      try {
        consumer.client().fetch(id, QUALIFICATION);
        step("6. a new fetch was NOT refused");
        ok = false;
      } catch (ConsentStateException e) {
        step("6. a new fetch gets no grant: the broker issues none for a revoked consent (409)");
      }
      try {
        heldGrantClient(held).fetch(id, QUALIFICATION);
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
      history();
      NoteVerifierKey logKey = NoteVerifierKey.parse(broker.logKey());
      ok &= witness(logKey);
      proofs(id, logKey);
      out.println(ok ? "demo: every step ended as expected" : "demo: FAILED");
      return ok;
    }

    /** Her access history, from her API: every grant and fetch of her consents, all runs. */
    private void history() {
      JsonNode history = hong.get("/citizen/history");
      step(
          "8. 홍길동's access history (제공 이력, GET /citizen/history), all runs: "
              + history.size()
              + " entries");
      for (JsonNode r : history) {
        String at = instant(Instant.parse(r.path("at").asText()));
        out.println(
            "     "
                + at
                + "  "
                + ("FETCH".equals(r.path("kind").asText())
                    ? "fetched  "
                        + r.path("provider").asText()
                        + " "
                        + items(r.path("items"))
                        + " tx "
                        + r.path("transactionId").asText()
                        + " "
                        + r.path("outcome").asText()
                    : "granted  "
                        + r.path("provider").asText()
                        + " grant "
                        + r.path("grantId").asText()));
      }
    }

    /** {@code ["a", "b"]} as {@code [a, b]}. */
    private static String items(JsonNode list) {
      List<String> items = new ArrayList<>();
      list.forEach(i -> items.add(i.asText()));
      return items.toString();
    }

    /**
     * NHIS runs a witness of the broker's log, over the log's public endpoints: it cosigns the
     * checkpoint only if it extends the last one it cosigned (kept in a file between runs), and
     * refuses a forked log.
     */
    private boolean witness(NoteVerifierKey logKey) throws IOException {
      String origin = logKey.name();
      Path state = files.witnessState();
      Checkpoint last =
          Files.exists(state)
              ? Checkpoint.parse(SignedNote.open(Files.readString(state), List.of(logKey)).text())
              : null;
      Witness nhis = Witness.of(files.witnessKey, logKey, origin, last);
      String note = broker.checkpoint();
      Checkpoint now = Checkpoint.parse(SignedNote.open(note, List.of(logKey)).text());
      List<byte[]> proof =
          last == null || last.size() == now.size()
              ? List.of()
              : broker.consistency(last.size(), now.size());
      String cosigned = broker.addCosignature(now.size(), nhis.cosign(note, proof));
      Files.writeString(state, cosigned);
      step(
          "9. NHIS's witness cosigns the log's checkpoint (GET /log/checkpoint, POST"
              + " /log/cosignature): "
              + now.size()
              + " entries"
              + (last == null
                  ? ""
                  : ", consistent with the " + last.size() + " it cosigned before"));
      // a broker that shows one witness a different tree of the same size: a fork (signed here
      // with the broker's log key, read from its home, as a broker forking its log would sign it)
      String forked =
          files
              .brokerLogKey()
              .sign(Checkpoint.of(origin, now.size(), MerkleTree.leafHash(new byte[] {1})).text());
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

    /**
     * Her proof files (GET /citizen/log-proofs), checked offline as {@code mydatakit audit
     * verify-proof} checks them: each entry in the tree, under a checkpoint signed by the log key
     * and cosigned by NHIS's witness.
     */
    private void proofs(ConsentId id, NoteVerifierKey logKey) {
      int verified = 0;
      int total = 0;
      long size = 0;
      for (JsonNode consent : hong.get("/citizen/log-proofs")) {
        if (!id.toString().equals(consent.path("consentId").asText())) {
          continue;
        }
        for (JsonNode file : consent.path("proofs")) {
          total++;
          try {
            TlogProof proof = TlogProof.parse(file.asText());
            byte[] leaf = LogLeaf.leafHashOfExtra(proof.extra().orElseThrow());
            size =
                proof
                    .verify(
                        leaf,
                        logKey.name(),
                        List.of(logKey),
                        List.of(files.witnessKey.verifierKey()))
                    .size();
            verified++;
          } catch (InvalidNoteException | NoSuchElementException e) {
            out.println("     a proof file did not verify: " + e.getClass().getSimpleName());
          }
        }
      }
      step(
          "11. her proof files for this consent (GET /citizen/log-proofs): "
              + verified
              + " of "
              + total
              + " verify offline, each in the log of "
              + size
              + " entries, signed by its key and cosigned by NHIS's witness");
      expect(total > 0 && verified == total, "every proof file to verify");
    }

    /** The consent KB-BANK asks for, as the body of {@code POST /consents}. */
    private static ObjectNode request(Instant now) {
      Instant from = now.truncatedTo(ChronoUnit.SECONDS);
      ObjectNode body = JSON.createObjectNode();
      body.put("citizen", CITIZEN);
      body.put("idempotencyKey", "demo-" + UUID.randomUUID());
      ArrayNode items = body.putArray("items");
      items.addObject().put("provider", NHIS.value()).put("code", QUALIFICATION.value());
      items.addObject().put("provider", NTS.value()).put("code", INCOME.value());
      ObjectNode purpose = body.putObject("purpose");
      purpose.put("code", "loan-screening");
      purpose.put("text", "대출 심사");
      purpose
          .putObject("legalBasis")
          .put("code", "pipa-35-2")
          .put("text", "개인정보 보호법 제35조의2 (개인정보의 전송 요구)");
      body.putObject("delivery")
          .put("kind", "PERIODIC")
          .put("every", 1)
          .put("unit", "MONTHS")
          .put("fetchBudget", 4);
      body.put("validFrom", from.toString());
      body.put("validUntil", from.plus(Duration.ofDays(365)).toString());
      body.put("retention", "P1Y");
      return body;
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
