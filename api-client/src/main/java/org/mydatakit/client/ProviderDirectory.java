package org.mydatakit.client;

import java.net.URI;
import java.util.Map;
import java.util.Optional;
import org.mydatakit.consent.AgencyId;

/**
 * Where each provider agency serves the MyData API: agency id to base URL (the client appends
 * {@code /mydata/v1/items/{itemCode}}). A seam: implement it to look agencies up in a registry.
 *
 * <pre>{@code
 * ProviderDirectory directory = ProviderDirectory.parse(
 *     "{\"NHIS\":\"https://api.nhis.example\",\"NTS\":\"https://mydata.nts.example/gw\"}");
 * }</pre>
 *
 * <p>Implementations must be thread-safe; those made here are immutable.
 *
 * <p>A directory takes {@code https} and {@code http} URLs alike; the {@link MyDataClient} refuses
 * {@code http} to a host other than a loopback one ({@code localhost}, {@code 127.0.0.0/8}, {@code
 * ::1}) unless built with {@link MyDataClientBuilder#allowInsecureHttp()}: for a directory made
 * here when it is built, for your own when it first resolves that provider.
 */
public interface ProviderDirectory {

  /** The base URL of {@code agency}, or empty if the directory does not know it. */
  Optional<URI> baseUrl(AgencyId agency);

  /**
   * A fixed directory.
   *
   * @throws IllegalArgumentException naming the entry whose URL is not an absolute http(s) URL with
   *     a host and without user info, query or fragment
   */
  static ProviderDirectory of(Map<AgencyId, URI> baseUrls) {
    return FixedProviderDirectory.of(baseUrls);
  }

  /**
   * A fixed directory from one strict JSON object of agency id to base URL, e.g. {@code
   * {"NHIS":"https://api.nhis.example"}}. Duplicate members and trailing text are rejected.
   *
   * @throws IllegalArgumentException naming the entry that is not a valid agency id and URL
   */
  static ProviderDirectory parse(String json) {
    return FixedProviderDirectory.parse(json);
  }
}
