/**
 * Grants: short-lived, sender-constrained JWS tokens the broker issues for one consent at one
 * provider agency, the keys that sign them, DPoP proofs, and the strict {@link
 * org.mydatakit.grant.GrantVerifier} that provider agencies put in front of citizens' records. At
 * the broker's token endpoint, where grants are asked for, {@link
 * org.mydatakit.grant.ClientAssertionVerifier} authenticates the consumer and {@link
 * org.mydatakit.grant.DpopProofVerifier} checks the proof whose key the grant is bound to.
 *
 * <p>Nullability: see {@link org.mydatakit}.
 */
package org.mydatakit.grant;
