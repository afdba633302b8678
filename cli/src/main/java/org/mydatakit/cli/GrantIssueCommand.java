package org.mydatakit.cli;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.mydatakit.consent.AgencyId;
import org.mydatakit.consent.Consent;
import org.mydatakit.consent.ConsentJson;
import org.mydatakit.consent.ConsentStateException;
import org.mydatakit.grant.Grant;
import org.mydatakit.grant.GrantIssuer;
import org.mydatakit.grant.SigningKeySet;
import org.mydatakit.status.StatusReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
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

  @Option(names = "--keys", required = true, paramLabel = "FILE", description = "Private JWKS.")
  private Path keysFile;

  @Option(names = "--issuer", required = true, paramLabel = "ISS", description = "The iss.")
  private String issuer;

  @Option(names = "--consent", required = true, paramLabel = "FILE", description = "Consent JSON.")
  private Path consentFile;

  @Option(
      names = "--provider",
      required = true,
      paramLabel = "AGENCY",
      description = "The provider agency the grant is for (its aud).")
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
      description = "Grant lifetime, ISO-8601, at most PT10M; default ${DEFAULT-VALUE}.")
  private Duration lifetime;

  @Option(names = "--status-uri", paramLabel = "URI", description = "The status list's URI.")
  private URI statusUri;

  @Option(names = "--status-idx", paramLabel = "N", description = "The consent's index in it.")
  private Long statusIdx;

  @Override
  public Integer call() {
    if ((statusUri == null) != (statusIdx == null)) {
      throw usageError("--status-uri and --status-idx go together: expected both or neither");
    }
    StatusReference status =
        statusUri == null ? null : usage(() -> StatusReference.of(statusUri, statusIdx));
    SigningKeySet keys = usage(() -> SigningKeySet.parse(read("--keys", keysFile)), "--keys");
    Consent consent = usage(() -> ConsentJson.read(read("--consent", consentFile)), "--consent");
    AgencyId agency = usage(() -> AgencyId.of(provider));
    GrantIssuer grants = usage(() -> GrantIssuer.builder(keys, issuer).lifetime(lifetime).build());
    Grant grant;
    try {
      grant = usage(() -> grants.issue(consent, agency, jkt, status));
    } catch (ConsentStateException e) {
      throw usageError("--consent: " + e.getMessage());
    }
    spec.commandLine().getOut().println(grant.token());
    return Main.OK;
  }

  private String read(String option, Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw usageError(option + ": expected a readable file, cannot read " + file);
    }
  }

  private <T> T usage(Supplier<T> step) {
    return usage(step, null);
  }

  /** Runs {@code step}, turning core's argument and configuration errors into usage errors. */
  private <T> T usage(Supplier<T> step, String option) {
    try {
      return step.get();
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw usageError(option == null ? e.getMessage() : option + ": " + e.getMessage());
    }
  }

  private ParameterException usageError(String message) {
    return new ParameterException(spec.commandLine(), message);
  }
}
