package org.mydatakit.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.mydatakit.audit.AuditCheckpoint;
import org.mydatakit.audit.InvalidCheckpointException;
import org.mydatakit.keys.VerificationKeySet;
import picocli.CommandLine.Option;

/**
 * The checkpoint options of {@code audit verify}: signed checkpoints and the broker's keys and
 * issuer to verify them with, all or none.
 */
final class AuditCheckpointOptions {
  @Option(
      names = "--jwks",
      paramLabel = "FILE",
      description = "The broker's public JWKS, to verify checkpoints with.")
  Path jwks;

  @Option(
      names = "--issuer",
      paramLabel = "ISS",
      description = "The broker's issuer id, which checkpoints must carry.")
  String issuer;

  @Option(
      names = "--checkpoint",
      paramLabel = "TOKEN",
      description = "A signed audit checkpoint to check the chain against; repeatable.")
  List<String> tokens = new ArrayList<>();

  /**
   * The verified checkpoints (none if none were given), or null after printing {@code INVALID
   * checkpoint <n>: <why>} for the first that does not verify.
   */
  List<AuditCheckpoint> verify(Inputs inputs, PrintWriter out) {
    if (tokens.isEmpty()) {
      if (jwks != null || issuer != null) {
        throw inputs.error("--jwks and --issuer: expected at least one --checkpoint to verify");
      }
      return List.of();
    }
    if (jwks == null || issuer == null) {
      throw inputs.error("--checkpoint: expected --jwks and --issuer to verify it with");
    }
    String json = inputs.read("--jwks", "jwks file", jwks);
    VerificationKeySet keys = inputs.parse("--jwks", () -> VerificationKeySet.parse(json));
    List<AuditCheckpoint> checkpoints = new ArrayList<>();
    for (int i = 0; i < tokens.size(); i++) {
      String token = tokens.get(i).strip();
      try {
        checkpoints.add(AuditCheckpoint.verify(token, keys, issuer));
      } catch (InvalidCheckpointException e) {
        out.println("INVALID checkpoint " + (i + 1) + ": " + e.getMessage());
        return null;
      } catch (IllegalArgumentException e) {
        throw inputs.error("--issuer: " + e.getMessage()); // the issuer id itself is malformed
      }
    }
    return checkpoints;
  }
}
