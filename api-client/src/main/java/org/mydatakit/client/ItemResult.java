package org.mydatakit.client;

import java.util.Optional;
import org.mydatakit.MyDataException;
import org.mydatakit.consent.AgencyId;
import org.mydatakit.consent.ItemCode;

/**
 * The outcome of one item of a {@link MyDataClient#fetchAll fetchAll}: either the records or the
 * typed reason they could not be fetched — exactly one of {@link #result()} and {@link #failure()}
 * is present.
 *
 * <pre>{@code
 * for (ItemResult r : client.fetchAll(consentId)) {
 *   r.result().ifPresentOrElse(this::store, () -> report(r.failure().orElseThrow()));
 * }
 * }</pre>
 *
 * <p>Immutable and thread-safe; {@link #toString()} never shows data.
 */
public final class ItemResult {
  private final AgencyId provider;
  private final ItemCode item;
  private final FetchResult result;
  private final MyDataException failure;

  private ItemResult(
      AgencyId provider, ItemCode item, FetchResult result, MyDataException failure) {
    this.provider = provider;
    this.item = item;
    this.result = result;
    this.failure = failure;
  }

  static ItemResult success(FetchResult result) {
    return new ItemResult(result.provider(), result.item(), result, null);
  }

  static ItemResult failure(AgencyId provider, ItemCode item, MyDataException failure) {
    return new ItemResult(provider, item, null, failure);
  }

  /** The item. */
  public ItemCode item() {
    return item;
  }

  /** The provider agency that holds the item. */
  public AgencyId provider() {
    return provider;
  }

  /** The records, if the fetch succeeded. */
  public Optional<FetchResult> result() {
    return Optional.ofNullable(result);
  }

  /**
   * Why the fetch failed, if it did: a {@link ProviderException} from the agency, or the broker's
   * refusal to grant access to this provider ({@code FetchLimitException}, {@code
   * ConsentStateException}, {@code ConsentStoreException}).
   */
  public Optional<MyDataException> failure() {
    return Optional.ofNullable(failure);
  }

  @Override
  public String toString() {
    return "ItemResult["
        + provider
        + " "
        + item
        + ": "
        + (result != null
            ? result
            : failure.getClass().getSimpleName() + ": " + failure.getMessage())
        + "]";
  }
}
