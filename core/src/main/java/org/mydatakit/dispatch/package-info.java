/**
 * Delivering consent events from the broker's outbox to the agencies: by push ({@link
 * org.mydatakit.dispatch.EventDispatcher}, RFC 8935) and by poll ({@link
 * org.mydatakit.dispatch.EventPoll}, RFC 8936).
 */
package org.mydatakit.dispatch;
