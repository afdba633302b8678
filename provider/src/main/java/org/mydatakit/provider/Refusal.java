package org.mydatakit.provider;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.mydatakit.grant.InvalidGrantException;

/**
 * A request the {@link ProviderGate} refused: the HTTP status, a machine-readable reason, the RFC
 * 9457 problem body and the headers to answer with. Bodies are stock per status — a type, a title,
 * the status and the reason — and never echo the request.
 *
 * <pre>{@code
 * if (gate.admit(request) instanceof Refusal refusal) {
 *   response.setStatus(refusal.status());
 *   refusal.headers().forEach(response::setHeader);
 *   response.getWriter().write(refusal.problem());
 * }
 * }</pre>
 *
 * <p>Immutable. {@link #toString()} shows the status and reason only.
 */
public final class Refusal implements ProviderGate.Decision {
  /** Where the profile's problem types live. */
  public static final String TYPE_BASE = "https://mydatakit.org/problems/";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Map<Integer, String[]> STOCK =
      Map.of(
          400, new String[] {"bad-request", "the request is malformed"},
          401, new String[] {"invalid-grant", "the grant or its dpop proof is invalid"},
          403, new String[] {"not-permitted", "the grant does not permit this request"},
          404, new String[] {"not-found", "no such item or record"},
          405, new String[] {"method-not-allowed", "only get is supported"},
          429, new String[] {"rate-limited", "too many requests"},
          500, new String[] {"internal-error", "the agency failed"},
          503, new String[] {"unavailable", "the agency is temporarily unavailable"});

  /** Why the gate refused, beyond a rejected grant. */
  public enum Reason {
    /** The path is not an items path of the profile. */
    NOT_FOUND(404),
    /** Only {@code GET} is served. */
    METHOD_NOT_ALLOWED(405),
    /** {@code X-Api-Tran-Id} is missing, repeated or malformed. */
    BAD_TRANSACTION_ID(400),
    /** {@code Idempotency-Key} is repeated or malformed. */
    BAD_IDEMPOTENCY_KEY(400),
    /** {@code from} or {@code to} is repeated, malformed, or {@code from} is after {@code to}. */
    BAD_QUERY(400),
    /** The item is malformed or not served by this agency. */
    UNKNOWN_ITEM(404),
    /** The grant or its proof failed a check: see {@link Refusal#grantReason()}. */
    INVALID_GRANT(401),
    /** The requested range is not inside the consent's data range. */
    RANGE_NOT_ALLOWED(403),
    /** This grant already delivered this item (a grant authorises one delivery per item). */
    GRANT_USED(403),
    /** The use ledger or the replay cache could not be reached: nothing was delivered. */
    LEDGER_UNAVAILABLE(503),
    /** The agency holds no record of this kind for the citizen. */
    NO_RECORD(404),
    /** The agency failed. */
    INTERNAL_ERROR(500);

    private final int status;

    Reason(int status) {
      this.status = status;
    }

    /** The HTTP status this reason is answered with (a rejected grant's depends on its reason). */
    public int status() {
      return status;
    }
  }

  private final int status;
  private final Reason reason;
  private final InvalidGrantException.Reason grantReason;
  private final String problem;
  private final Map<String, String> headers;

  private Refusal(
      int status,
      Reason reason,
      InvalidGrantException.Reason grantReason,
      String transactionId,
      Map<String, String> extra) {
    this.status = status;
    this.reason = reason;
    this.grantReason = grantReason;
    String[] stock = STOCK.get(status);
    ObjectNode body = JSON.createObjectNode();
    body.put("type", TYPE_BASE + stock[0]);
    body.put("title", stock[1]);
    body.put("status", status);
    body.put("reason", code(reason, grantReason));
    this.problem = body.toString();
    Map<String, String> h = new LinkedHashMap<>();
    h.put("Content-Type", "application/problem+json");
    h.put("Cache-Control", "no-store");
    if (transactionId != null) {
      h.put("X-Api-Tran-Id", transactionId);
    }
    h.putAll(extra);
    this.headers = Collections.unmodifiableMap(h);
  }

  /** A refusal for {@code reason} (not {@link Reason#INVALID_GRANT}: see the grant form). */
  static Refusal of(Reason reason, String transactionId) {
    if (reason == Reason.INVALID_GRANT) {
      throw new IllegalArgumentException("refusal: expected a grant reason for INVALID_GRANT");
    }
    Map<String, String> extra =
        switch (reason) {
          case METHOD_NOT_ALLOWED -> Map.of("Allow", "GET");
          case LEDGER_UNAVAILABLE -> Map.of("Retry-After", "1");
          default -> Map.of();
        };
    return new Refusal(reason.status(), reason, null, transactionId, extra);
  }

  /**
   * The refusal of a rejected grant: 403 when it is genuine but does not allow the request, 503
   * with {@code Retry-After} when the consent's status cannot be learnt (fail closed), 401 with the
   * RFC 9449 challenge otherwise.
   */
  static Refusal of(InvalidGrantException.Reason grantReason, String transactionId) {
    return switch (grantReason) {
      case REPLAY_CACHE_UNAVAILABLE -> of(Reason.LEDGER_UNAVAILABLE, transactionId);
      case INSUFFICIENT_SCOPE, WRONG_AUDIENCE, REVOKED, SUSPENDED ->
          new Refusal(403, Reason.INVALID_GRANT, grantReason, transactionId, Map.of());
      case STATUS_UNAVAILABLE, STATUS_STALE ->
          new Refusal(
              503, Reason.INVALID_GRANT, grantReason, transactionId, Map.of("Retry-After", "1"));
      default -> {
        String error =
            grantReason.name().startsWith("DPOP_") ? "invalid_dpop_proof" : "invalid_token";
        yield new Refusal(
            401,
            Reason.INVALID_GRANT,
            grantReason,
            transactionId,
            Map.of("WWW-Authenticate", "DPoP error=\"" + error + "\", algs=\"ES256 PS256\""));
      }
    };
  }

  private static String code(Reason reason, InvalidGrantException.Reason grantReason) {
    return grantReason != null ? grantReason.name() : reason.name();
  }

  /** The HTTP status to answer with. */
  public int status() {
    return status;
  }

  /** Why the gate refused. */
  public Reason reason() {
    return reason;
  }

  /** The verifier's reason, when the grant or its proof was rejected. */
  public Optional<InvalidGrantException.Reason> grantReason() {
    return Optional.ofNullable(grantReason);
  }

  /**
   * The reason as the problem body's {@code reason} names it: the grant's reason for a rejected
   * grant ({@code REVOKED}, {@code DPOP_REPLAY}, ...), otherwise the gate's ({@code GRANT_USED},
   * {@code RANGE_NOT_ALLOWED}, ...).
   */
  public String code() {
    return code(reason, grantReason);
  }

  /** The RFC 9457 problem body, {@code application/problem+json}. */
  public String problem() {
    return problem;
  }

  /**
   * The headers to answer with: {@code Content-Type}, {@code Cache-Control: no-store}, the echoed
   * {@code X-Api-Tran-Id} when it was well formed, and {@code WWW-Authenticate}, {@code
   * Retry-After} or {@code Allow} where the status calls for them.
   */
  public Map<String, String> headers() {
    return headers;
  }

  @Override
  public String toString() {
    return "Refusal[" + status + " " + code() + "]";
  }
}
