package org.mydatakit.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import org.mydatakit.consent.AgencyId;
import org.mydatakit.consent.Consent;
import org.mydatakit.consent.ConsentJson;
import org.mydatakit.consent.ItemCode;
import org.mydatakit.grant.DpopKey;
import org.mydatakit.grant.Grant;
import org.mydatakit.grant.GrantIssuer;
import org.mydatakit.grant.GrantRequest;
import org.mydatakit.grant.GrantVerifier;
import org.mydatakit.grant.InvalidGrantException;
import org.mydatakit.grant.VerifiedGrant;
import org.mydatakit.keys.SigningAlgorithm;
import org.mydatakit.keys.SigningKeySet;
import org.mydatakit.status.StatusReference;
import org.mydatakit.status.TokenStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code mydatakit quickstart}: the core flow in one process — broker keys, the example consent, a
 * DPoP-bound grant, a provider's verification — then the attacks a provider must refuse, and a
 * revocation. Exit 0 when every step ends as it should.
 */
@Command(
    name = "quickstart",
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    description =
        "Walk the core flow in memory: keys, consent, grant, DPoP proof, verification,"
            + " refused attacks, revocation.")
final class QuickstartCommand implements Callable<Integer> {
  private static final String ISSUER = "https://broker.example";
  private static final AgencyId NHIS = AgencyId.of("NHIS");
  private static final ItemCode ITEM = ItemCode.of("nhis.qualification");
  private static final URI URL =
      URI.create("https://api.nhis.example/mydata/v1/items/nhis.qualification");

  @Spec private CommandSpec spec;
  private int failures;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    SigningKeySet keys = SigningKeySet.generate(SigningAlgorithm.ES256);
    out.println("1. broker: generated an ES256 signing key, kid " + keys.currentKeyId());

    Consent consent = ConsentJson.read(exampleConsent());
    out.println(
        "2. consent "
            + consent.id()
            + ": "
            + consent.status()
            + ", consumer "
            + consent.consumer()
            + ", items at "
            + consent.providers()
            + " (examples/consent-active.json)");

    DpopKey consumer = DpopKey.generate();
    StatusReference status =
        StatusReference.of(URI.create(ISSUER + "/status/1"), consent.statusIndex().orElse(0));
    Grant grant =
        GrantIssuer.builder(keys, ISSUER)
            .build()
            .issue(consent, NHIS, consumer.thumbprint(), status);
    out.println(
        "3. broker: issued a grant for NHIS bound to the consumer's DPoP key, expires "
            + grant.expiresAt());

    AtomicReference<TokenStatus> statusList = new AtomicReference<>(TokenStatus.VALID);
    GrantVerifier nhis =
        GrantVerifier.builder()
            .trustedIssuer(ISSUER, keys.verificationKeys())
            .audience(NHIS)
            .revocationCheck(reference -> statusList.get())
            .build();
    String proof = consumer.proof("GET", URL, grant.token());
    expectValid(out, "4. NHIS: verified grant + fresh DPoP proof", nhis, request(grant, proof));

    out.println("5. NHIS refuses what an attacker might try:");
    expectRejected(out, "   the same proof again", nhis, request(grant, proof));
    expectRejected(
        out,
        "   the grant with the thief's own proof",
        nhis,
        request(grant, DpopKey.generate().proof("GET", URL, grant.token())));
    String tampered = grant.token().substring(0, grant.token().length() - 4) + "AAAA";
    expectRejected(
        out,
        "   a tampered signature",
        nhis,
        GrantRequest.builder()
            .grant(tampered)
            .dpopProof(consumer.proof("GET", URL, tampered))
            .method("GET")
            .url(URL)
            .item(ITEM)
            .build());
    GrantVerifier nts =
        GrantVerifier.builder()
            .trustedIssuer(ISSUER, keys.verificationKeys())
            .audience(AgencyId.of("NTS"))
            .revocationCheck(reference -> statusList.get())
            .build();
    expectRejected(
        out,
        "   the NHIS grant presented to NTS",
        nts,
        request(grant, consumer.proof("GET", URL, grant.token())));

    statusList.set(TokenStatus.INVALID);
    expectRejected(
        out,
        "6. the citizen revokes; the status list says INVALID; the next fetch",
        nhis,
        request(grant, consumer.proof("GET", URL, grant.token())));

    out.println(failures == 0 ? "quickstart: every step ended as expected" : "quickstart: FAILED");
    return failures == 0 ? Main.OK : Main.INTERNAL_ERROR;
  }

  private static GrantRequest request(Grant grant, String proof) {
    return GrantRequest.builder()
        .grant(grant.token())
        .dpopProof(proof)
        .method("GET")
        .url(URL)
        .item(ITEM)
        .build();
  }

  private void expectValid(PrintWriter out, String step, GrantVerifier v, GrantRequest r) {
    try {
      VerifiedGrant grant = v.verify(r);
      out.println(step + ": VALID, consent " + grant.consentId() + ", scope " + grant.scope());
    } catch (InvalidGrantException e) {
      failures++;
      out.println(step + ": unexpectedly rejected with " + e.reason());
    }
  }

  private void expectRejected(PrintWriter out, String step, GrantVerifier v, GrantRequest r) {
    try {
      v.verify(r);
      failures++;
      out.println(step + ": unexpectedly ACCEPTED");
    } catch (InvalidGrantException e) {
      out.println(step + ": rejected, " + e.reason());
    }
  }

  private static String exampleConsent() throws IOException {
    try (InputStream in =
        QuickstartCommand.class.getResourceAsStream("/examples/consent-active.json")) {
      if (in == null) {
        throw new IOException("examples/consent-active.json is missing from the jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
