package org.mydatakit.consent;

import static org.mydatakit.consent.ConsentCodec.PREFIX;
import static org.mydatakit.consent.JsonValues.at;
import static org.mydatakit.consent.JsonValues.convert;
import static org.mydatakit.consent.JsonValues.enumValue;
import static org.mydatakit.consent.JsonValues.instant;
import static org.mydatakit.consent.JsonValues.required;

import java.time.LocalDate;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import org.mydatakit.consent.ConsentDto.EvidenceDto;
import org.mydatakit.consent.ConsentDto.ItemDto;
import org.mydatakit.consent.ConsentDto.LegalBasisDto;
import org.mydatakit.consent.ConsentDto.PurposeDto;
import org.mydatakit.consent.ConsentDto.RangeDto;
import org.mydatakit.consent.ConsentDto.RepresentativeDto;
import org.mydatakit.consent.ConsentDto.SubjectDto;

/** Maps between {@link Consent} and {@link ConsentDto}, naming the JSON path of every failure. */
final class ConsentMapping {
  private ConsentMapping() {}

  static ConsentDto toDto(Consent c) {
    Map<String, String> pairwise = new TreeMap<>();
    c.subject().pairwise().forEach((p, s) -> pairwise.put(p.value(), s.value()));
    return new ConsentDto(
        c.id().toString(),
        c.version(),
        c.supersedes().map(ConsentId::toString).orElse(null),
        new SubjectDto(c.subject().brokerSubject().value(), pairwise),
        c.consumer().value(),
        c.items().stream().map(i -> new ItemDto(i.provider().value(), i.code().value())).toList(),
        new PurposeDto(
            c.purpose().code(),
            c.purpose().text(),
            new LegalBasisDto(c.purpose().legalBasis().code(), c.purpose().legalBasis().text())),
        DeliveryMapping.toDto(c.delivery()),
        c.dataRange().map(r -> new RangeDto(r.from().toString(), r.to().toString())).orElse(null),
        c.validFrom().toString(),
        c.validUntil().toString(),
        c.retention().toString(),
        c.representative()
            .map(r -> new RepresentativeDto(r.kind().name(), r.evidenceReference()))
            .orElse(null),
        c.evidence()
            .map(
                e ->
                    new EvidenceDto(
                        e.method().name(),
                        e.authenticatedAt().toString(),
                        e.channel(),
                        e.consentTextSha256(),
                        e.textLanguage(),
                        e.textVersion()))
            .orElse(null),
        c.status().name(),
        c.statusIndex().isPresent() ? c.statusIndex().getAsLong() : null,
        c.createdAt().toString(),
        c.statusChangedAt().toString(),
        c.statusReason().orElse(null),
        c.revokedBy().map(Enum::name).orElse(null));
  }

  static Consent fromDto(ConsentDto d) {
    var b =
        Consent.builder()
            .id(convert("id", d.id(), ConsentId::parse))
            .version(required("version", d.version()))
            .supersedes(
                Optional.ofNullable(d.supersedes())
                    .map(s -> convert("supersedes", s, ConsentId::parse)))
            .subject(subject(required("subject", d.subject())))
            .consumer(convert("consumer", d.consumer(), AgencyId::of))
            .items(items(required("items", d.items())))
            .purpose(purpose(required("purpose", d.purpose())))
            .delivery(DeliveryMapping.fromDto(required("delivery", d.delivery())))
            .dataRange(Optional.ofNullable(d.dataRange()).map(ConsentMapping::range))
            .validFrom(instant("validFrom", d.validFrom()))
            .validUntil(instant("validUntil", d.validUntil()))
            .retention(JsonValues.period("retention", d.retention()))
            .representative(
                Optional.ofNullable(d.representative()).map(ConsentMapping::representative))
            .evidence(Optional.ofNullable(d.evidence()).map(ConsentMapping::evidence))
            .status(enumValue("status", d.status(), ConsentStatus.class))
            .statusIndex(
                d.statusIndex() == null ? OptionalLong.empty() : OptionalLong.of(d.statusIndex()))
            .createdAt(instant("createdAt", d.createdAt()))
            .statusChangedAt(instant("statusChangedAt", d.statusChangedAt()))
            .statusReason(Optional.ofNullable(d.statusReason()))
            .revokedBy(
                Optional.ofNullable(d.revokedBy())
                    .map(r -> enumValue("revokedBy", r, RevokedBy.class)));
    return at("", b::build);
  }

  private static ConsentSubject subject(SubjectDto s) {
    SubjectId broker = convert("subject.broker", s.broker(), SubjectId::parse);
    Map<AgencyId, SubjectId> pairwise = new TreeMap<>();
    required("subject.pairwise", s.pairwise())
        .forEach(
            (provider, sub) -> {
              AgencyId p = convert("subject.pairwise", provider, AgencyId::of);
              pairwise.put(p, convert("subject.pairwise." + p, sub, SubjectId::parse));
            });
    return at("subject.pairwise", () -> new ConsentSubject(broker, pairwise));
  }

  private static Set<DataItem> items(List<ItemDto> items) {
    Set<DataItem> out = new LinkedHashSet<>();
    for (int i = 0; i < items.size(); i++) {
      String path = "items[" + i + "]";
      ItemDto item = required(path, items.get(i));
      DataItem di =
          new DataItem(
              convert(path + ".provider", item.provider(), AgencyId::of),
              convert(path + ".code", item.code(), ItemCode::of));
      if (!out.add(di)) {
        throw new IllegalArgumentException(
            PREFIX + path + ": expected distinct items, got a repeat");
      }
    }
    return out;
  }

  private static Purpose purpose(PurposeDto p) {
    LegalBasisDto lb = required("purpose.legalBasis", p.legalBasis());
    var basis =
        at(
            "purpose.legalBasis",
            () ->
                new org.mydatakit.consent.LegalBasis(
                    required("purpose.legalBasis.code", lb.code()),
                    required("purpose.legalBasis.text", lb.text())));
    return at(
        "purpose",
        () ->
            new Purpose(
                required("purpose.code", p.code()), required("purpose.text", p.text()), basis));
  }

  private static DataRange range(RangeDto r) {
    LocalDate from = JsonValues.date("dataRange.from", r.from());
    LocalDate to = JsonValues.date("dataRange.to", r.to());
    return at("dataRange", () -> new DataRange(from, to));
  }

  private static Representative representative(RepresentativeDto r) {
    var kind = enumValue("representative.kind", r.kind(), Representative.Kind.class);
    return at(
        "representative",
        () ->
            new Representative(
                kind, required("representative.evidenceReference", r.evidenceReference())));
  }

  private static AuthenticationEvidence evidence(EvidenceDto e) {
    var method = enumValue("evidence.method", e.method(), AuthenticationEvidence.Method.class);
    var when = instant("evidence.authenticatedAt", e.authenticatedAt());
    String channel = required("evidence.channel", e.channel());
    String hash = required("evidence.consentTextSha256", e.consentTextSha256());
    return at(
        "evidence",
        () ->
            new AuthenticationEvidence(
                method, when, channel, hash, e.textLanguage(), e.textVersion()));
  }
}
