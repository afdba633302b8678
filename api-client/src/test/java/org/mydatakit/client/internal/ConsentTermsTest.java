package org.mydatakit.client.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.LocalDate;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.mydatakit.consent.AgencyId;
import org.mydatakit.consent.ConsentStatus;
import org.mydatakit.consent.DataItem;
import org.mydatakit.consent.DataRange;
import org.mydatakit.consent.ItemCode;

/** {@link ConsentTerms#readConsumerView}: the broker's consent view, which has no subject. */
class ConsentTermsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /** Junk that must never show up in a message. */
  private static final String MARKER = "JUNK-MARKER-7f3a";

  /** The consumer view as the broker server sends it: ConsentJson's shape without subject. */
  private static final String VIEW =
      "{\"id\":\"0190b8c2-7d3e-7abc-8def-0123456789ab\",\"version\":1,"
          + "\"consumer\":\"KB-BANK\","
          + "\"items\":[{\"provider\":\"NHIS\",\"code\":\"nhis.qualification\"},"
          + "{\"provider\":\"NTS\",\"code\":\"nts.income-certificate\"}],"
          + "\"purpose\":{\"code\":\"loan-screening\",\"text\":\"t\","
          + "\"legalBasis\":{\"code\":\"pipa-35-2\",\"text\":\"t\"}},"
          + "\"delivery\":{\"kind\":\"ONE_TIME\"},"
          + "\"dataRange\":{\"from\":\"2025-01-01\",\"to\":\"2025-12-31\"},"
          + "\"validFrom\":\"2026-01-01T00:00:00Z\",\"validUntil\":\"2030-01-01T00:00:00Z\","
          + "\"retention\":\"P1Y\",\"status\":\"PAUSED\",\"statusIndex\":42,"
          + "\"createdAt\":\"2025-12-31T23:50:00Z\",\"statusChangedAt\":\"2026-01-01T00:00:00Z\"}";

  @Test
  void readsTheViewWithoutSubject() {
    ConsentTerms terms = ConsentTerms.readConsumerView(VIEW);

    assertThat(terms.items())
        .containsExactlyInAnyOrder(
            DataItem.of(AgencyId.of("NHIS"), ItemCode.of("nhis.qualification")),
            DataItem.of(AgencyId.of("NTS"), ItemCode.of("nts.income-certificate")));
    assertThat(terms.dataRange())
        .contains(new DataRange(LocalDate.of(2025, 1, 1), LocalDate.of(2025, 12, 31)));
    assertThat(terms.status()).isEqualTo(ConsentStatus.PAUSED);
  }

  @Test
  void aRangeIsOptionalAndNullReadsAsAbsent() {
    assertThat(ConsentTerms.readConsumerView(edit(v -> v.remove("dataRange"))).dataRange())
        .isEmpty();
    assertThat(ConsentTerms.readConsumerView(edit(v -> v.putNull("dataRange"))).dataRange())
        .isEmpty();
  }

  @Test
  void otherMembersOfTheViewAreTolerated() {
    assertThat(ConsentTerms.readConsumerView(edit(v -> v.put("somethingNew", 1))).status())
        .isEqualTo(ConsentStatus.PAUSED);
  }

  @Test
  void missingOrEmptyItemsAreRefused() {
    refused(edit(v -> v.remove("items")), "items");
    refused(edit(v -> v.putNull("items")), "items");
    refused(edit(v -> v.putArray("items")), "items");
  }

  @Test
  void anUnknownOrMisspelledStatusIsRefused() {
    refused(edit(v -> v.put("status", "DORMANT-" + MARKER)), "status");
    refused(edit(v -> v.put("status", "active")), "status");
    refused(edit(v -> v.remove("status")), "status");
  }

  @Test
  void eachWrongTypeIsRefusedNamingItsPath() {
    refused(edit(v -> v.put("items", MARKER)), "items");
    refused(edit(v -> v.putObject("items").put("provider", MARKER)), "items");
    refused(edit(v -> items(v).set(0, NODES.textNode(MARKER))), "items[0]");
    refused(edit(v -> items(v).set(1, NODES.numberNode(7))), "items[1]");
    refused(edit(v -> item(v, 0).put("provider", 7)), "items[0].provider");
    refused(edit(v -> item(v, 0).putArray("provider").add(MARKER)), "items[0].provider");
    refused(edit(v -> item(v, 1).put("code", true)), "items[1].code");
    refused(edit(v -> item(v, 1).remove("code")), "items[1].code");
    refused(edit(v -> item(v, 0).put("provider", "NHIS " + MARKER)), "items[0].provider");
    refused(edit(v -> item(v, 1).put("code", "")), "items[1].code");
    refused(edit(v -> item(v, 0).put("extra", MARKER)), "items[0]");
    refused(edit(v -> items(v).add(item(v, 0).deepCopy())), "items[2]");
    refused(edit(v -> v.put("dataRange", MARKER)), "dataRange");
    refused(edit(v -> v.putArray("dataRange")), "dataRange");
    refused(edit(v -> range(v).put("from", 20250101)), "dataRange.from");
    refused(edit(v -> range(v).put("from", "2025-13-01")), "dataRange.from");
    refused(edit(v -> range(v).put("to", "2025-02-30")), "dataRange.to");
    refused(edit(v -> range(v).put("to", "2025-12-31T00:00:00Z")), "dataRange.to");
    refused(edit(v -> range(v).remove("to")), "dataRange.to");
    refused(edit(v -> range(v).put("from", "2026-01-01")), "dataRange");
    refused(edit(v -> range(v).put("zone", MARKER)), "dataRange");
    refused(edit(v -> v.put("status", 1)), "status");
    refused(edit(v -> v.putObject("status").put("name", "ACTIVE")), "status");
  }

  @Test
  void onlyOneStrictJsonObjectIsRead() {
    for (String json :
        List.of(
            "[" + VIEW + "]",
            VIEW + " {}",
            VIEW.replace("{\"id\"", "{\"status\":\"ACTIVE\",\"id\""),
            "{\"items\": \"" + MARKER,
            "")) {
      assertThatThrownBy(() -> ConsentTerms.readConsumerView(json))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("consent view: expected one strict json object")
          .hasNoCause();
    }
  }

  /**
   * Random mutations of the view (a member replaced by junk, removed, or the text cut or a
   * character changed) either read or are refused with an {@link IllegalArgumentException} naming
   * the view, never anything else, and never quoting the junk.
   */
  @Test
  void randomMutationsAreReadOrRefusedCleanly() {
    Random random = new Random(20261207L);
    List<String> paths =
        List.of(
            "/items",
            "/items/0",
            "/items/1",
            "/items/0/provider",
            "/items/1/code",
            "/dataRange",
            "/dataRange/from",
            "/dataRange/to",
            "/status");
    for (int round = 0; round < 500; round++) {
      String mutated;
      if (round % 5 == 4) {
        StringBuilder text = new StringBuilder(VIEW);
        int at = random.nextInt(text.length());
        if (random.nextBoolean()) {
          text.setLength(at);
        } else {
          text.setCharAt(at, "{}[]\",:0aZ -".charAt(random.nextInt(12)));
        }
        mutated = text.toString();
      } else {
        ObjectNode view = view();
        String path = paths.get(random.nextInt(paths.size()));
        JsonNode parent = view.at(path.substring(0, path.lastIndexOf('/')));
        String last = path.substring(path.lastIndexOf('/') + 1);
        JsonNode junk = junk(random);
        if (parent instanceof ObjectNode o) {
          if (junk == null) {
            o.remove(last);
          } else {
            o.set(last, junk);
          }
        } else if (parent instanceof ArrayNode a) {
          a.set(Integer.parseInt(last), junk == null ? NODES.nullNode() : junk);
        }
        mutated = view.toString();
      }
      try {
        ConsentTerms terms = ConsentTerms.readConsumerView(mutated);
        assertThat(terms.items()).isNotEmpty();
      } catch (IllegalArgumentException e) {
        assertThat(e.getMessage()).startsWith("consent view: ").doesNotContain(MARKER);
        assertThat(e.getCause()).isNull();
      }
    }
  }

  private static JsonNode junk(Random random) {
    return switch (random.nextInt(9)) {
      case 0 -> null;
      case 1 -> NODES.nullNode();
      case 2 -> NODES.numberNode(random.nextInt());
      case 3 -> NODES.booleanNode(random.nextBoolean());
      case 4 -> NODES.textNode(MARKER + random.nextInt(100));
      case 5 -> NODES.arrayNode().add(MARKER);
      case 6 -> NODES.objectNode().put("provider", MARKER).put("code", "x");
      case 7 -> NODES.textNode(ConsentStatus.values()[random.nextInt(7)].name());
      default -> NODES.textNode("2025-0" + (1 + random.nextInt(9)) + "-1" + random.nextInt(10));
    };
  }

  private static void refused(String json, String path) {
    assertThatThrownBy(() -> ConsentTerms.readConsumerView(json))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("consent view: " + path + ": ")
        .hasMessageNotContaining(MARKER)
        .hasNoCause();
  }

  private static ObjectNode view() {
    try {
      return (ObjectNode) JSON.readTree(VIEW);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static String edit(Consumer<ObjectNode> change) {
    ObjectNode view = view();
    change.accept(view);
    return view.toString();
  }

  private static ArrayNode items(ObjectNode view) {
    return (ArrayNode) view.get("items");
  }

  private static ObjectNode item(ObjectNode view, int i) {
    return (ObjectNode) items(view).get(i);
  }

  private static ObjectNode range(ObjectNode view) {
    return (ObjectNode) view.get("dataRange");
  }
}
