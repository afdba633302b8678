/**
 * A sample provider agency on Spring Boot, protected by the mydatakit starter's gate. Fictional
 * data only.
 */
package org.mydatakit.examples.spring.provider;
