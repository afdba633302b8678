package org.mydatakit.server;

import java.time.Duration;
import java.util.Locale;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.LocaleResolver;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.i18n.CookieLocaleResolver;
import org.springframework.web.servlet.i18n.LocaleChangeInterceptor;

/**
 * The citizen's pages' language (Korean unless she asks for English with {@code ?lang=en}, kept in
 * a cookie) and their one stylesheet, the only static resource the server serves.
 */
@Configuration(proxyBeanMethods = false)
class CitizenPagesConfiguration implements WebMvcConfigurer {

  @Bean
  LocaleResolver localeResolver(BrokerProperties broker) {
    CookieLocaleResolver resolver = new CookieLocaleResolver("MYDATA_LANG");
    resolver.setCookieSecure(broker.issuer().startsWith("https://"));
    resolver.setDefaultLocale(Locale.KOREAN);
    resolver.setCookieHttpOnly(true);
    resolver.setCookieSameSite("Lax");
    resolver.setCookieMaxAge(Duration.ofDays(365));
    return resolver;
  }

  @Override
  public void addInterceptors(InterceptorRegistry registry) {
    LocaleChangeInterceptor language = new LocaleChangeInterceptor();
    language.setParamName("lang");
    language.setIgnoreInvalidLocale(true);
    registry.addInterceptor(language).addPathPatterns(CitizenPages.BASE, CitizenPages.BASE + "/**");
  }

  @Override
  public void addResourceHandlers(ResourceHandlerRegistry registry) {
    registry
        .addResourceHandler(CitizenPages.BASE + "/static/**")
        .addResourceLocations("classpath:/static/my/")
        .setCacheControl(org.springframework.http.CacheControl.maxAge(Duration.ofHours(1)));
  }
}
