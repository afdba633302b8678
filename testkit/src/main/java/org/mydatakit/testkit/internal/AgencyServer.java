package org.mydatakit.testkit.internal;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.mydatakit.consent.AgencyId;
import org.mydatakit.consent.CitizenIdentifier;
import org.mydatakit.consent.PairwiseSubjects;
import org.mydatakit.consent.SubjectId;
import org.mydatakit.keys.SigningAlgorithm;
import org.mydatakit.keys.SigningKeySet;
import org.mydatakit.keys.VerificationKeySet;
import org.mydatakit.provider.ProviderGate;
import org.mydatakit.testkit.ReceivedRequest;
import org.mydatakit.testkit.SampleCitizen;

/**
 * The WireMock server of one fake agency, its gate and its journal of received requests. The server
 * listens on 127.0.0.1 only, logs nothing, keeps no request journal of its own (it would hold
 * grants and proofs) and loads no mapping files.
 */
public final class AgencyServer {
  private final WireMockServer server;
  private final List<ReceivedRequest> journal = new ArrayList<>();
  private final URI baseUrl;
  private final SigningKeySet receiptKeys = SigningKeySet.generate(SigningAlgorithm.ES256);

  /** Starts the server; {@code providerKey} is zeroed after use. */
  public AgencyServer(
      AgencyId agency,
      String issuer,
      VerificationKeySet keys,
      Clock clock,
      URI statusListUri,
      Supplier<String> statusList,
      byte[] providerKey,
      Faults faults) {
    ProviderGate gate =
        ProviderGate.builder()
            .trustedIssuer(issuer, keys)
            .audience(agency)
            .revocationCheck(new FreshStatusCheck(issuer, keys, clock, statusListUri, statusList))
            .serves(Set.of(SampleRecords.CATALOGUE.get(agency)))
            .receiptKeys(receiptKeys)
            .clock(clock)
            .build();
    AgencyTransformer transformer =
        new AgencyTransformer(agency, gate, citizens(providerKey), clock, faults, this::record);
    server =
        new WireMockServer(
            options()
                .bindAddress("127.0.0.1")
                .dynamicPort()
                .notifier(Quiet.INSTANCE)
                .mappingSource(Quiet.INSTANCE)
                .disableRequestJournal()
                .stubRequestLoggingDisabled(true)
                .templatingEnabled(false)
                .gzipDisabled(true)
                .extensions(transformer));
    server.start();
    baseUrl = URI.create("http://127.0.0.1:" + server.port());
    transformer.bind(baseUrl);
    server.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(500)));
  }

  private static Map<SubjectId, String> citizens(byte[] providerKey) {
    Map<SubjectId, String> citizens = new HashMap<>();
    try {
      for (SampleCitizen citizen : SampleCitizen.all()) {
        try (CitizenIdentifier ci = citizen.ci()) {
          citizens.put(PairwiseSubjects.subjectFor(providerKey, ci), citizen.handle());
        }
      }
    } finally {
      Arrays.fill(providerKey, (byte) 0);
    }
    return citizens;
  }

  /** The public keys this agency's delivery receipts verify under. */
  public VerificationKeySet receiptKeys() {
    return receiptKeys.verificationKeys();
  }

  public URI baseUrl() {
    return baseUrl;
  }

  public List<ReceivedRequest> requests() {
    synchronized (journal) {
      return List.copyOf(journal);
    }
  }

  public void clearRequests() {
    synchronized (journal) {
      journal.clear();
    }
  }

  private void record(ReceivedRequest request) {
    synchronized (journal) {
      journal.add(request);
    }
  }

  public void stop() {
    server.stop();
  }
}
