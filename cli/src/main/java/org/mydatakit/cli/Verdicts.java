package org.mydatakit.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.TreeSet;
import org.mydatakit.grant.InvalidGrantException;
import org.mydatakit.grant.VerifiedGrant;

/** The one-line JSON verdicts {@code grant verify} prints, one per token. */
final class Verdicts {
  private static final ObjectMapper JSON = new ObjectMapper();

  private Verdicts() {}

  /** {@code {"valid":true,"cid":…,"sub":…,"scope":[sorted],"exp":epoch seconds}}. */
  static String valid(VerifiedGrant grant) {
    ObjectNode line = JSON.createObjectNode();
    line.put("valid", true);
    line.put("cid", grant.consentId().toString());
    line.put("sub", grant.subject().value());
    ArrayNode scope = line.putArray("scope");
    new TreeSet<>(grant.scope()).forEach(code -> scope.add(code.value()));
    line.put("exp", grant.expiresAt().getEpochSecond());
    return line.toString();
  }

  /** {@code {"valid":false,"reason":"REASON"}}. */
  static String rejected(InvalidGrantException.Reason reason) {
    ObjectNode line = JSON.createObjectNode();
    line.put("valid", false);
    line.put("reason", reason.name());
    return line.toString();
  }
}
