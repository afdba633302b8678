package org.mydatakit.cli;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.mydatakit.consent.AgencyId;
import org.mydatakit.consent.Consent;
import org.mydatakit.consent.ConsentJson;
import org.mydatakit.consent.ConsentStateException;
import org.mydatakit.grant.Grant;
import org.mydatakit.grant.GrantIssuer;
import org.mydatakit.keys.SigningKeySet;
import org.mydatakit.status.StatusReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code mydatakit grant issue}: the broker signs a grant for one consent at one provider. */
@Command(
    name = "issue",
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    description = {
      "Issue a grant for an ACTIVE consent at one provider agency, bound to the consumer's DPoP"
          + " key, and print it (compact JWS) on one line.",
      "The grant never outlives the consent. --status-uri and --status-idx go together: with"
          + " them the grant carries a status reference that verifiers check for revocation."
    })
final class GrantIssueCommand implements Callable<Integer> {
  @Spec private CommandSpec spec;

  @Option(
      names = "--keys",
      required = true,
      paramLabel = "FILE",
      description = "The broker's private JWKS, as keys generate writes it.")
  private Path keysFile;

  @Option(
      names = "--issuer",
      required = true,
      paramLabel = "ISS",
      description = "The broker's issuer id, the grant's iss.")
  private String issuer;

  @Option(
      names = "--consent",
      required = true,
      paramLabel = "FILE",
      description = "A file holding an ACTIVE consent as JSON (the form ConsentJson writes).")
  private Path consentFile;

  @Option(
      names = "--provider",
      required = true,
      paramLabel = "AGENCY",
      description = "The provider agency the grant is for, its aud.")
  private String provider;

  @Option(
      names = "--dpop-jkt",
      required = true,
      paramLabel = "THUMBPRINT",
      description = "The consumer's DPoP key thumbprint (43 base64url characters).")
  private String jkt;

  @Option(
      names = "--lifetime",
      paramLabel = "DURATION",
      defaultValue = "PT5M",
      description =
          "The grant's lifetime, an ISO-8601 duration of at most PT10M; ${DEFAULT-VALUE} by default.")
  private Duration lifetime;

  @Option(
      names = "--status-uri",
      paramLabel = "URI",
      description = "The URI of the broker's status list; give --status-idx with it.")
  private URI statusUri;

  @Option(
      names = "--status-idx",
      paramLabel = "N",
      description = "The consent's index in that list; give --status-uri with it.")
  private Long statusIdx;

  @Override
  public Integer call() {
    Inputs inputs = new Inputs(spec);
    if ((statusUri == null) != (statusIdx == null)) {
      throw inputs.error("--status-uri and --status-idx go together: expected both or neither");
    }
    StatusReference status =
        statusUri == null
            ? null
            : inputs.parse("--status-uri", () -> StatusReference.of(statusUri, statusIdx));
    String keysJson = inputs.read("--keys", "private jwks file", keysFile);
    SigningKeySet keys = inputs.parse("--keys", () -> SigningKeySet.parse(keysJson));
    String consentJson = inputs.read("--consent", "consent file", consentFile);
    Consent consent = inputs.parse("--consent", () -> ConsentJson.read(consentJson));
    AgencyId agency = inputs.parse("--provider", () -> AgencyId.of(provider));
    GrantIssuer grants =
        inputs.parse(null, () -> GrantIssuer.builder(keys, issuer).lifetime(lifetime).build());
    Grant grant;
    try {
      grant = inputs.parse(null, () -> grants.issue(consent, agency, jkt, status));
    } catch (ConsentStateException e) {
      throw inputs.error("--consent: " + e.getMessage());
    }
    spec.commandLine().getOut().println(grant.token());
    return Main.OK;
  }
}
