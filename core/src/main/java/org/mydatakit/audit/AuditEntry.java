package org.mydatakit.audit;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.regex.Pattern;
import org.mydatakit.internal.StrictJson;

/**
 * One link of the audit chain: an event with its sequence number (from 1), the hash of the previous
 * entry (64 zeros for the first) and its own hash, SHA-256 over the canonical encoding.
 *
 * <p>The canonical encoding is compact JSON with members in this order: {@code seq}, {@code at}
 * (ISO-8601 UTC, milliseconds), {@code type}, {@code consent}, {@code actor}, {@code details} (keys
 * sorted), {@code prev}; UTF-8. Changing any field, deleting, inserting or reordering entries
 * changes a hash that a later entry commits to.
 *
 * <pre>{@code
 * AuditEntry first = AuditEntry.first(event);
 * AuditEntry second = first.next(anotherEvent);
 * }</pre>
 */
public record AuditEntry(long sequence, AuditEvent event, String previousHash, String hash) {
  /** The previous hash of the first entry. */
  public static final String GENESIS = "0".repeat(64);

  private static final Pattern HEX = Pattern.compile("[0-9a-f]{64}");

  /** Validates the shape; {@link #hashMatches()} says whether the hash is right. */
  public AuditEntry {
    if (sequence < 1) {
      throw new IllegalArgumentException("audit sequence: expected >= 1, got " + sequence);
    }
    if (event == null) {
      throw new IllegalArgumentException("audit event: expected a value, got null");
    }
    if (previousHash == null || !HEX.matcher(previousHash).matches()) {
      throw new IllegalArgumentException("audit previous hash: expected 64 lower-case hex digits");
    }
    if (hash == null || !HEX.matcher(hash).matches()) {
      throw new IllegalArgumentException("audit hash: expected 64 lower-case hex digits");
    }
  }

  /** The first entry of a chain. */
  public static AuditEntry first(AuditEvent event) {
    return seal(1, event, GENESIS);
  }

  /** The entry that follows this one. */
  public AuditEntry next(AuditEvent event) {
    return seal(sequence + 1, event, hash);
  }

  /** The entry at {@code sequence} after an entry whose hash is {@code previousHash}. */
  public static AuditEntry seal(long sequence, AuditEvent event, String previousHash) {
    return new AuditEntry(
        sequence, event, previousHash, computeHash(sequence, event, previousHash));
  }

  /** True if {@link #hash()} is the hash of this entry's content. */
  public boolean hashMatches() {
    return hash.equals(computeHash(sequence, event, previousHash));
  }

  /** The canonical encoding that {@link #hash()} covers. */
  public static byte[] canonical(long sequence, AuditEvent event, String previousHash) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    try (JsonGenerator json = StrictJson.mapper().getFactory().createGenerator(out)) {
      json.writeStartObject();
      json.writeNumberField("seq", sequence);
      json.writeStringField("at", event.at().toString());
      json.writeStringField("type", event.type().name());
      json.writeStringField("consent", event.consentId().toString());
      json.writeStringField("actor", event.actor());
      json.writeObjectFieldStart("details");
      for (Map.Entry<String, String> d : event.details().entrySet()) {
        json.writeStringField(d.getKey(), d.getValue());
      }
      json.writeEndObject();
      json.writeStringField("prev", previousHash);
      json.writeEndObject();
    } catch (IOException e) {
      throw new IllegalStateException("canonical encoding failed", e);
    }
    return out.toByteArray();
  }

  private static String computeHash(long sequence, AuditEvent event, String previousHash) {
    try {
      MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(sha256.digest(canonical(sequence, event, previousHash)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
