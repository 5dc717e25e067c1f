package dev.backroom.hub.store;

import dev.backroom.jdbc.Jdbc;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;

/** The hub's one {@link Jdbc}, over its H2 datasource, reporting storage failures. */
@ApplicationScoped
public class HubDatabase {
  @Produces
  @Singleton
  StorageHealth storageHealth() {
    return new StorageHealth(Clock.systemUTC());
  }

  @Produces
  @ApplicationScoped
  Jdbc jdbc(AgroalDataSource dataSource, StorageHealth health) {
    return new Jdbc(dataSource, health::failed);
  }
}
