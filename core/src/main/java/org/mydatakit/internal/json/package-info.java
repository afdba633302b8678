/**
 * The JSON form of the consent model: data-transfer records bound by Jackson, and the strict reader
 * and writer behind {@link org.mydatakit.consent.ConsentJson}. Not an API.
 */
package org.mydatakit.internal.json;
