package org.mydatakit.cli;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.mydatakit.broker.Agency;
import org.mydatakit.broker.AgencyExistsException;
import org.mydatakit.broker.ConsentStoreException;
import org.mydatakit.consent.AgencyId;
import org.mydatakit.consent.ItemCode;
import org.mydatakit.keys.VerificationKeySet;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code mydatakit agencies register}: admit a new agency. */
@Command(
    name = "register",
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    description = {
      "Register a new agency in a broker's store, active at once.",
      "Its public keys are given by exactly one of --jwks-uri and --jwks (a file of public keys"
          + " only); an id already registered is refused (exit 3) and nothing is changed.",
      "Example:",
      "  mydatakit agencies register --store jdbc:h2:file:./broker --id NHIS \\",
      "    --name 'National Health Insurance Service' --role provider \\",
      "    --jwks-uri https://api.nhis.example/jwks.json --item nhis.qualification"
    })
final class AgenciesRegisterCommand implements Callable<Integer> {
  @Spec private CommandSpec spec;

  @Mixin private RegistryStoreOption store;

  @Option(
      names = "--id",
      paramLabel = "ID",
      required = true,
      description = "The agency's id, such as NHIS: letters, digits, '.', '_' or '-'.")
  String id;

  @Option(
      names = "--name",
      paramLabel = "NAME",
      required = true,
      description = "The agency's display name, 1 to 100 characters.")
  String name;

  @Option(
      names = "--role",
      paramLabel = "ROLE",
      required = true,
      description = "What the agency does, consumer or provider; repeat the option for both.")
  List<String> roles = new ArrayList<>();

  @Option(
      names = "--jwks-uri",
      paramLabel = "URI",
      description =
          "Where the agency publishes its public keys: an https URI (http only to a loopback"
              + " host).")
  String jwksUri;

  @Option(
      names = "--jwks",
      paramLabel = "FILE",
      description = "A file holding the agency's public keys as a JWK Set, kept in the store.")
  Path jwks;

  @Option(
      names = "--item",
      paramLabel = "CODE",
      description = "An item code the agency may take part in; repeat the option for more.")
  List<String> items = new ArrayList<>();

  @Option(
      names = "--purpose",
      paramLabel = "CODE",
      description = "A purpose code the agency may use; repeat the option for more.")
  List<String> purposes = new ArrayList<>();

  @Option(
      names = "--event-endpoint",
      paramLabel = "URI",
      description =
          "Where the agency receives events: an https URI (http only to a loopback host).")
  String eventEndpoint;

  @Override
  public Integer call() {
    Inputs inputs = new Inputs(spec);
    if ((jwksUri == null) == (jwks == null)) {
      throw inputs.error(
          "expected exactly one of --jwks-uri URI or --jwks FILE, got "
              + (jwksUri == null ? "neither" : "both"));
    }
    AgencyId agencyId = inputs.parse("--id", () -> AgencyId.of(id));
    Agency.Builder builder = Agency.builder(agencyId).name(name);
    for (String role : roles) {
      builder.role(role(inputs, role));
    }
    if (jwksUri != null) {
      builder.jwksUri(inputs.parse("--jwks-uri", () -> URI.create(jwksUri)));
    } else {
      String text = inputs.read("--jwks", "JWK Set file", jwks);
      builder.jwks(inputs.parse("--jwks", () -> VerificationKeySet.parse(text)));
    }
    for (String item : items) {
      builder.allowedItem(inputs.parse("--item", () -> ItemCode.of(item)));
    }
    purposes.forEach(builder::purpose);
    if (eventEndpoint != null) {
      builder.eventEndpoint(inputs.parse("--event-endpoint", () -> URI.create(eventEndpoint)));
    }
    Agency agency = inputs.parse(null, builder::build);
    try {
      store.open(inputs, true).register(agency);
    } catch (AgencyExistsException e) {
      spec.commandLine().getErr().println("mydatakit: " + e.getMessage());
      return Main.REJECTED;
    } catch (ConsentStoreException e) {
      throw new CliFailure("cannot write the store: " + e.getMessage(), e);
    }
    spec.commandLine().getOut().println("registered " + agencyId);
    return Main.OK;
  }

  private static Agency.Role role(Inputs inputs, String role) {
    return switch (role.toLowerCase(Locale.ROOT)) {
      case "consumer" -> Agency.Role.CONSUMER;
      case "provider" -> Agency.Role.PROVIDER;
      default -> throw inputs.error("--role: expected consumer or provider");
    };
  }
}
