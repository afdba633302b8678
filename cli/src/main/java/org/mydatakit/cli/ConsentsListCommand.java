package org.mydatakit.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import org.mydatakit.broker.ConsentStoreException;
import org.mydatakit.consent.Consent;
import org.mydatakit.consent.ConsentId;
import org.mydatakit.store.jdbc.JdbcConsentStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code mydatakit consents list --store URL}: one JSON line per consent, without subjects. */
@Command(
    name = "list",
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    description = {
      "List the consents of a broker's store, oldest first, one JSON line each.",
      "Each line has the consent's id, status, version, consumer, providers, items, validUntil"
          + " and statusIndex (once approved).",
      "Subjects (pseudonyms) are never printed."
    })
final class ConsentsListCommand implements Callable<Integer> {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Spec private CommandSpec spec;

  @Mixin private StoreOption store;

  @Override
  public Integer call() {
    Inputs inputs = new Inputs(spec);
    if (store.url == null) {
      throw inputs.error("expected --store URL");
    }
    JdbcConsentStore opened = store.open(inputs);
    PrintWriter out = spec.commandLine().getOut();
    try {
      ConsentId after = null;
      List<Consent> page;
      do {
        page = opened.list(after, 500);
        for (Consent c : page) {
          out.println(line(c));
          after = c.id();
        }
      } while (page.size() == 500);
    } catch (ConsentStoreException e) {
      throw new CliFailure("cannot read the store: " + e.getMessage(), e);
    }
    out.flush();
    return Main.OK;
  }

  private static String line(Consent c) {
    ObjectNode json = JSON.createObjectNode();
    json.put("id", c.id().toString());
    json.put("status", c.status().name());
    json.put("version", c.version());
    json.put("consumer", c.consumer().value());
    c.providers().forEach(p -> json.withArray("providers").add(p.value()));
    c.items().forEach(i -> json.withArray("items").add(i.provider() + ":" + i.code()));
    json.put("validUntil", c.validUntil().toString());
    if (c.statusIndex().isPresent()) {
      json.put("statusIndex", c.statusIndex().getAsLong());
    }
    return json.toString();
  }
}
