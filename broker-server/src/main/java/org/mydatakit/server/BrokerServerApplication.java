package org.mydatakit.server;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

/**
 * Starts the broker: {@code java -jar mydatakit-broker-server.jar
 * --mydatakit.broker.issuer=https://broker.example.go.kr}.
 */
@SpringBootApplication
@EnableConfigurationProperties({
  BrokerProperties.class,
  CitizenSignInProperties.class,
  RateLimitProperties.class,
  ReplayCacheProperties.class,
  AdminProperties.class,
  DeliveryReceiptProperties.class,
  EventsProperties.class
})
public class BrokerServerApplication {
  /** Runs the server until it is stopped. */
  public static void main(String[] args) {
    SpringApplication.run(BrokerServerApplication.class, args);
  }
}
