package org.mydatakit.events;

import java.util.Optional;

/**
 * The kinds of consent event, each named by a URI under {@value #NAMESPACE} (the key of the SET's
 * {@code events} claim).
 */
public enum ConsentEventType {
  /** The citizen approved the consent: grants may be issued. */
  CONSENT_APPROVED("consent-approved"),
  /** The citizen paused it: no grant until resumed; refuse the ones held. */
  CONSENT_PAUSED("consent-paused"),
  /** The citizen resumed it. */
  CONSENT_RESUMED("consent-resumed"),
  /** It was revoked: refuse every grant of it at once; the consumer stops fetching. */
  CONSENT_REVOKED("consent-revoked"),
  /** Its validity ended. */
  CONSENT_EXPIRED("consent-expired"),
  /** An amendment replaced it. */
  CONSENT_SUPERSEDED("consent-superseded"),
  /** Its retention period ended: the consumer erases what it fetched under it. */
  RETENTION_ENDED("retention-ended"),
  /** A provider confirmed a delivery of it with its signed receipt. */
  DELIVERY_CONFIRMED("delivery-confirmed");

  /** The URI namespace of the event types. */
  public static final String NAMESPACE = "https://mydatakit.org/events/";

  private final String uri;

  ConsentEventType(String name) {
    this.uri = NAMESPACE + name;
  }

  /** The event type's URI, such as {@code https://mydatakit.org/events/consent-revoked}. */
  public String uri() {
    return uri;
  }

  /** The type a URI names; empty for any other URI. */
  public static Optional<ConsentEventType> fromUri(String uri) {
    for (ConsentEventType type : values()) {
      if (type.uri.equals(uri)) {
        return Optional.of(type);
      }
    }
    return Optional.empty();
  }
}
