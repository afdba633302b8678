/**
 * The consent model: a citizen's decision about who may receive which records, why, how often and
 * until when (전송요구 / 동의), as immutable values validated at construction.
 *
 * <p>Nullability: see {@link org.mydatakit}.
 */
package org.mydatakit.consent;
