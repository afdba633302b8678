package org.mydatakit.broker;

import org.mydatakit.broker.AgencyRefusedException.Reason;
import org.mydatakit.consent.AgencyId;
import org.mydatakit.consent.Consent;
import org.mydatakit.consent.DataItem;

/**
 * What the agency registry admits, when the broker has one: every request and every grant reads the
 * registry, so a suspension takes effect at the next call. Without a registry everything is
 * admitted (the broker then trusts its caller to have checked).
 */
final class AgencyCheck {
  private final AgencyRegistry registry; // null: no registry, admit all

  AgencyCheck(AgencyRegistry registry) {
    this.registry = registry;
  }

  /**
   * A consumer's request: the consumer active and registered as one, its purpose and every item
   * allowed to it, and every item's provider active, registered as one and serving the item.
   */
  void request(Consent consent) {
    if (registry == null) {
      return;
    }
    Agency consumer = active(consent.consumer(), Agency.Role.CONSUMER);
    String purpose = consent.purpose().code();
    if (!consumer.purposes().contains(purpose)) {
      throw new AgencyRefusedException(
          consumer.id(), Reason.PURPOSE_NOT_ALLOWED, "a purpose registered for it, got " + purpose);
    }
    for (DataItem item : consent.items()) {
      if (!consumer.allowedItems().contains(item.code())) {
        throw new AgencyRefusedException(
            consumer.id(),
            Reason.ITEM_NOT_ALLOWED,
            "an item registered for it, got " + item.code());
      }
    }
    for (DataItem item : consent.items()) { // the consumer's side first, then each provider's
      Agency provider = active(item.provider(), Agency.Role.PROVIDER);
      if (!provider.allowedItems().contains(item.code())) {
        throw new AgencyRefusedException(
            provider.id(), Reason.ITEM_NOT_ALLOWED, "an item it serves, got " + item.code());
      }
    }
  }

  /** A grant: the consent's consumer and the provider both active in their roles. */
  void grant(Consent consent, AgencyId provider) {
    if (registry == null) {
      return;
    }
    active(consent.consumer(), Agency.Role.CONSUMER);
    active(provider, Agency.Role.PROVIDER);
  }

  private Agency active(AgencyId id, Agency.Role role) {
    Agency agency =
        registry
            .find(id)
            .orElseThrow(
                () ->
                    new AgencyRefusedException(
                        id, Reason.NOT_REGISTERED, "an agency registered with the broker"));
    if (!agency.roles().contains(role)) {
      throw new AgencyRefusedException(
          id,
          role == Agency.Role.CONSUMER ? Reason.NOT_A_CONSUMER : Reason.NOT_A_PROVIDER,
          "an agency registered as a " + role.name().toLowerCase(java.util.Locale.ROOT));
    }
    if (agency.status() != Agency.Status.ACTIVE) {
      throw new AgencyRefusedException(id, Reason.SUSPENDED, "an ACTIVE agency, got SUSPENDED");
    }
    return agency;
  }
}
