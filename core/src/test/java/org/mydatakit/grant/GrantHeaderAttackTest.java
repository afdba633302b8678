package org.mydatakit.grant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mydatakit.grant.GrantFixture.b64;
import static org.mydatakit.grant.GrantFixture.signRaw;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.sun.net.httpserver.HttpServer;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.util.Arrays;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.mydatakit.grant.InvalidGrantException.Reason;
import org.mydatakit.keys.SigningAlgorithm;
import org.mydatakit.keys.SigningKeySet;

/** Attacks through the JOSE header: algorithms, key references, typ, kid, and ECDSA forgeries. */
class GrantHeaderAttackTest {
  private static final BigInteger N =
      new BigInteger("FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551", 16);

  private final GrantFixture f = new GrantFixture(SigningAlgorithm.ES256);
  private HttpServer server;
  private final AtomicInteger fetches = new AtomicInteger();

  @BeforeEach
  void startCountingServer() throws Exception {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/",
        exchange -> {
          fetches.incrementAndGet();
          byte[] body = f.keys.verificationKeys().toJson().getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/jwks.json";
  }

  private String withHeader(ObjectNode header) {
    return signRaw(header.toString(), f.claims().toString(), f.brokerKey);
  }

  @ParameterizedTest
  @ValueSource(strings = {"none", "None", "NONE", "nOnE"})
  void algNoneIsRejected(String none) {
    ObjectNode header = f.header().put("alg", none);
    String unsigned = b64(header.toString()) + "." + b64(f.claims().toString()) + ".";
    assertThat(f.rejection(unsigned)).isEqualTo(Reason.MALFORMED);
    String withJunk = b64(header.toString()) + "." + b64(f.claims().toString()) + ".AAAA";
    assertThat(f.rejection(withJunk)).isEqualTo(Reason.ALGORITHM_NOT_ALLOWED);
  }

  @ParameterizedTest
  @EnumSource(PublicKeyEncoding.class)
  void hs256KeyedWithTheBrokersPublicKeyIsRejected(PublicKeyEncoding encoding) throws Exception {
    byte[] secret = encoding.encode(f.brokerKey);
    ObjectNode header = f.header().put("alg", "HS256");
    String input = b64(header.toString()) + "." + b64(f.claims().toString());
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(secret, "HmacSHA256"));
    String token = input + "." + b64(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
    assertThat(f.rejection(token)).isEqualTo(Reason.ALGORITHM_NOT_ALLOWED);
  }

  enum PublicKeyEncoding {
    JWK_JSON {
      @Override
      byte[] encode(JWK key) {
        return key.toPublicJWK().toJSONString().getBytes(StandardCharsets.UTF_8);
      }
    },
    PEM {
      @Override
      byte[] encode(JWK key) throws Exception {
        String b64 = Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(DER.encode(key));
        return ("-----BEGIN PUBLIC KEY-----\n" + b64 + "\n-----END PUBLIC KEY-----\n")
            .getBytes(StandardCharsets.US_ASCII);
      }
    },
    DER {
      @Override
      byte[] encode(JWK key) throws Exception {
        PublicKey pub = ((ECKey) key).toECPublicKey();
        return pub.getEncoded();
      }
    };

    abstract byte[] encode(JWK key) throws Exception;
  }

  @ParameterizedTest
  @ValueSource(strings = {"RS256", "ES384", "ES512", "HS512", "EdDSA", "RS512", "PS512"})
  void algorithmsOffTheAllowListAreRejected(String alg) {
    assertThat(f.rejection(withHeader(f.header().put("alg", alg))))
        .isEqualTo(Reason.ALGORITHM_NOT_ALLOWED);
  }

  @Test
  void ps256AgainstAnEs256KeyIsAMismatch() throws Exception {
    JWK rsa = new RSAKeyGenerator(2048).generate();
    String token = signRaw(f.header().put("alg", "PS256").toString(), f.claims().toString(), rsa);
    assertThat(f.rejection(token)).isEqualTo(Reason.ALGORITHM_MISMATCH);
  }

  @Test
  void es256AgainstAPs256KeyIsAMismatch() throws Exception {
    GrantFixture ps = new GrantFixture(SigningAlgorithm.PS256);
    JWK ec = new ECKeyGenerator(Curve.P_256).generate();
    String token = signRaw(ps.header().put("alg", "ES256").toString(), ps.claims().toString(), ec);
    assertThat(ps.rejection(token)).isEqualTo(Reason.ALGORITHM_MISMATCH);
  }

  @Test
  void embeddedJwkIsForbiddenEvenWhenItSignedTheToken() throws Exception {
    ECKey attacker = new ECKeyGenerator(Curve.P_256).keyID(f.keys.currentKeyId()).generate();
    ObjectNode header = f.header();
    header.set("jwk", GrantFixture.JSON.readTree(attacker.toPublicJWK().toJSONString()));
    assertThat(f.rejection(signRaw(header.toString(), f.claims().toString(), attacker)))
        .isEqualTo(Reason.FORBIDDEN_HEADER);
  }

  @ParameterizedTest
  @ValueSource(strings = {"jku", "x5u"})
  void remoteKeyUrlsAreForbiddenAndNeverFetched(String member) throws Exception {
    ECKey attacker = new ECKeyGenerator(Curve.P_256).keyID("attacker").generate();
    ObjectNode header = f.header().put(member, url()).put("kid", "attacker");
    assertThat(f.rejection(signRaw(header.toString(), f.claims().toString(), attacker)))
        .isEqualTo(Reason.FORBIDDEN_HEADER);
    ObjectNode sameKid = f.header().put(member, url());
    assertThat(f.rejection(withHeader(sameKid))).isEqualTo(Reason.FORBIDDEN_HEADER);
    assertThat(fetches).hasValue(0);
  }

  @Test
  void x5cIsForbiddenAndNothingIsFetched() {
    ObjectNode header = f.header();
    header.putArray("x5c").add("MIIBszCCAVmgAwIBAgIUAAAA");
    header.put("x5u", url());
    assertThat(f.rejection(withHeader(header))).isEqualTo(Reason.FORBIDDEN_HEADER);
    assertThat(fetches).hasValue(0);
  }

  @Test
  void unknownCritIsForbidden() {
    ObjectNode header = f.header().put("exp-policy", "x");
    header.putArray("crit").add("exp-policy");
    assertThat(f.rejection(withHeader(header))).isEqualTo(Reason.FORBIDDEN_HEADER);
  }

  @Test
  void unencodedPayloadOptionIsForbidden() {
    ObjectNode header = f.header().put("b64", false);
    header.putArray("crit").add("b64");
    assertThat(f.rejection(withHeader(header))).isEqualTo(Reason.FORBIDDEN_HEADER);
    assertThat(f.rejection(withHeader(f.header().put("b64", false))))
        .isEqualTo(Reason.FORBIDDEN_HEADER);
  }

  @Test
  void zipIsForbidden() {
    assertThat(f.rejection(withHeader(f.header().put("zip", "DEF"))))
        .isEqualTo(Reason.FORBIDDEN_HEADER);
  }

  @Test
  void anyOtherHeaderMemberIsForbidden() {
    assertThat(f.rejection(withHeader(f.header().put("cty", "JWT"))))
        .isEqualTo(Reason.FORBIDDEN_HEADER);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "JWT",
        "at+jwt",
        "dpop+jwt",
        "application/dpop+jwt",
        "mydata-grant+jwt ",
        " mydata-grant+jwt",
        "mydata-grant+jwt; charset=utf-8",
        "application/mydata-grant+jwt;q=1",
        "text/mydata-grant+jwt",
        "application//mydata-grant+jwt",
        "applicationmydata-grant+jwt",
        "application/ mydata-grant+jwt",
        "x-application/mydata-grant+jwt",
        "mydata-grant+jws",
        "mydata-grant+jwt\u0000",
        "mydata-grant",
        "\u212Aydata-grant+jwt",
        "mydata-grant+jw\u0131",
        "appl\u0130cation/mydata-grant+jwt",
        "mydata\u2010grant+jwt",
        "\uFF4Dydata-grant+jwt",
        ""
      })
  void wrongTypIsRejected(String typ) {
    assertThat(f.rejection(withHeader(f.header().put("typ", typ)))).isEqualTo(Reason.WRONG_TYPE);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "mydata-grant+jwt",
        "application/mydata-grant+jwt",
        "MYDATA-GRANT+JWT",
        "APPLICATION/MYDATA-GRANT+JWT",
        "Application/MyData-Grant+JWT"
      })
  void typIsComparedAsAMediaType(String typ) throws Exception {
    assertThat(f.verifier().verify(f.request(withHeader(f.header().put("typ", typ)))).consentId())
        .isNotNull();
  }

  @Test
  void missingTypIsRejected() {
    ObjectNode header = f.header();
    header.remove("typ");
    assertThat(f.rejection(withHeader(header))).isEqualTo(Reason.WRONG_TYPE);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "unknown-kid",
        "../../../../etc/passwd",
        "' OR '1'='1' --",
        "kid\u0000",
        "\u0000",
        ""
      })
  void unknownKidsAreRejected(String kid) {
    assertThat(f.rejection(withHeader(f.header().put("kid", kid)))).isEqualTo(Reason.UNKNOWN_KEY);
  }

  @Test
  void longKidsAreRejected() {
    assertThat(f.rejection(withHeader(f.header().put("kid", "k".repeat(4_000)))))
        .isEqualTo(Reason.UNKNOWN_KEY);
    assertThat(f.rejection(withHeader(f.header().put("kid", "k".repeat(10_000)))))
        .isEqualTo(Reason.TOO_LARGE);
  }

  @Test
  void missingOrNonTextKidIsRejected() {
    ObjectNode header = f.header();
    header.remove("kid");
    assertThat(f.rejection(withHeader(header))).isEqualTo(Reason.UNKNOWN_KEY);
    assertThat(f.rejection(withHeader(f.header().put("kid", 7)))).isEqualTo(Reason.UNKNOWN_KEY);
  }

  @Test
  void tokenSignedByARetiredKeyIsRejected() throws Exception {
    SigningKeySet rotated = f.keys.rotate();
    GrantFixture old = new GrantFixture(SigningAlgorithm.ES256, f.keys);
    String byOldKey = old.token();
    GrantFixture current = new GrantFixture(SigningAlgorithm.ES256, rotated);
    // Still trusted right after rotation...
    GrantVerifier afterRotation = current.verifierBuilder().build();
    assertThat(afterRotation.verify(old.request(byOldKey)).consentId()).isNotNull();
    // ...and rejected once the old key is retired.
    GrantVerifier afterRetirement =
        GrantVerifier.builder()
            .trustedIssuer(
                GrantFixture.ISSUER, rotated.retire(f.keys.currentKeyId()).verificationKeys())
            .audience(GrantFixture.SELF)
            .withoutRevocationCheck()
            .clock(f.clock)
            .build();
    assertThat(GrantFixture.rejection(afterRetirement, old.request(byOldKey)))
        .isEqualTo(Reason.UNKNOWN_KEY);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "0,0", "0,s", "r,0", "1,s", "r,1", "n-1,s", "r,n-1", "n,s", "r,n", "n,n", "n+r,s", "r,n+s"
      })
  void ecdsaEdgeValuesAreRejected(String spec) {
    String token = f.token();
    byte[] sig = Base64.getUrlDecoder().decode(token.substring(token.lastIndexOf('.') + 1));
    BigInteger r = new BigInteger(1, Arrays.copyOfRange(sig, 0, 32));
    BigInteger s = new BigInteger(1, Arrays.copyOfRange(sig, 32, 64));
    String[] parts = spec.split(",");
    BigInteger newR = value(parts[0], r);
    BigInteger newS = value(parts[1], s);
    String body = token.substring(0, token.lastIndexOf('.') + 1);
    byte[] forged = p1363(newR, newS);
    assertThat(f.rejection(body + b64(forged))).isIn(Reason.BAD_SIGNATURE, Reason.MALFORMED);
  }

  private static BigInteger value(String spec, BigInteger original) {
    return switch (spec) {
      case "0" -> BigInteger.ZERO;
      case "1" -> BigInteger.ONE;
      case "n" -> N;
      case "n-1" -> N.subtract(BigInteger.ONE);
      case "n+r", "n+s" -> N.add(original);
      default -> original;
    };
  }

  /** r || s, each left-padded to 32 bytes, or longer when a value does not fit. */
  private static byte[] p1363(BigInteger r, BigInteger s) {
    byte[] rb = fixed(r);
    byte[] sb = fixed(s);
    byte[] out = new byte[rb.length + sb.length];
    System.arraycopy(rb, 0, out, 0, rb.length);
    System.arraycopy(sb, 0, out, rb.length, sb.length);
    return out;
  }

  private static byte[] fixed(BigInteger v) {
    byte[] raw = v.toByteArray();
    if (raw.length > 1 && raw[0] == 0) {
      raw = Arrays.copyOfRange(raw, 1, raw.length);
    }
    if (raw.length >= 32) {
      return raw;
    }
    byte[] out = new byte[32];
    System.arraycopy(raw, 0, out, 32 - raw.length, raw.length);
    return out;
  }

  @Test
  void derEncodedSignatureIsRejected() throws Exception {
    String token = f.token();
    String input = token.substring(0, token.lastIndexOf('.'));
    java.security.Signature der = java.security.Signature.getInstance("SHA256withECDSA");
    der.initSign(((ECKey) f.brokerKey).toECPrivateKey());
    der.update(input.getBytes(StandardCharsets.US_ASCII));
    assertThat(f.rejection(input + "." + b64(der.sign()))).isEqualTo(Reason.BAD_SIGNATURE);
  }

  @Test
  void sixtyFiveByteSignatureIsRejected() {
    String token = f.token();
    byte[] sig = Base64.getUrlDecoder().decode(token.substring(token.lastIndexOf('.') + 1));
    byte[] longer = Arrays.copyOf(sig, 65);
    byte[] prefixed = new byte[65];
    System.arraycopy(sig, 0, prefixed, 1, 64);
    String body = token.substring(0, token.lastIndexOf('.') + 1);
    assertThat(f.rejection(body + b64(longer))).isEqualTo(Reason.BAD_SIGNATURE);
    assertThat(f.rejection(body + b64(prefixed))).isEqualTo(Reason.BAD_SIGNATURE);
  }

  @Test
  void highSTwinOfAValidSignatureVerifies() throws Exception {
    String token = f.token();
    byte[] sig = Base64.getUrlDecoder().decode(token.substring(token.lastIndexOf('.') + 1));
    BigInteger r = new BigInteger(1, Arrays.copyOfRange(sig, 0, 32));
    BigInteger s = new BigInteger(1, Arrays.copyOfRange(sig, 32, 64));
    String twin = token.substring(0, token.lastIndexOf('.') + 1) + b64(p1363(r, N.subtract(s)));
    assertThat(twin).isNotEqualTo(token);
    GrantVerifier verifier = f.verifier();
    assertThat(verifier.verify(f.request(token)).consentId()).isNotNull();
    assertThat(verifier.verify(f.request(twin)).consentId()).isNotNull();
  }
}
