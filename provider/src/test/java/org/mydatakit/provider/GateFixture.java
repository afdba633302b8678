package org.mydatakit.provider;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.UUID;
import java.util.function.Consumer;
import org.mydatakit.consent.AgencyId;
import org.mydatakit.consent.ConsentId;
import org.mydatakit.consent.DataRange;
import org.mydatakit.grant.DpopKey;
import org.mydatakit.internal.JwsSigning;
import org.mydatakit.keys.SigningAlgorithm;
import org.mydatakit.keys.SigningKeySet;

/** Mints grants and proofs for one agency and builds gates and requests around them. */
final class GateFixture {
  static final String ISSUER = "https://broker.example";
  static final AgencyId SELF = AgencyId.of("NTS");
  static final String BASE = "https://api.nts.example";
  static final String ITEM = "nts.income";
  static final Instant NOW = Instant.parse("2026-12-07T03:00:00Z");
  static final DataRange YEAR_2025 =
      new DataRange(LocalDate.of(2025, 1, 1), LocalDate.of(2025, 12, 31));
  static final ObjectMapper JSON = new ObjectMapper();

  final SigningKeySet brokerKeys = SigningKeySet.generate(SigningAlgorithm.ES256);
  final JwsSigning signing = JwsSigning.current(brokerKeys.exportPrivateJwks());
  final Clock clock;
  final DpopKey consumerKey;
  final ConsentId consentId;

  /** Grants and proofs at the fixed instant {@link #NOW}. */
  GateFixture() {
    this(Clock.fixed(NOW, ZoneOffset.UTC));
  }

  /** Grants and proofs at {@code clock}'s time (the system clock for a gate built without one). */
  GateFixture(Clock clock) {
    this.clock = clock;
    this.consumerKey = DpopKey.generate().withClock(clock);
    this.consentId = ConsentId.generate(clock.instant());
  }

  /** Issuer, audience and clock; the revocation decision is left to the caller. */
  ProviderGate.Builder bareBuilder() {
    return ProviderGate.builder()
        .trustedIssuer(ISSUER, brokerKeys.verificationKeys())
        .audience(SELF)
        .clock(clock);
  }

  ProviderGate.Builder gateBuilder() {
    return bareBuilder().withoutRevocationCheck();
  }

  ProviderGate gate() {
    return gateBuilder().build();
  }

  ObjectNode claims(DpopKey holder) {
    ObjectNode c = JSON.createObjectNode();
    long now = clock.instant().getEpochSecond();
    c.put("iss", ISSUER);
    c.put("aud", SELF.value());
    c.put("sub", "c3ViamVjdC1hdC1udHMtZm9yLXRlc3Qtb25seS0wMDE");
    c.put("azp", "KB-BANK");
    c.put("cid", consentId.value().toString());
    c.put("scope", "nts.income nts.tax-payment");
    c.put("pur", "loan-screening");
    c.put("iat", now - 10);
    c.put("nbf", now - 10);
    c.put("exp", now + 290);
    c.put("jti", "grant-" + UUID.randomUUID());
    c.putObject("cnf").put("jkt", holder.thumbprint());
    return c;
  }

  /** A fresh grant (new jti) bound to the consumer's key, without a data range. */
  String grant() {
    return grantWith(c -> {});
  }

  /** A fresh grant limited to {@code range}. */
  String grant(DataRange range) {
    return grantWith(
        c -> {
          ObjectNode rng = c.putObject("rng");
          rng.put("from", range.from().toString());
          rng.put("to", range.to().toString());
        });
  }

  String grantWith(Consumer<ObjectNode> edit) {
    ObjectNode c = claims(consumerKey);
    edit.accept(c);
    return signing.sign("mydata-grant+jwt", c.toString(), false);
  }

  /** A fresh grant signed by {@code keys}' current key instead of the fixture's broker keys. */
  String grantSignedBy(SigningKeySet keys) {
    return JwsSigning.current(keys.exportPrivateJwks())
        .sign("mydata-grant+jwt", claims(consumerKey).toString(), false);
  }

  /** A request for {@code item} with {@code query} (may be empty), a valid proof and tran id. */
  ProviderRequest.Builder request(String grant, String item, String query) {
    URI url = URI.create(BASE + "/mydata/v1/items/" + item);
    return ProviderRequest.builder()
        .method("GET")
        .url(URI.create(url + (query.isEmpty() ? "" : "?" + query)))
        .header("Authorization", "DPoP " + grant)
        .header("DPoP", consumerKey.proof("GET", url, grant))
        .header("X-Api-Tran-Id", "tran-" + UUID.randomUUID().toString().substring(0, 8));
  }

  ProviderRequest request(String grant) {
    return request(grant, ITEM, "").build();
  }
}
