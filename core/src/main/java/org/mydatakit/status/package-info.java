/**
 * Token status lists (IETF OAuth Token Status List): how a provider agency learns, offline and at
 * scale, that a consent was paused or revoked.
 *
 * <p>Nullability: see {@link org.mydatakit}.
 */
package org.mydatakit.status;
