package org.mydatakit.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.mydatakit.broker.Agency;
import org.mydatakit.broker.ConsentStoreException;
import org.mydatakit.store.jdbc.JdbcAgencyRegistry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code mydatakit agencies list --store URL}: one line per registered agency. */
@Command(
    name = "list",
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    description = {
      "List the agencies registered in a broker's store, in id order.",
      "Each line has the id, status, roles and name, separated by tabs; with --json, one JSON"
          + " object per line that also has the key source, items, purposes and event endpoint.",
      "Key material is never printed."
    })
final class AgenciesListCommand implements Callable<Integer> {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Spec private CommandSpec spec;

  @Mixin private StoreOption store;

  @Option(
      names = "--json",
      description = "Print one JSON object per agency instead of tab-separated columns.")
  boolean json;

  @Override
  public Integer call() {
    Inputs inputs = new Inputs(spec);
    if (store.url == null) {
      throw inputs.error("expected --store URL");
    }
    DataSource dataSource = store.openExisting(inputs);
    if (!StoreOption.hasTable(inputs, dataSource, "mydatakit_agency")) {
      // a store its broker migrated before the registry existed: no agency is registered
      spec.commandLine().getErr().println("mydatakit: no agency is registered in this store");
      return Main.OK;
    }
    List<Agency> agencies;
    try {
      agencies = JdbcAgencyRegistry.of(dataSource).list();
    } catch (ConsentStoreException e) {
      throw new CliFailure("cannot read the store: " + e.getMessage(), e);
    }
    PrintWriter out = spec.commandLine().getOut();
    for (Agency a : agencies) {
      out.println(json ? json(a) : line(a));
    }
    out.flush();
    return Main.OK;
  }

  private static String roles(Agency a) {
    return a.roles().stream()
        .map(r -> r.name().toLowerCase(Locale.ROOT))
        .collect(Collectors.joining(","));
  }

  private static String line(Agency a) {
    return a.id() + "\t" + a.status() + "\t" + roles(a) + "\t" + a.name();
  }

  private static String json(Agency a) {
    ObjectNode node = JSON.createObjectNode();
    node.put("id", a.id().value());
    node.put("status", a.status().name());
    a.roles().forEach(r -> node.withArray("roles").add(r.name().toLowerCase(Locale.ROOT)));
    node.put("name", a.name());
    a.jwksUri().ifPresent(u -> node.put("jwksUri", u.toString()));
    node.put("keys", a.jwksUri().isPresent() ? "uri" : "inline");
    node.putArray("items");
    a.allowedItems().forEach(i -> node.withArray("items").add(i.value()));
    node.putArray("purposes");
    a.purposes().forEach(p -> node.withArray("purposes").add(p));
    a.eventEndpoint().ifPresent(u -> node.put("eventEndpoint", u.toString()));
    return node.toString();
  }
}
