package org.mydatakit.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import org.mydatakit.consent.Consent;
import org.mydatakit.consent.ConsentJson;

/**
 * What a party may see of a consent over HTTP. The consumer and the citizen both get {@code
 * ConsentJson} without {@code subject}: the broker-wide subject and the providers' pairwise
 * subjects never leave the broker in a consent; a provider learns only its own pairwise subject,
 * inside a grant.
 */
final class ConsentViews {
  private static final ObjectMapper JSON = new ObjectMapper();

  private ConsentViews() {}

  /** The consent without its subjects. */
  static ObjectNode withoutSubjects(Consent consent) {
    try {
      ObjectNode view = (ObjectNode) JSON.readTree(ConsentJson.write(consent));
      view.remove("subject");
      return view;
    } catch (IOException e) {
      throw new IllegalStateException("ConsentJson wrote what it cannot read back", e);
    }
  }
}
