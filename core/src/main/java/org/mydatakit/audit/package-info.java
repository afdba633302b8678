/**
 * The broker's memory: an append-only, hash-chained audit log of every consent event, signed
 * checkpoints over it, and signed consent receipts for citizens.
 *
 * <p>Nullability: see {@link org.mydatakit}.
 */
package org.mydatakit.audit;
