package dev.backroom.hub.store;

import dev.backroom.hub.config.HubConfig;
import dev.backroom.jdbc.Jdbc;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import java.time.Clock;

/** The hub's one {@link Jdbc}, over its H2 datasource, reporting storage failures. */
@ApplicationScoped
public class HubDatabase {
  @Produces
  @Singleton
  StorageHealth storageHealth(HubConfig config) {
    return new StorageHealth(Clock.systemUTC(), DiskSpace.of(Path.of(config.dataDir()),
        config.storage().lowWater()));
  }

  @Produces
  @ApplicationScoped
  Jdbc jdbc(AgroalDataSource dataSource, StorageHealth health) {
    return new Jdbc(dataSource, health::failed);
  }
}
