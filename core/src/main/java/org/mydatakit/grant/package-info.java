/**
 * Grants: short-lived, sender-constrained JWS tokens the broker issues for one consent at one
 * provider agency, the keys that sign them, DPoP proofs, and the strict {@link
 * org.mydatakit.grant.GrantVerifier} that provider agencies put in front of citizens' records.
 *
 * <p>Nullability: see {@link org.mydatakit}.
 */
package org.mydatakit.grant;
