package org.mydatakit.examples.spring.provider;

import java.util.Base64;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/**
 * A sample provider agency (제공기관), the national health insurer NHIS with fictional records, on
 * Spring Boot: the mydatakit starter builds the gate from {@code mydatakit.provider.*} in {@code
 * application.properties} and puts it in front of {@code /mydata/v1/*}, so {@link
 * QualificationController} only ever sees requests with a valid grant.
 *
 * <pre>{@code
 * java -jar mydatakit-examples-spring-provider-agency.jar \
 *     --mydatakit.provider.issuer=https://broker.example.go.kr \
 *     --mydatakit.provider.jwks-uri=https://broker.example.go.kr/jwks.json \
 *     --sample.pairwise-key=<this agency's pairwise-subject key from the broker, base64>
 * }</pre>
 */
@SpringBootApplication
public class SpringProviderAgencyApplication {

  /** Starts the agency. */
  public static void main(String[] args) {
    SpringApplication.run(SpringProviderAgencyApplication.class, args);
  }

  /**
   * The agency's records, found by the pairwise subject that the broker names in each grant: the
   * agency derives it from its own citizens' CI with the key the broker gave it at onboarding.
   */
  @Bean
  QualificationRegistry qualificationRegistry(@Value("${sample.pairwise-key}") String key) {
    return QualificationRegistry.sample(Base64.getDecoder().decode(key.strip()));
  }
}
