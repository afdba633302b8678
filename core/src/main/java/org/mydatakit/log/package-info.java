/**
 * The verifiable log's primitives: the RFC 9162 Merkle tree, its inclusion and consistency proofs.
 * Dependency-free, at the bottom of core's package graph.
 *
 * <p>Nullability: see {@link org.mydatakit}.
 */
package org.mydatakit.log;
