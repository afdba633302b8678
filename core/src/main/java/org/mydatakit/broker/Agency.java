package org.mydatakit.broker;

import java.net.URI;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import org.mydatakit.consent.AgencyId;
import org.mydatakit.consent.ItemCode;
import org.mydatakit.internal.Checks;
import org.mydatakit.keys.VerificationKeySet;

/**
 * An organisation admitted to take part, as an {@link AgencyRegistry} keeps it: its id and name,
 * its roles (consumer, provider or both), its public keys (a JWKS URI or an inline JWK Set, exactly
 * one), the items it may be asked for or ask for, the purpose codes it may use, where it receives
 * events, and whether it is active or suspended.
 *
 * <pre>{@code
 * Agency nhis = Agency.builder(AgencyId.of("NHIS"))
 *     .name("National Health Insurance Service")
 *     .role(Agency.Role.PROVIDER)
 *     .jwksUri(URI.create("https://api.nhis.example/jwks.json"))
 *     .allowedItem(ItemCode.of("nhis.qualification"))
 *     .build();
 * Agency suspended = nhis.withStatus(Agency.Status.SUSPENDED);
 * }</pre>
 *
 * <p>Validated when built ({@link IllegalArgumentException} naming what was expected): a name of 1
 * to 100 characters without control characters; at least one role; exactly one of {@code jwksUri}
 * and {@code jwks} (a {@link VerificationKeySet}, so never private key material); URIs {@code
 * https}, or {@code http} to a loopback host only; at most 500 item and 500 purpose codes, each in
 * the token form of {@link ItemCode} and {@link org.mydatakit.consent.Purpose#code()}. Immutable
 * and thread-safe; {@link #toString()} shows the id, roles and status only.
 */
public final class Agency {
  /** What an agency does in the ecosystem. */
  public enum Role {
    /** 이용기관: asks citizens for consent and fetches with grants. */
    CONSUMER,
    /** 보유기관: holds records and answers fetches made with grants. */
    PROVIDER
  }

  /** Whether an agency may take part now. */
  public enum Status {
    /** May take part. */
    ACTIVE,
    /** Registered, but may not take part until resumed. */
    SUSPENDED
  }

  private final AgencyId id;
  private final String name;
  private final Set<Role> roles;
  private final URI jwksUri;
  private final VerificationKeySet jwks;
  private final String jwksJson;
  private final SortedSet<ItemCode> allowedItems;
  private final SortedSet<String> purposes;
  private final URI eventEndpoint;
  private final Status status;

  private Agency(Builder b) {
    this.id = Checks.notNull("agency id", b.id);
    this.name = AgencyChecks.name(b.name);
    if (b.roles.isEmpty()) {
      throw new IllegalArgumentException(
          "agency roles: expected at least one of CONSUMER, PROVIDER, got none");
    }
    this.roles = Collections.unmodifiableSet(EnumSet.copyOf(b.roles));
    if ((b.jwksUri == null) == (b.jwks == null)) {
      throw new IllegalArgumentException(
          "agency keys: expected exactly one of a jwks uri or an inline jwks, got "
              + (b.jwksUri == null ? "neither" : "both"));
    }
    this.jwksUri = b.jwksUri == null ? null : AgencyChecks.endpoint("jwks uri", b.jwksUri);
    this.jwks = b.jwks;
    this.jwksJson = b.jwks == null ? null : b.jwks.toJson();
    if (jwksJson != null && jwksJson.length() > AgencyChecks.MAX_JWKS) {
      throw new IllegalArgumentException(
          "jwks: expected at most " + AgencyChecks.MAX_JWKS + " characters of json");
    }
    this.allowedItems = AgencyChecks.codes("allowed items", b.allowedItems, i -> i);
    this.purposes =
        AgencyChecks.codes("purposes", b.purposes, p -> Checks.token("purpose code", p, 64));
    this.eventEndpoint =
        b.eventEndpoint == null ? null : AgencyChecks.endpoint("event endpoint", b.eventEndpoint);
    this.status = Checks.notNull("agency status", b.status);
  }

  /** Starts an ACTIVE agency with the given id; everything else is set on the builder. */
  public static Builder builder(AgencyId id) {
    return new Builder(Checks.notNull("agency id", id));
  }

  /** A builder holding this agency's values, to derive a changed one. */
  public Builder newBuilder() {
    Builder b = new Builder(id);
    b.name = name;
    b.roles.addAll(roles);
    b.jwksUri = jwksUri;
    b.jwks = jwks;
    b.allowedItems.addAll(allowedItems);
    b.purposes.addAll(purposes);
    b.eventEndpoint = eventEndpoint;
    b.status = status;
    return b;
  }

