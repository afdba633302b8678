package org.mydatakit.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.mydatakit.consent.AgencyId;
import org.mydatakit.consent.ItemCode;
import org.mydatakit.grant.GrantRequest;
import org.mydatakit.grant.GrantVerifier;
import org.mydatakit.grant.InvalidGrantException;
import org.mydatakit.keys.VerificationKeySet;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code mydatakit grant verify}: the provider agency's strict check, one JSON line per token. */
@Command(
    name = "verify",
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    description = {
      "Verify grants as a provider agency would, and print one JSON verdict per grant.",
      "A valid grant prints its consent, subject, scope and expiry; a rejected one its reason:",
      "  {\"valid\":true,\"cid\":\"...\",\"sub\":\"...\",\"scope\":[\"...\"],\"exp\":SECONDS}",
      "  {\"valid\":false,\"reason\":\"EXPIRED\"}",
      "Exit 0 if every token is valid, 3 if any was rejected.",
      "Revocation: --status-list FILE checks each grant against the broker's signed status list"
          + " (REVOKED, SUSPENDED; STATUS_STALE when the list has expired). With neither"
          + " --status-list nor --no-revocation-check every grant is rejected (STATUS_UNAVAILABLE,"
          + " or STATUS_MISSING for a grant without a status claim): the check fails closed."
    })
final class GrantVerifyCommand implements Callable<Integer> {
  @Spec private CommandSpec spec;

  @Option(
      names = "--jwks",
      required = true,
      paramLabel = "FILE",
      description = "The broker's public JWKS.")
  private Path jwks;

  @Option(
      names = "--issuer",
      required = true,
      paramLabel = "ISS",
      description = "The trusted issuer id, which the grant's iss must equal.")
  private String issuer;

  @Option(
      names = "--audience",
      required = true,
      paramLabel = "AGENCY",
      description = "This provider agency's id, which must be the grant's aud.")
  private String audience;

  @Option(
      names = "--no-revocation-check",
      description = "Accept grants without asking whether their consent was revoked.")
  private boolean noRevocationCheck;

  @Option(
      names = "--status-list",
      paramLabel = "FILE",
      description = "The broker's signed status list (statuslist+jwt) to check revocation with.")
  private Path statusList;

  @Mixin private DpopOptions dpop;

  @Option(
      names = "--item",
      paramLabel = "CODE",
      description =
          "An item the grant's scope must cover; repeatable. Without it the scope is not checked.")
  private List<String> items = new ArrayList<>();

  @Parameters(
      index = "0",
      paramLabel = "TOKEN|-",
      description = "The grant, or - to read one grant per line from standard input.")
  private String token;

  @Override
  public Integer call() {
    dpop.validate(spec);
    Inputs inputs = new Inputs(spec);
    if (dpop.proof != null && "-".equals(token)) {
      throw inputs.error("--dpop with -: expected one TOKEN, a proof is bound to one grant");
    }
    String json = inputs.read("--jwks", "jwks file", jwks);
    VerificationKeySet keys = inputs.parse("--jwks", () -> VerificationKeySet.parse(json));
    GrantVerifier verifier = verifier(inputs, keys);
    List<ItemCode> codes = new ArrayList<>();
    items.forEach(item -> codes.add(inputs.parse("--item", () -> ItemCode.of(item))));
    PrintWriter out = spec.commandLine().getOut();
    if (!"-".equals(token)) {
      return verify(verifier, codes, token, out) ? Main.OK : Main.REJECTED;
    }
    TokenLines lines = new TokenLines(((Main) spec.root().userObject()).in());
    boolean allValid = true;
    int count = 0;
    try {
      for (String line = lines.next(); line != null; line = lines.next()) {
        allValid &= verify(verifier, codes, line, out);
        count++;
      }
    } catch (IOException e) {
      throw new CliFailure("cannot read standard input: " + e.getClass().getSimpleName(), e);
    }
    if (count == 0) {
      throw inputs.error("expected at least one token on stdin");
    }
    return allValid ? Main.OK : Main.REJECTED;
  }

  private GrantVerifier verifier(Inputs inputs, VerificationKeySet keys) {
    GrantVerifier.Builder builder =
        inputs
            .parse("--issuer", () -> GrantVerifier.builder().trustedIssuer(issuer, keys))
            .audience(inputs.parse("--audience", () -> AgencyId.of(audience)));
    if (noRevocationCheck && statusList != null) {
      throw inputs.error("--status-list contradicts --no-revocation-check: expected one of them");
    }
    if (noRevocationCheck) {
      builder.withoutRevocationCheck();
    } else if (statusList != null) {
      String list = inputs.read("--status-list", "status list file", statusList);
      builder.revocationCheck(new StatusListFile(list.strip(), issuer, keys));
    } else {
      builder.revocationCheck(new NoStatusLists());
    }
    if (dpop.disabled) {
      builder.withoutDpop();
    }
    return builder.build();
  }

  /** Verifies one token and prints its verdict; returns whether it was valid. */
  private boolean verify(
      GrantVerifier verifier, List<ItemCode> codes, String grant, PrintWriter out) {
    GrantRequest.Builder request =
        GrantRequest.builder()
            .grant(grant)
            .dpopProof(dpop.proof)
            .method(dpop.method())
            .url(dpop.url());
    if (codes.isEmpty()) {
      request.withoutScopeCheck();
    }
    codes.forEach(request::item);
    boolean valid;
    try {
      out.println(Verdicts.valid(verifier.verify(request.build())));
      valid = true;
    } catch (InvalidGrantException e) {
      out.println(Verdicts.rejected(e.reason()));
      valid = false;
    }
    out.flush();
    return valid;
  }
}
