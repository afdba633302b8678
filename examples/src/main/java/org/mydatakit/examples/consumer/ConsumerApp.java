package org.mydatakit.examples.consumer;

import java.io.PrintStream;
import java.util.List;
import java.util.TreeSet;
import org.mydatakit.MyDataException;
import org.mydatakit.client.FetchResult;
import org.mydatakit.client.GrantRejectedException;
import org.mydatakit.client.GrantSource;
import org.mydatakit.client.ItemResult;
import org.mydatakit.client.MyDataClient;
import org.mydatakit.client.ProviderDirectory;
import org.mydatakit.consent.AgencyId;
import org.mydatakit.consent.ConsentId;
import org.mydatakit.grant.DpopKey;

/**
 * A sample consumer (이용기관): fetches every item of a consent from the provider agencies with {@link
 * MyDataClient} and prints a readable summary — item, provider, transaction id and the record's
 * field names, never the values (they are a citizen's personal data).
 *
 * <pre>{@code
 * ConsumerApp bank = ConsumerApp.create(AgencyId.of("KB-BANK"), directory, DpopKey.generate(),
 *     GrantSource.of(broker));                        // or a remote broker's grant source
 * List<ItemResult> results = bank.fetchAll(consentId, System.out);
 * }</pre>
 *
 * <p>Thread-safe, like the client it wraps.
 */
public final class ConsumerApp {
  private final AgencyId consumer;
  private final MyDataClient client;

  private ConsumerApp(AgencyId consumer, MyDataClient client) {
    this.consumer = consumer;
    this.client = client;
  }

  /** A consumer {@code consumer} whose grants come from {@code grants}, bound to {@code key}. */
  public static ConsumerApp create(
      AgencyId consumer, ProviderDirectory directory, DpopKey key, GrantSource grants) {
    return new ConsumerApp(
        consumer,
        MyDataClient.builder()
            .consumer(consumer)
            .directory(directory)
            .dpopKey(key)
            .grantSource(grants)
            .build());
  }

  /** The client, for single fetches ({@code fetch(consentId, item)}). */
  public MyDataClient client() {
    return client;
  }

  /**
   * Fetches every item of {@code consent} in parallel and prints one line per item to {@code out}.
   */
  public List<ItemResult> fetchAll(ConsentId consent, PrintStream out) {
    List<ItemResult> results = client.fetchAll(consent);
    long delivered = results.stream().filter(r -> r.result().isPresent()).count();
    out.printf(
        "consumer %s: consent %s, %d of %d items delivered%n",
        consumer, consent, delivered, results.size());
    for (ItemResult r : results) {
      out.println("  " + r.provider() + " " + r.item() + ": " + summary(r));
    }
    return results;
  }

  private static String summary(ItemResult r) {
    if (r.result().isPresent()) {
      FetchResult f = r.result().get();
      return "delivered, tran "
          + f.transactionId()
          + ", "
          + f.data().size()
          + " fields "
          + new TreeSet<>(f.data().keySet());
    }
    MyDataException e = r.failure().orElseThrow();
    if (e instanceof GrantRejectedException rejected) {
      return "refused "
          + rejected.status()
          + " "
          + rejected.reason().orElse("")
          + ", tran "
          + rejected.transactionId();
    }
    return "failed, " + e.getClass().getSimpleName();
  }

  @Override
  public String toString() {
    return "ConsumerApp[" + consumer + "]";
  }
}