  /** This agency with another status. */
  public Agency withStatus(Status newStatus) {
    return newBuilder().status(newStatus).build();
  }

  /** The agency's id. */
  public AgencyId id() {
    return id;
  }

  /** Its display name. */
  public String name() {
    return name;
  }

  /** Its roles; never empty. */
  public Set<Role> roles() {
    return roles;
  }

  /** Where its public keys are published, if given that way. */
  public Optional<URI> jwksUri() {
    return Optional.ofNullable(jwksUri);
  }

  /** Its public keys, if given inline. */
  public Optional<VerificationKeySet> jwks() {
    return Optional.ofNullable(jwks);
  }

  /** The items it may take part in, sorted; empty means none. */
  public SortedSet<ItemCode> allowedItems() {
    return allowedItems;
  }

  /** The purpose codes it may use, sorted; empty means none. */
  public SortedSet<String> purposes() {
    return purposes;
  }

  /** Where it receives events, if anywhere. */
  public Optional<URI> eventEndpoint() {
    return Optional.ofNullable(eventEndpoint);
  }

  /** Whether it may take part now. */
  public Status status() {
    return status;
  }

  /** Equal when every value is; inline key sets compare by their JSON. */
  @Override
  public boolean equals(Object o) {
    return o instanceof Agency a
        && id.equals(a.id)
        && name.equals(a.name)
        && roles.equals(a.roles)
        && Objects.equals(jwksUri, a.jwksUri)
        && Objects.equals(jwksJson, a.jwksJson)
        && allowedItems.equals(a.allowedItems)
        && purposes.equals(a.purposes)
        && Objects.equals(eventEndpoint, a.eventEndpoint)
        && status == a.status;
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        id, name, roles, jwksUri, jwksJson, allowedItems, purposes, eventEndpoint, status);
  }

  @Override
  public String toString() {
    return "Agency[id=" + id + ", roles=" + roles + ", status=" + status + "]";
  }

  /** Collects an agency's values; {@link #build()} validates them all. Not thread-safe. */
  public static final class Builder {
    private final AgencyId id;
    private String name;
    private final Set<Role> roles = EnumSet.noneOf(Role.class);
    private URI jwksUri;
    private VerificationKeySet jwks;
    private final Set<ItemCode> allowedItems = new LinkedHashSet<>();
    private final Set<String> purposes = new LinkedHashSet<>();
    private URI eventEndpoint;
    private Status status = Status.ACTIVE;

    private Builder(AgencyId id) {
      this.id = id;
    }

    /** The display name: 1 to 100 characters, no control characters. */
    public Builder name(String name) {
      this.name = name;
      return this;
    }

    /** Adds a role. */
    public Builder role(Role role) {
      roles.add(Checks.notNull("agency role", role));
      return this;
    }

    /** Replaces the roles. */
    public Builder roles(Set<Role> roles) {
      Checks.notNull("agency roles", roles);
      this.roles.clear();
      roles.forEach(this::role);
      return this;
    }

    /** Where the public keys are published; null to clear. Exclusive with {@link #jwks}. */
    public Builder jwksUri(URI jwksUri) {
      this.jwksUri = jwksUri;
      return this;
    }

    /** The public keys, inline; null to clear. Exclusive with {@link #jwksUri}. */
    public Builder jwks(VerificationKeySet jwks) {
      this.jwks = jwks;
      return this;
    }

    /** Adds an item the agency may take part in. */
    public Builder allowedItem(ItemCode item) {
      allowedItems.add(Checks.notNull("allowed item", item));
      return this;
    }

    /** Replaces the allowed items. */
    public Builder allowedItems(Set<ItemCode> items) {
      Checks.notNull("allowed items", items);
      allowedItems.clear();
      items.forEach(this::allowedItem);
      return this;
    }

    /** Adds a purpose code the agency may use. */
    public Builder purpose(String code) {
      purposes.add(Checks.notNull("purpose code", code));
      return this;
    }

    /** Replaces the purpose codes. */
    public Builder purposes(Set<String> codes) {
      Checks.notNull("purposes", codes);
      purposes.clear();
      codes.forEach(this::purpose);
      return this;
    }

    /** Where the agency receives events; null for nowhere. */
    public Builder eventEndpoint(URI eventEndpoint) {
      this.eventEndpoint = eventEndpoint;
      return this;
    }

    /** The status; ACTIVE unless set. */
    public Builder status(Status status) {
      this.status = status;
      return this;
    }

    /**
     * The agency.
     *
     * @throws IllegalArgumentException naming the first value that is missing or malformed
     */
    public Agency build() {
      return new Agency(this);
    }
  }
}
