package dev.backroom.cloud.config;

import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.security.SecureRandom;
import java.time.Clock;

/** Time and randomness are beans so tests can replace them (expiry, seeded ids). */
@ApplicationScoped
public class ClockProducer {
  @Produces
  @DefaultBean
  @ApplicationScoped
  Clock clock() {
    return Clock.systemUTC();
  }

  // Singleton, not ApplicationScoped: SecureRandom has final methods a client proxy cannot override.
  @Produces
  @DefaultBean
  @Singleton
  SecureRandom random() {
    return new SecureRandom();
  }
}
