package org.mydatakit.server;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.mydatakit.consent.AgencyId;
import org.mydatakit.consent.AuthenticationEvidence;
import org.mydatakit.consent.Consent;
import org.mydatakit.consent.DataItem;
import org.mydatakit.consent.Delivery;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;
import org.thymeleaf.context.Context;
import org.thymeleaf.spring6.SpringTemplateEngine;
import org.thymeleaf.templatemode.TemplateMode;
import org.thymeleaf.templateresolver.ClassLoaderTemplateResolver;

/**
 * The consent text a citizen is shown before she decides, rendered from one plain-text template per
 * language ({@code consent-text/ko.txt}, {@code en.txt}; Korean by default) and versioned: the page
 * shows exactly {@link Shown#text()}, and the approval's evidence records its SHA-256, so what she
 * agreed to can be re-rendered and compared.
 */
@Component
class ConsentText {
  /** The templates' version; change it with any change of the templates' wording. */
  static final String VERSION = "v1";

  static final List<String> LANGUAGES = List.of("ko", "en");
  private static final ZoneId SEOUL = ZoneId.of("Asia/Seoul");

  /** What was shown: the text, its language and template version, and its SHA-256. */
  record Shown(String text, String language, String version, String sha256) {}

  private final SpringTemplateEngine templates = new SpringTemplateEngine(); // SpEL, as the pages
  private final MessageSource messages;

  ConsentText(MessageSource messages) {
    this.messages = messages;
    ClassLoaderTemplateResolver resolver = new ClassLoaderTemplateResolver();
    resolver.setPrefix("consent-text/");
    resolver.setSuffix(".txt");
    resolver.setTemplateMode(TemplateMode.TEXT);
    resolver.setCharacterEncoding("UTF-8");
    resolver.setCacheable(true);
    templates.setTemplateResolver(resolver);
  }

  /** The language a locale asks for, Korean unless it asks for English. */
  static String language(Locale locale) {
    return locale != null && locale.getLanguage().equals("en") ? "en" : "ko";
  }

  /** The text of {@code consent} in {@code language}, agencies named by {@code names}. */
  Shown render(Consent consent, String language, Function<AgencyId, String> names) {
    if (!LANGUAGES.contains(language)) {
      throw new IllegalArgumentException("consent text: expected ko or en");
    }
    Locale locale = Locale.forLanguageTag(language);
    Map<String, List<String>> byProvider = new TreeMap<>();
    for (DataItem item : consent.items()) {
      byProvider
          .computeIfAbsent(names.apply(item.provider()), p -> new ArrayList<>())
          .add(itemName(item, locale));
    }
    DateTimeFormatter date = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(SEOUL);
    Context context = new Context(locale);
    context.setVariable("consumer", names.apply(consent.consumer()));
    context.setVariable("purpose", consent.purpose().text());
    context.setVariable("legalBasis", consent.purpose().legalBasis().text());
    context.setVariable("providers", byProvider);
    context.setVariable(
        "range", consent.dataRange().map(r -> r.from() + " ~ " + r.to()).orElse(null));
    context.setVariable("delivery", delivery(consent.delivery(), locale));
    context.setVariable("validFrom", date.format(consent.validFrom()));
    context.setVariable("validUntil", date.format(consent.validUntil()));
    context.setVariable("retention", period(consent.retention(), locale));
    String text = templates.process(language, context).strip() + "\n";
    return new Shown(text, language, VERSION, AuthenticationEvidence.sha256Hex(text));
  }

  /** A period in words: "1년 6개월", "1 year(s) 6 month(s)". */
  private String period(java.time.Period period, Locale locale) {
    List<String> parts = new ArrayList<>();
    if (period.getYears() != 0) {
      parts.add(messages.getMessage("period.years", new Object[] {period.getYears()}, locale));
    }
    if (period.getMonths() != 0) {
      parts.add(messages.getMessage("period.months", new Object[] {period.getMonths()}, locale));
    }
    if (period.getDays() != 0 || parts.isEmpty()) {
      parts.add(messages.getMessage("period.days", new Object[] {period.getDays()}, locale));
    }
    return String.join(" ", parts);
  }

  private String itemName(DataItem item, Locale locale) {
    String code = item.code().value();
    return messages.getMessage("item." + code, null, code, locale);
  }

  private String delivery(Delivery delivery, Locale locale) {
    if (delivery instanceof Delivery.Periodic periodic) {
      return messages.getMessage(
          "delivery.periodic." + periodic.schedule().unit().name(),
          new Object[] {periodic.schedule().every(), periodic.fetchBudgetPerPeriod()},
          locale);
    }
    return messages.getMessage("delivery.once", null, locale);
  }
}
