/**
 * The provider agency's kit: {@link org.mydatakit.provider.ProviderGate}, the one gate in front of
 * the records, with its use ledgers, replay caches, key and status-list sources and adapters for a
 * Jakarta Servlet container and the JDK's {@code HttpServer}; and {@link
 * org.mydatakit.provider.ConsentEventReceiver}, the endpoint the broker pushes consent events to,
 * which makes the gate refuse a revoked or paused consent at once.
 *
 * <pre>{@code
 * ProviderGate gate = ProviderGate.builder()
 *     .trustedIssuer("https://broker.example", HttpJwksSource.of(http, jwksUri))
 *     .audience(AgencyId.of("NTS"))
 *     .revocationCheck(statusLists)
 *     .build();
 * }</pre>
 */
package org.mydatakit.provider;
