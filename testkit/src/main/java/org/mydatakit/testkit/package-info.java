/**
 * Test kit for integrators: a fake provider agency (WireMock) that verifies every grant and DPoP
 * proof with the real {@link org.mydatakit.grant.GrantVerifier}, a fake broker, and sample records
 * of obviously fictional citizens.
 *
 * <p>Nullability: see {@link org.mydatakit}.
 */
package org.mydatakit.testkit;
