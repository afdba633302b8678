package org.mydatakit.grant;

import static org.mydatakit.grant.InvalidGrantException.Reason.INVALID_CLAIM;
import static org.mydatakit.grant.InvalidGrantException.Reason.LIFETIME_TOO_LONG;
import static org.mydatakit.grant.InvalidGrantException.Reason.MISSING_CLAIM;
import static org.mydatakit.grant.InvalidGrantException.Reason.STATUS_MISSING;
import static org.mydatakit.grant.InvalidGrantException.Reason.WRONG_AUDIENCE;
import static org.mydatakit.grant.InvalidGrantException.Reason.WRONG_ISSUER;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import org.mydatakit.consent.AgencyId;
import org.mydatakit.consent.ConsentId;
import org.mydatakit.consent.DataRange;
import org.mydatakit.consent.ItemCode;
import org.mydatakit.consent.SubjectId;
import org.mydatakit.internal.Base64Url;
import org.mydatakit.status.StatusReference;

/** The claims of a grant whose signature verified, checked for everything that is not time. */
record GrantClaims(
    String kid,
    SubjectId subject,
    AgencyId consumer,
    AgencyId provider,
    ConsentId consentId,
    Set<ItemCode> scope,
    String purpose,
    Optional<DataRange> dataRange,
    Instant issuedAt,
    Instant notBefore,
    Instant expiresAt,
    String jti,
    String jkt,
    Optional<StatusReference> status) {

  private static final long MAX_EPOCH_SECOND = 253402300799L; // 9999-12-31T23:59:59Z

  static GrantClaims parse(
      String kid,
      ObjectNode claims,
      String issuer,
      AgencyId audience,
      Duration maxLifetime,
      boolean statusRequired)
      throws InvalidGrantException {
    if (!issuer.equals(text(claims, "iss"))) {
      throw new InvalidGrantException(WRONG_ISSUER);
    }
    JsonNode aud = required(claims, "aud");
    if (!aud.isTextual() || !aud.asText().equals(audience.value())) {
      throw new InvalidGrantException(WRONG_AUDIENCE);
    }
    Instant iat = instant(claims, "iat");
    Instant nbf = instant(claims, "nbf");
    Instant exp = instant(claims, "exp");
    if (!exp.isAfter(iat) || nbf.isAfter(exp)) {
      throw new InvalidGrantException(INVALID_CLAIM);
    }
    if (Duration.between(iat, exp).compareTo(maxLifetime) > 0) {
      throw new InvalidGrantException(LIFETIME_TOO_LONG);
    }
    try {
      SubjectId sub = SubjectId.parse(text(claims, "sub"));
      AgencyId azp = AgencyId.of(text(claims, "azp"));
      ConsentId cid = ConsentId.parse(text(claims, "cid"));
      Set<ItemCode> scope = scope(text(claims, "scope"));
      String pur = org.mydatakit.internal.Checks.token("purpose", text(claims, "pur"), 64);
      String jti = text(claims, "jti");
      if (jti.isEmpty() || jti.length() > 128) {
        throw new InvalidGrantException(INVALID_CLAIM);
      }
      JsonNode cnf = required(claims, "cnf");
      String jkt = cnf.path("jkt").asText("");
      if (!cnf.path("jkt").isTextual()
          || jkt.length() != 43
          || !Base64Url.isCanonical(jkt, 0, 43)) {
        throw new InvalidGrantException(INVALID_CLAIM);
      }
      Optional<StatusReference> status = status(claims);
      if (statusRequired && status.isEmpty()) {
        throw new InvalidGrantException(STATUS_MISSING);
      }
      return new GrantClaims(
          kid, sub, azp, audience, cid, scope, pur, range(claims), iat, nbf, exp, jti, jkt, status);
    } catch (RuntimeException e) { // a malformed id, code, date or uri
      throw new InvalidGrantException(INVALID_CLAIM);
    }
  }

  private static JsonNode required(ObjectNode claims, String name) throws InvalidGrantException {
    JsonNode node = claims.get(name);
    if (node == null || node.isNull()) {
      throw new InvalidGrantException(MISSING_CLAIM);
    }
    return node;
  }

  private static String text(ObjectNode claims, String name) throws InvalidGrantException {
    JsonNode node = required(claims, name);
    if (!node.isTextual()) {
      throw new InvalidGrantException(INVALID_CLAIM);
    }
    return node.asText();
  }

  private static Instant instant(ObjectNode claims, String name) throws InvalidGrantException {
    JsonNode node = required(claims, name);
    if (!node.isIntegralNumber()) {
      throw new InvalidGrantException(INVALID_CLAIM);
    }
    BigInteger value = node.bigIntegerValue();
    if (value.signum() < 0 || value.compareTo(BigInteger.valueOf(MAX_EPOCH_SECOND)) > 0) {
      throw new InvalidGrantException(INVALID_CLAIM);
    }
    return Instant.ofEpochSecond(value.longValue());
  }

  private static Set<ItemCode> scope(String scope) {
    Set<ItemCode> items = new LinkedHashSet<>();
    for (String code : scope.split(" ", -1)) {
      if (!items.add(ItemCode.of(code))) {
        throw new IllegalArgumentException("scope: duplicate item");
      }
    }
    return Set.copyOf(items);
  }

  private static Optional<StatusReference> status(ObjectNode claims) throws InvalidGrantException {
    JsonNode status = claims.get("status");
    if (status == null) {
      return Optional.empty();
    }
    JsonNode list = status.path("status_list");
    JsonNode idx = list.path("idx");
    JsonNode uri = list.path("uri");
    if (!idx.isIntegralNumber() || !idx.canConvertToLong() || !uri.isTextual()) {
      throw new InvalidGrantException(INVALID_CLAIM);
    }
    return Optional.of(StatusReference.of(URI.create(uri.asText()), idx.longValue()));
  }

  private static Optional<DataRange> range(ObjectNode claims) throws InvalidGrantException {
    JsonNode rng = claims.get("rng");
    if (rng == null) {
      return Optional.empty();
    }
    if (!rng.path("from").isTextual() || !rng.path("to").isTextual()) {
      throw new InvalidGrantException(INVALID_CLAIM);
    }
    return Optional.of(
        new DataRange(
            LocalDate.parse(rng.get("from").asText()), LocalDate.parse(rng.get("to").asText())));
  }
}
