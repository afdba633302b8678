package org.mydatakit.testkit.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.HttpHeader;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.mydatakit.consent.AgencyId;
import org.mydatakit.consent.SubjectId;
import org.mydatakit.provider.Admission;
import org.mydatakit.provider.DatedRecords;
import org.mydatakit.provider.ProviderGate;
import org.mydatakit.provider.ProviderRequest;
import org.mydatakit.provider.Refusal;
import org.mydatakit.testkit.ReceivedRequest;
import org.mydatakit.testkit.ReceivedRequest.Outcome;

/**
 * Plays one provider agency: every request WireMock receives goes through the kit's {@link
 * ProviderGate} (the same gate a real agency runs) after the fault knobs; an admitted request is
 * answered with the citizen's sample record filtered by the admission's range. Each request is
 * recorded without its grant, proof or body.
 */
public final class AgencyTransformer implements ResponseDefinitionTransformerV2 {
  private final AgencyId agency;
  private final ProviderGate gate;
  private final Map<SubjectId, String> citizens;
  private final Clock clock;
  private final Faults faults;
  private final Consumer<ReceivedRequest> journal;
  private volatile String baseUrl;

  private record Answer(ResponseDefinitionBuilder builder, int status, String reason) {}

  /** {@code citizens} maps each sample citizen's pairwise subject here to its handle. */
  public AgencyTransformer(
      AgencyId agency,
      ProviderGate gate,
      Map<SubjectId, String> citizens,
      Clock clock,
      Faults faults,
      Consumer<ReceivedRequest> journal) {
    this.agency = agency;
    this.gate = gate;
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
        answer = answer(event.getRequest());
      } catch (RuntimeException e) {
        answer = answer(Problems.problem(500, "INTERNAL_ERROR", in.transactionId), 500, null);
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

  private static Answer answer(ResponseDefinitionBuilder builder, int status, String reason) {
    return new Answer(builder, status, reason);
  }

  private Answer answer(Request request) {
    ProviderRequest.Builder in =
        ProviderRequest.builder()
            .method(request.getMethod().getName())
            .url(URI.create(baseUrl + request.getUrl()));
    for (HttpHeader header : request.getHeaders().all()) {
      for (String value : header.values()) {
        in.header(header.key(), value);
      }
    }
    ProviderGate.Decision decision = gate.admit(in.build());
    if (decision instanceof Refusal refusal) {
      return refused(refusal);
    }
    Admission admission = (Admission) decision;
    String handle = citizens.get(admission.grant().subject());
    Optional<JsonNode> data =
        handle == null ? Optional.empty() : SampleRecords.find(admission.item(), handle);
    if (data.isEmpty()) {
      return refused(admission.noRecord());
    }
    DatedRecords.Filtered kept = DatedRecords.filter(data.get(), admission);
    ObjectNode body = Problems.JSON.createObjectNode();
    body.put("item", admission.item().value());
    body.put("subject", admission.grant().subject().value());
    body.put("issuedAt", clock.instant().toString());
    body.set("data", kept.json());
    byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
    ResponseDefinitionBuilder ok =
        ResponseDefinitionBuilder.responseDefinition()
            .withStatus(200)
            .withHeader("Content-Type", "application/json")
            .withHeader("Cache-Control", "no-store")
            .withHeader("X-Api-Tran-Id", admission.transactionId())
            .withBody(bytes);
    gate.receipt(admission, kept.count(), bytes)
        .ifPresent(r -> ok.withHeader(org.mydatakit.grant.DeliveryReceipt.HEADER, r));
    return new Answer(ok, 200, null);
  }

  private static Answer refused(Refusal refusal) {
    ResponseDefinitionBuilder builder =
        ResponseDefinitionBuilder.responseDefinition()
            .withStatus(refusal.status())
            .withBody(refusal.problem());
    refusal.headers().forEach(builder::withHeader);
    return new Answer(builder, refusal.status(), refusal.code());
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
