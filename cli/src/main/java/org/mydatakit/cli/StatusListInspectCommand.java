package org.mydatakit.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.mydatakit.internal.Base64Url;
import org.mydatakit.internal.StatusListJson;
import org.mydatakit.keys.VerificationKeySet;
import org.mydatakit.status.StatusList;
import org.mydatakit.status.StatusListException;
import org.mydatakit.status.StatusListException.Reason;
import org.mydatakit.status.StatusListVerifier;
import org.mydatakit.status.VerifiedStatusList;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code mydatakit status-list inspect}: decode, and with keys verify, a status list token. */
@Command(
    name = "inspect",
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    description = {
      "Decode a status list token and print it as one JSON line.",
      "The line has verified, sub, ttl, size, bits, the counts of VALID, INVALID and SUSPENDED"
          + " entries, and the entries asked for with --idx, for example:",
      "  {\"verified\":true,\"sub\":\"...\",\"ttl\":300,\"size\":N,\"bits\":2,",
      "   \"counts\":{\"VALID\":a,\"INVALID\":b,\"SUSPENDED\":c},",
      "   \"entries\":[{\"idx\":N,\"status\":\"VALID\"}]}",
      "With --jwks and --issuer the signature, typ, issuer and times are verified (any sub is"
          + " accepted); without them nothing is verified (\"verified\":false). Either way the"
          + " list is inflated under the 16 MiB cap.",
      "A rejected list prints {\"verified\":false,\"reason\":\"REASON\"} and exits 3."
    })
final class StatusListInspectCommand implements Callable<Integer> {
  @Spec private CommandSpec spec;

  @Option(names = "--jwks", paramLabel = "FILE", description = "The broker's public JWKS.")
  private Path jwks;

  @Option(
      names = "--issuer",
      paramLabel = "ISS",
      description = "The trusted issuer, which the list's iss must equal.")
  private String issuer;

  @Option(
      names = "--idx",
      paramLabel = "N",
      description = "An entry to show; repeatable, shown in the order given.")
  private List<Long> indexes = new ArrayList<>();

  @Parameters(
      index = "0",
      paramLabel = "LIST_FILE",
      description = "The file holding the status list token.")
  private Path file;

  @Override
  public Integer call() {
    Inputs inputs = new Inputs(spec);
    if ((jwks == null) != (issuer == null)) {
      throw inputs.error("--jwks and --issuer: expected both (verify) or neither (decode only)");
    }
    String token = read(inputs);
    String line;
    try {
      line = jwks == null ? unverified(token, inputs) : verified(token, inputs);
    } catch (StatusListException e) {
      spec.commandLine().getOut().println(StatusListReport.rejected(e.reason()));
      return Main.REJECTED;
    }
    spec.commandLine().getOut().println(line);
    return Main.OK;
  }

  private String verified(String token, Inputs inputs) throws StatusListException {
    String json = inputs.read("--jwks", "jwks file", jwks);
    VerificationKeySet keys = inputs.parse("--jwks", () -> VerificationKeySet.parse(json));
    StatusListVerifier verifier =
        inputs
            .parse("--issuer", () -> StatusListVerifier.builder().trustedIssuer(issuer, keys))
            .build();
    VerifiedStatusList list = verifier.verifyAnySubject(token);
    checkIndexes(list.list(), inputs);
    return StatusListReport.inspected(
        true, list.uri().toString(), list.ttl().getSeconds(), list.list(), indexes);
  }

  /** Decodes without verifying anything but the list's own shape and the inflation cap. */
  private String unverified(String token, Inputs inputs) throws StatusListException {
    String[] parts = token.split("\\.", -1);
    ObjectNode claims;
    try {
      if (parts.length != 3) {
        throw new IllegalArgumentException("expected three parts");
      }
      claims = StatusListJson.object(Base64Url.decode(parts[1]));
    } catch (IllegalArgumentException e) {
      throw new StatusListException(Reason.MALFORMED);
    }
    JsonNode bits = claims.at("/status_list/bits");
    JsonNode lst = claims.at("/status_list/lst");
    if (!bits.isIntegralNumber() || !lst.isTextual()) {
      throw new StatusListException(Reason.INVALID_CLAIM);
    }
    if (!bits.canConvertToInt() || bits.intValue() != StatusList.BITS) {
      throw new StatusListException(Reason.UNSUPPORTED_BITS);
    }
    byte[] zlib;
    try {
      zlib = Base64Url.decode(lst.asText());
    } catch (IllegalArgumentException e) {
      throw new StatusListException(Reason.MALFORMED);
    }
    StatusList list =
        StatusList.decode(zlib, StatusList.BITS, StatusList.DEFAULT_MAX_INFLATED_BYTES);
    checkIndexes(list, inputs);
    JsonNode sub = claims.get("sub");
    JsonNode ttl = claims.get("ttl");
    return StatusListReport.inspected(
        false,
        sub != null && sub.isTextual() ? sub.asText() : null,
        ttl != null && ttl.canConvertToLong() ? ttl.longValue() : null,
        list,
        indexes);
  }

  private void checkIndexes(StatusList list, Inputs inputs) {
    for (long index : indexes) {
      if (index < 0 || index >= list.size()) {
        throw inputs.error(
            "--idx: expected 0 to "
                + (list.size() - 1)
                + " (list size "
                + list.size()
                + "), got "
                + index);
      }
    }
  }

  private String read(Inputs inputs) {
    try {
      if (Files.size(file) > StatusListVerifier.DEFAULT_MAX_TOKEN_LENGTH) {
        throw inputs.error("LIST_FILE: expected at most 64 MiB, got a larger file: " + file);
      }
    } catch (IOException e) {
      throw inputs.error("LIST_FILE: expected a readable status list file, cannot read " + file);
    }
    return inputs.read("LIST_FILE", "status list file", file).strip();
  }
}
