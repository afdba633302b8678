package org.mydatakit.testkit.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.mydatakit.consent.AgencyId;
import org.mydatakit.consent.DataRange;
import org.mydatakit.consent.ItemCode;
import org.mydatakit.consent.SubjectId;
import org.mydatakit.grant.GrantRequest;
import org.mydatakit.grant.GrantVerifier;
import org.mydatakit.grant.InvalidGrantException;
import org.mydatakit.grant.VerifiedGrant;
import org.mydatakit.testkit.ReceivedRequest;
import org.mydatakit.testkit.ReceivedRequest.Outcome;

/**
 * Plays one provider agency: every request WireMock receives is answered here, in the profile's
 * order of checks (fault knobs, path, method, transaction id, query, grant and proof, range, item,
 * record), and recorded without its grant, proof or body.
 */
public final class AgencyTransformer implements ResponseDefinitionTransformerV2 {
  private static final Duration STATUS_RETRY_AFTER = Duration.ofSeconds(1);

  private final AgencyId agency;
  private final GrantVerifier verifier;
  private final Map<SubjectId, String> citizens;
  private final Clock clock;
  private final Faults faults;
  private final Consumer<ReceivedRequest> journal;
  private volatile String baseUrl;

  private record Answer(ResponseDefinitionBuilder builder, int status, String reason) {}

  /** {@code citizens} maps each sample citizen's pairwise subject here to its handle. */
  public AgencyTransformer(
      AgencyId agency,
      GrantVerifier verifier,
      Map<SubjectId, String> citizens,
      Clock clock,
      Faults faults,
      Consumer<ReceivedRequest> journal) {
    this.agency = agency;
    this.verifier = verifier;
    this.citizens = Map.copyOf(citizens);
    this.clock = clock;
    this.faults = faults;
    this.journal = journal;
  }

  /** Sets the agency's own base URL, known once the server listens; grants' DPoP htu use it. */
  public void bind(URI baseUrl) {
    this.baseUrl = baseUrl.toString();
  }

  @Override
  public String getName() {
    return "mydatakit-fake-agency-" + agency.value();
  }

  @Override
  public ResponseDefinition transform(ServeEvent event) {
    Incoming in = new Incoming(event.getRequest());
    Faults.Injected injected = faults.next(in.item == null ? "unknown" : in.item, in.transactionId);
    Answer answer;
    if (injected != null) {
      answer = new Answer(injected.answer(), injected.status(), injected.fault());
    } else {
      try {
        answer = answer(in);
      } catch (RuntimeException e) {
        answer = reject(500, "INTERNAL_ERROR", in);
      }
    }
    Outcome outcome =
        injected != null ? Outcome.FAULT : answer.status == 200 ? Outcome.SERVED : Outcome.REJECTED;
    journal.accept(
        new ReceivedRequest(
            in.method,
            in.path,
            Optional.ofNullable(in.transactionId),
            Optional.ofNullable(in.item),
            Optional.ofNullable(in.dpopJti),
            answer.status,
            outcome,
            Optional.ofNullable(answer.reason)));
    return delayed(answer.builder.build());
  }

  private Answer answer(Incoming in) {
    if (!in.itemsPath) {
      return reject(404, "NOT_FOUND", in);
    }
    if (!"GET".equals(in.method)) {
      Answer refused = reject(405, "METHOD_NOT_ALLOWED", in);
      refused.builder.withHeader("Allow", "GET");
      return refused;
    }
    if (in.transactionId == null) {
      return reject(400, "BAD_TRANSACTION_ID", in);
    }
    if (in.badQuery) {
      return reject(400, "BAD_QUERY", in);
    }
    if (in.item == null) {
      return reject(404, "UNKNOWN_ITEM", in);
    }
    ItemCode item = ItemCode.of(in.item);
    VerifiedGrant grant;
    try {
      grant =
          verifier.verify(
              GrantRequest.builder()
                  .grant(in.grant)
                  .dpopProof(in.proof)
                  .method(in.method)
                  .url(URI.create(baseUrl + in.path))
                  .item(item)
                  .build());
    } catch (InvalidGrantException e) {
      return refuse(e.reason(), in.transactionId);
    }
    Optional<DataRange> range = grant.dataRange();
    if (range.isPresent() && outside(range.get(), in)) {
      return reject(403, "OUT_OF_RANGE", in);
    }
    if (!SampleRecords.serves(agency, item)) {
      return reject(404, "UNKNOWN_ITEM", in);
    }
    String handle = citizens.get(grant.subject());
    Optional<JsonNode> data = handle == null ? Optional.empty() : SampleRecords.find(item, handle);
    if (data.isEmpty()) {
      return reject(404, "NO_RECORD", in);
    }
    ObjectNode body = Problems.JSON.createObjectNode();
    body.put("item", item.value());
    body.put("subject", grant.subject().value());
    body.put("issuedAt", clock.instant().toString());
    body.set("data", data.get());
    return new Answer(
        ResponseDefinitionBuilder.responseDefinition()
            .withStatus(200)
            .withHeader("Content-Type", "application/json")
            .withHeader("Cache-Control", "no-store")
            .withHeader("X-Api-Tran-Id", in.transactionId)
            .withBody(body.toString()),
        200,
        null);
  }

  private static boolean outside(DataRange range, Incoming in) {
    return (in.from != null && !range.contains(in.from))
        || (in.to != null && !range.contains(in.to));
  }

  private static Answer refuse(InvalidGrantException.Reason reason, String transactionId) {
    int status = Problems.statusFor(reason);
    ResponseDefinitionBuilder builder =
        switch (status) {
          case 401 -> Problems.unauthorized(reason, transactionId);
          case 503 -> Problems.retryLater(503, reason.name(), STATUS_RETRY_AFTER, transactionId);
          default -> Problems.problem(status, reason.name(), transactionId);
        };
    return new Answer(builder, status, reason.name());
  }

  private static Answer reject(int status, String reason, Incoming in) {
    return new Answer(Problems.problem(status, reason, in.transactionId), status, reason);
  }

  private ResponseDefinition delayed(ResponseDefinition definition) {
    long latency = faults.latency().toMillis();
    Duration dribble = faults.dribble();
    if (latency == 0 && dribble == null) {
      return definition;
    }
    ResponseDefinitionBuilder builder = ResponseDefinitionBuilder.like(definition);
    if (latency > 0) {
      builder.withFixedDelay((int) Math.min(Integer.MAX_VALUE, latency));
    }
    byte[] body = definition.getByteBody();
    if (dribble != null && body != null && body.length > 0) {
      int chunks = Math.min(10, body.length);
      builder.withChunkedDribbleDelay(
          chunks, (int) Math.min(Integer.MAX_VALUE, dribble.toMillis()));
    }
    return builder.build();
  }
}
