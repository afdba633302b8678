package org.mydatakit.testkit;

import static org.mydatakit.testkit.Fixtures.CONSUMER;
import static org.mydatakit.testkit.Fixtures.NHIS;
import static org.mydatakit.testkit.Fixtures.NHIS_QUALIFICATION;
import static org.mydatakit.testkit.Fixtures.QUALIFICATION;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.mydatakit.consent.Consent;
import org.mydatakit.consent.Delivery;
import org.mydatakit.consent.Schedule;
import org.mydatakit.grant.DpopKey;
import org.mydatakit.grant.Grant;

/**
 * One NHIS agency per test class and, per test, a fresh grant for 홍길동's qualification record (a
 * daily budget of 100, so no test runs out) with the DPoP key it is bound to.
 */
abstract class NhisAgencyTest {
  static final FakeBroker broker = FakeBroker.create();
  static FakeProviderAgency nhis;
  final DpopKey key = DpopKey.generate();
  URI url;
  Grant grant;

  @BeforeAll
  static void start() {
    nhis = FakeProviderAgency.start(NHIS, broker);
  }

  @AfterAll
  static void stop() {
    nhis.stop();
  }

  @BeforeEach
  void grant() {
    Consent consent =
        broker.approvedConsent(
            SampleCitizen.HONG_GILDONG,
            CONSUMER,
            Delivery.periodic(Schedule.every(1, Schedule.Unit.DAYS), 100),
            NHIS_QUALIFICATION);
    grant = broker.issueGrant(consent.id(), NHIS, key);
    url = nhis.itemUrl(QUALIFICATION);
  }

  @AfterEach
  void reset() {
    nhis.reset();
  }

  /** The item with the grant and a fresh proof. */
  HttpResponse<String> fetch() throws IOException {
    return Http.fetch(url, grant, key);
  }

  /** A fresh proof for GET on the item with the grant. */
  String proof() {
    return key.proof("GET", url, grant.token());
  }
}
