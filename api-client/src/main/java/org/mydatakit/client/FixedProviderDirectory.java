package org.mydatakit.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.mydatakit.consent.AgencyId;
import org.mydatakit.internal.StrictJson;

/**
 * The fixed {@link ProviderDirectory} of {@link ProviderDirectory#of} and {@link
 * ProviderDirectory#parse}: validated once, immutable.
 */
final class FixedProviderDirectory {
  private FixedProviderDirectory() {}

  static ProviderDirectory of(Map<AgencyId, URI> baseUrls) {
    Objects.requireNonNull(baseUrls, "base urls");
    Map<AgencyId, URI> copy = new LinkedHashMap<>();
    baseUrls.forEach(
        (agency, uri) -> {
          if (agency == null) {
            throw new IllegalArgumentException(
                "provider directory: expected an agency id, got null");
          }
          copy.put(agency, check(agency.value(), uri));
        });
    return new Fixed(Map.copyOf(copy));
  }

  static ProviderDirectory parse(String json) {
    ObjectNode root;
    try {
      root =
          StrictJson.object(Objects.requireNonNull(json, "json").getBytes(StandardCharsets.UTF_8));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "provider directory: expected one strict json object of agency id to base url");
    }
    Map<AgencyId, URI> urls = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      AgencyId agency;
      try {
        agency = AgencyId.of(e.getKey());
      } catch (IllegalArgumentException bad) {
        throw new IllegalArgumentException(
            "provider directory: entry " + printable(e.getKey()) + " is not a valid agency id");
      }
      if (!e.getValue().isTextual()) {
        throw new IllegalArgumentException(
            "provider directory: entry " + agency + " expected a url string");
      }
      URI uri;
      try {
        uri = new URI(e.getValue().textValue());
      } catch (URISyntaxException bad) {
        throw new IllegalArgumentException(
            "provider directory: entry " + agency + " is not a valid url");
      }
      urls.put(agency, check(agency.value(), uri));
    }
    return new Fixed(Map.copyOf(urls));
  }

  private static URI check(String entry, URI uri) {
    if (uri == null) {
      throw new IllegalArgumentException("provider directory: entry " + entry + " has no url");
    }
    String scheme = uri.getScheme();
    if (!"https".equalsIgnoreCase(scheme) && !"http".equalsIgnoreCase(scheme)) {
      throw new IllegalArgumentException(
          "provider directory: entry " + entry + " expected an https or http url");
    }
    if (uri.getHost() == null
        || uri.getRawUserInfo() != null
        || uri.getRawQuery() != null
        || uri.getRawFragment() != null) {
      throw new IllegalArgumentException(
          "provider directory: entry "
              + entry
              + " expected a url with a host and no user info, query or fragment");
    }
    return uri;
  }

  private static String printable(String key) {
    String cut = key.length() > 64 ? key.substring(0, 64) : key;
    return "'" + cut.replaceAll("[^\\x20-\\x7e]", "?") + "'";
  }

  /** Its URLs are all known up front, so the client checks their transport at build time. */
  record Fixed(Map<AgencyId, URI> urls) implements ProviderDirectory {
    @Override
    public Optional<URI> baseUrl(AgencyId agency) {
      return Optional.ofNullable(urls.get(agency));
    }

    @Override
    public String toString() {
      return "ProviderDirectory" + urls.keySet();
    }
  }
}
