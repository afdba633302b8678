package org.mydatakit.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.mydatakit.status.StatusList;
import org.mydatakit.status.StatusListException;
import org.mydatakit.status.TokenStatus;

/** The one-line JSON objects the {@code status-list} commands print. */
final class StatusListReport {
  private static final ObjectMapper JSON = new ObjectMapper();

  private StatusListReport() {}

  /**
   * {@code {"verified":…,"sub":…,"ttl":…,"size":N,"bits":2,"counts":{…},"entries":[…]}}; {@code
   * sub} and {@code ttl} are null when an unverified token lacks them.
   */
  static String inspected(
      boolean verified, String sub, Long ttl, StatusList list, List<Long> indexes) {
    ObjectNode line = JSON.createObjectNode();
    line.put("verified", verified);
    line.put("sub", sub);
    line.put("ttl", ttl);
    line.put("size", list.size());
    line.put("bits", StatusList.BITS);
    line.set("counts", counts(list));
    ArrayNode entries = line.putArray("entries");
    for (long index : indexes) {
      entries.addObject().put("idx", index).put("status", list.get(index).name());
    }
    return line.toString();
  }

  /** {@code {"verified":false,"reason":"REASON"}}. */
  static String rejected(StatusListException.Reason reason) {
    ObjectNode line = JSON.createObjectNode();
    line.put("verified", false);
    line.put("reason", reason.name());
    return line.toString();
  }

  /** {@code {"out":…,"sub":…,"size":N,"ttl":…,"counts":{…}}}. */
  static String built(String out, String sub, StatusList list, long ttlSeconds) {
    ObjectNode line = JSON.createObjectNode();
    line.put("out", out);
    line.put("sub", sub);
    line.put("size", list.size());
    line.put("ttl", ttlSeconds);
    line.set("counts", counts(list));
    return line.toString();
  }

  private static ObjectNode counts(StatusList list) {
    ObjectNode counts = JSON.createObjectNode();
    for (TokenStatus status : TokenStatus.values()) {
      counts.put(status.name(), list.counts().get(status));
    }
    return counts;
  }
}
