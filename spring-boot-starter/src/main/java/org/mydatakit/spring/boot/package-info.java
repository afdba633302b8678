/**
 * Spring Boot auto-configuration of mydatakit's roles: the provider agency's gate (with an adapter
 * for Spring Security), the consumer's client and an embedded consent broker.
 */
package org.mydatakit.spring.boot;
