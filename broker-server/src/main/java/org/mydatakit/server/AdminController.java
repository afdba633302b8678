package org.mydatakit.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import org.mydatakit.broker.Agency;
import org.mydatakit.broker.AgencyExistsException;
import org.mydatakit.broker.AgencyNotFoundException;
import org.mydatakit.broker.AgencyRegistry;
import org.mydatakit.consent.AgencyId;
import org.mydatakit.consent.ItemCode;
import org.mydatakit.keys.VerificationKeySet;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The admin API over the agency registry, served only on the admin port with the admin token
 * ({@link AdminConnector}, {@link AdminProperties}): {@code GET /admin/agencies}, {@code POST
 * /admin/agencies} (register; 409 {@code agency_exists} if the id is taken), {@code POST
 * /admin/agencies/{id}/suspend} and {@code .../resume}. The same registry the command line manages
 * with {@code mydatakit agencies}; an agency's inline keys are taken but never shown back.
 */
@RestController
class AdminController {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final AgencyRegistry agencies;

  AdminController(AgencyRegistry agencies) {
    this.agencies = agencies;
  }

  /** The admin connector and its filter, always defined; inert while the admin API is off. */
  @Configuration(proxyBeanMethods = false)
  static class AdminConfiguration {
    @Bean
    AdminConnector adminConnector(AdminProperties properties) {
      return new AdminConnector(properties);
    }
  }

  /** {@code POST /admin/agencies}. */
  record AgencyBody(
      String id,
      String name,
      List<String> roles,
      JsonNode jwks,
      String jwksUri,
      List<String> allowedItems,
      List<String> purposes,
      String eventEndpoint) {}

  @GetMapping(AdminConnector.BASE + "/agencies")
  ResponseEntity<String> list() {
    ArrayNode list = JSON.createArrayNode();
    agencies.list().forEach(a -> list.add(view(a)));
    return HttpJson.answer(200, list);
  }

  @PostMapping(path = AdminConnector.BASE + "/agencies", consumes = HttpJson.TYPE)
  ResponseEntity<String> register(HttpServletRequest request) throws IOException {
    Agency agency = agency(HttpJson.read(request, AgencyBody.class));
    try {
      agencies.register(agency);
    } catch (AgencyExistsException e) {
      throw Problem.of(409, "agency_exists");
    }
    return HttpJson.answer(201, view(agency));
  }

  @PostMapping(AdminConnector.BASE + "/agencies/{id}/suspend")
  ResponseEntity<String> suspend(@PathVariable("id") String id) {
    return status(id, Agency.Status.SUSPENDED);
  }

  @PostMapping(AdminConnector.BASE + "/agencies/{id}/resume")
  ResponseEntity<String> resume(@PathVariable("id") String id) {
    return status(id, Agency.Status.ACTIVE);
  }

  private ResponseEntity<String> status(String id, Agency.Status status) {
    AgencyId agency;
    try {
      agency = AgencyId.of(id);
    } catch (RuntimeException e) {
      throw Problem.notFound();
    }
    try {
      return HttpJson.answer(200, view(agencies.setStatus(agency, status)));
    } catch (AgencyNotFoundException e) {
      throw Problem.notFound();
    }
  }

  private static Agency agency(AgencyBody body) {
    try {
      Agency.Builder builder = Agency.builder(AgencyId.of(body.id())).name(body.name());
      for (String role : body.roles() == null ? List.<String>of() : body.roles()) {
        builder.role(Agency.Role.valueOf(role));
      }
      if (body.jwks() != null) {
        builder.jwks(VerificationKeySet.parse(body.jwks().toString()));
      }
      if (body.jwksUri() != null) {
        builder.jwksUri(URI.create(body.jwksUri()));
      }
      if (body.allowedItems() != null) {
        body.allowedItems().forEach(i -> builder.allowedItem(ItemCode.of(i)));
      }
      if (body.purposes() != null) {
        body.purposes().forEach(builder::purpose);
      }
      if (body.eventEndpoint() != null) {
        builder.eventEndpoint(URI.create(body.eventEndpoint()));
      }
      return builder.build();
    } catch (RuntimeException e) {
      throw Problem.badRequest(); // the message may quote the input: not kept
    }
  }

  private static ObjectNode view(Agency a) {
    ObjectNode node = JSON.createObjectNode();
    node.put("id", a.id().value());
    node.put("name", a.name());
    ArrayNode roles = node.putArray("roles");
    a.roles().forEach(r -> roles.add(r.name()));
    node.put("status", a.status().name());
    node.put("keys", a.jwksUri().isPresent() ? "uri" : "inline");
    a.jwksUri().ifPresent(u -> node.put("jwksUri", u.toString()));
    ArrayNode items = node.putArray("allowedItems");
    a.allowedItems().forEach(i -> items.add(i.value()));
    ArrayNode purposes = node.putArray("purposes");
    a.purposes().forEach(purposes::add);
    a.eventEndpoint().ifPresent(u -> node.put("eventEndpoint", u.toString()));
    return node;
  }
}
