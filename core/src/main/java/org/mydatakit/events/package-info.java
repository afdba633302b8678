/**
 * Consent events as Security Event Tokens (RFC 8417): what the broker tells an agency when a
 * citizen's decision changes what it may do. {@link ConsentEvent} is one event for one receiving
 * agency; {@link SecurityEventTokens} signs it as a {@code secevent+jwt} and verifies one on the
 * receiving side.
 */
package org.mydatakit.events;
