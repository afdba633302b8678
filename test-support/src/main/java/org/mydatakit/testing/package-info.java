/**
 * Internal test support of mydatakit's own modules, used in test scope only and never published:
 * {@link org.mydatakit.testing.LogLeakGuard}, registered for every test through JUnit's extension
 * autodetection, fails a test during which a log line carried a token, a citizen identifier or a
 * subject; {@link org.mydatakit.testing.CapturingAppender} is where logback sends every event.
 *
 * <p>Nullability: nothing here accepts or returns null.
 */
package org.mydatakit.testing;
