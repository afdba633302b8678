package org.mydatakit.spring.boot;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.mydatakit.consent.ConsentId;
import org.mydatakit.consent.ItemCode;
import org.mydatakit.provider.Admission;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * The Spring Security {@code Authentication} of a request the provider gate admitted: its principal
 * is the consent's id, its authorities the grant's items as {@code MYDATA_ITEM_<code>} (for example
 * {@code MYDATA_ITEM_nhis.qualification}), and {@link #admission()} the gate's {@link Admission},
 * which names the subject, the item and the range the endpoint may deliver.
 *
 * <pre>{@code
 * MyDataGrantAuthentication grant = (MyDataGrantAuthentication) authentication;
 * SubjectId subject = grant.admission().grant().subject();
 * }</pre>
 *
 * <p>It carries no credentials: the grant's token and proof stay with the gate. {@link #toString()}
 * shows the consent id, the item and the authorities, never the subject. Immutable once made; meant
 * for the request it was made for (the admission is not serialized with it, and requests are not
 * kept in a session).
 */
public final class MyDataGrantAuthentication extends AbstractAuthenticationToken {
  private static final long serialVersionUID = 1L;

  /** The prefix of the authority of each granted item. */
  public static final String ITEM_AUTHORITY_PREFIX = "MYDATA_ITEM_";

  private final ConsentId consentId;
  private final ItemCode item;
  private final transient Admission admission;

  private MyDataGrantAuthentication(Admission admission, List<GrantedAuthority> authorities) {
    super(authorities);
    this.admission = admission;
    this.consentId = admission.grant().consentId();
    this.item = admission.item();
    super.setAuthenticated(true);
  }

  /** The authentication of {@code admission}, authorities sorted by item code. */
  public static MyDataGrantAuthentication of(Admission admission) {
    Objects.requireNonNull(admission, "admission");
    List<GrantedAuthority> authorities = new ArrayList<>();
    admission.grant().scope().stream()
        .map(ItemCode::toString)
        .sorted()
        .forEach(code -> authorities.add(new SimpleGrantedAuthority(authority(code))));
    return new MyDataGrantAuthentication(admission, authorities);
  }

  /** The authority naming item {@code code}: {@code MYDATA_ITEM_<code>}. */
  public static String authority(String code) {
    return ITEM_AUTHORITY_PREFIX + Objects.requireNonNull(code, "item code");
  }

  /** The gate's admission: the verified grant, the item to deliver, the range, the tran id. */
  public Admission admission() {
    if (admission == null) {
      throw new IllegalStateException("mydatakit: the admission is not kept across serialization");
    }
    return admission;
  }

  /** The consent the grant was issued under. */
  public ConsentId consentId() {
    return consentId;
  }

  /** The consent's id. */
  @Override
  public Object getPrincipal() {
    return consentId;
  }

  /** None: the grant's token and proof are not credentials to keep. */
  @Override
  public Object getCredentials() {
    return null;
  }

  /** The consent's id. */
  @Override
  public String getName() {
    return consentId.toString();
  }

  /** Refuses to change: the gate decided. */
  @Override
  public void setAuthenticated(boolean authenticated) {
    if (authenticated != isAuthenticated()) {
      throw new IllegalArgumentException("mydatakit: a grant's authentication cannot be changed");
    }
  }

  /** The consent id, the item and the authorities: never the subject, the token or the proof. */
  @Override
  public String toString() {
    return "MyDataGrantAuthentication[consent="
        + consentId
        + ", item="
        + item
        + ", authorities="
        + getAuthorities()
        + "]";
  }
}
