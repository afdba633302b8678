package org.mydatakit.cli;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.util.ArrayList;
import java.util.List;
import org.mydatakit.audit.LoggedEntry;
import org.mydatakit.broker.ConsentBroker;
import org.mydatakit.broker.ConsentRequest;
import org.mydatakit.broker.ConsentStore;
import org.mydatakit.consent.AgencyId;
import org.mydatakit.consent.CitizenIdentifier;
import org.mydatakit.consent.DataItem;
import org.mydatakit.consent.Delivery;
import org.mydatakit.consent.ItemCode;
import org.mydatakit.consent.LegalBasis;
import org.mydatakit.consent.PairwiseSubjects;
import org.mydatakit.consent.Purpose;
import org.mydatakit.keys.SigningAlgorithm;
import org.mydatakit.keys.SigningKeySet;
import org.mydatakit.log.NoteSigner;
import org.mydatakit.log.NoteVerifierKey;

/** Real brokers with a log key, and entries in their logs: one consent request each. */
final class LogFixtures {
  static final String ORIGIN = "broker.example/log";
  private static final SigningKeySet KEYS = SigningKeySet.generate(SigningAlgorithm.ES256);

  private LogFixtures() {}

  /** A broker on {@code store} whose log is signed by {@code logKey}. */
  static ConsentBroker broker(ConsentStore store, NoteSigner logKey, NoteVerifierKey... witnesses) {
    return ConsentBroker.builder()
        .store(store)
        .signingKeys(KEYS)
        .issuer("https://broker.example")
        .pairwiseSubjects(
            PairwiseSubjects.of(
                "FAKE-MASTER-SECRET-for-examples-and-tests-only"
                    .getBytes(StandardCharsets.US_ASCII)))
        .statusListUri(URI.create("https://broker.example/status/1"))
        .logKey(logKey)
        .witnesses(witnesses)
        .build();
  }

  /** Appends {@code n} entries to the broker's log. */
  static void append(ConsentBroker broker, int n) {
    Instant now = Instant.now();
    ConsentRequest request =
        ConsentRequest.builder()
            .consumer(AgencyId.of("KB-BANK"))
            .item(DataItem.of(AgencyId.of("NHIS"), ItemCode.of("nhis.qualification")))
            .purpose(new Purpose("loan-screening", "대출 심사", LegalBasis.PIPA_35_2))
            .delivery(Delivery.oneTime())
            .validity(now, now.plus(Duration.ofDays(30)))
            .retention(Period.ofYears(1))
            .build();
    try (CitizenIdentifier citizen = CitizenIdentifier.of("FAKE-CI-HONG-GILDONG-0001")) {
      for (int i = 0; i < n; i++) {
        broker.request(request, citizen, java.util.UUID.randomUUID().toString());
      }
    }
  }

  /** The leaf hashes of the store's log, in order. */
  static List<byte[]> leaves(ConsentStore store) {
    List<byte[]> leaves = new ArrayList<>();
    for (LoggedEntry e : store.logged(0, 10_000)) {
      leaves.add(e.leafHash());
    }
    return leaves;
  }
}
