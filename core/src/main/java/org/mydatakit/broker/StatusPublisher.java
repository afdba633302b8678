package org.mydatakit.broker;

import java.net.URI;
import org.mydatakit.status.StatusList;
import org.mydatakit.status.StatusListIssuer;

/** Builds the broker's status list from the store and signs it. */
final class StatusPublisher {
  private final ConsentStore store;
  private final StatusListIssuer issuer;
  private final URI uri;

  StatusPublisher(ConsentStore store, StatusListIssuer issuer, URI uri) {
    this.store = store;
    this.issuer = issuer;
    this.uri = uri;
  }

  /** The current list, signed: one slot per index ever handed out that a consent holds. */
  String publish() {
    long[] max = {-1};
    store.forEachStatus((index, status) -> max[0] = Math.max(max[0], index));
    if (max[0] >= StatusList.MAX_SIZE) {
      throw new IllegalStateException("status list: more than " + StatusList.MAX_SIZE + " slots");
    }
    StatusList.Builder list = StatusList.builder((int) Math.max(1, max[0] + 1));
    // A slot allocated after the first pass is outside this list; providers treat it as unknown
    // (fail closed) until the next publication.
    store.forEachStatus(
        (index, status) -> {
          if (index <= max[0]) {
            list.set(index, status.tokenStatus());
          }
        });
    return issuer.sign(uri, list.build());
  }
}
