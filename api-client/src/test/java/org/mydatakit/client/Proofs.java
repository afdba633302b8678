package org.mydatakit.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Base64;

/** Reads a DPoP proof's claims (tests only: no signature check). */
final class Proofs {
  private static final ObjectMapper JSON = new ObjectMapper();

  private Proofs() {}

  static JsonNode claims(String proof) {
    try {
      return JSON.readTree(Base64.getUrlDecoder().decode(proof.split("\\.")[1]));
    } catch (java.io.IOException e) {
      throw new AssertionError("unreadable proof", e);
    }
  }
}
