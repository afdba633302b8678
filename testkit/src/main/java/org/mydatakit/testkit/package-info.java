/**
 * Test kit for integrators: a fake provider agency (WireMock) behind the provider kit's real gate
 * ({@code org.mydatakit.provider.ProviderGate}), a fake broker, and sample records of obviously
 * fictional citizens.
 *
 * <pre>{@code
 * @MockProviderAgency("NHIS")
 * class LoanScreeningTest {
 *   @Test
 *   void fetchesTheQualification(FakeBroker broker, FakeProviderAgency nhis) {
 *     Consent consent = broker.approvedConsent(SampleCitizen.HONG_GILDONG, AgencyId.of("KB-BANK"),
 *         DataItem.of(AgencyId.of("NHIS"), ItemCode.of("nhis.qualification")));
 *     // point the client at nhis.baseUrl(); nhis.requests() tells what the agency saw
 *   }
 * }
 * }</pre>
 *
 * <p>Sample agencies and items: {@code NHIS nhis.qualification}, {@code NTS
 * nts.income-certificate}, {@code MOIS mois.resident-abstract}, {@code SEOUL-JUNGGU
 * local.tax-payment}. Any other agency id starts too, and answers 404 {@code UNKNOWN_ITEM} to
 * verified requests. The profile is {@code openapi/provider-agency.yaml} on this module's
 * classpath.
 *
 * <p>Answers, in the order checked: 404 {@code NOT_FOUND} (path outside the profile), 405 (not
 * GET), 400 {@code BAD_TRANSACTION_ID} / {@code BAD_IDEMPOTENCY_KEY} / {@code BAD_QUERY}, 404
 * {@code UNKNOWN_ITEM} (malformed item code), then the verifier: 403 for {@code
 * INSUFFICIENT_SCOPE}, {@code WRONG_AUDIENCE}, {@code REVOKED}, {@code SUSPENDED}; 503 with {@code
 * Retry-After} for {@code STATUS_UNAVAILABLE} and {@code STATUS_STALE}; 401 with a DPoP challenge
 * for every other reason; then 404 {@code UNKNOWN_ITEM} (not served here), 403 {@code
 * RANGE_NOT_ALLOWED} (from/to outside the consent's range), 403 {@code GRANT_USED} (this grant
 * already delivered this item), 404 {@code NO_RECORD}, and 200 with the record filtered by the
 * range and a {@code MyData-Receipt} header.
 *
 * <p>Nullability: see {@link org.mydatakit}.
 */
package org.mydatakit.testkit;
