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
    Path dir = Path.of(config.dataDir());
    DiskSpace disk = DiskSpace.of(dir, config.storage().lowWater());
    return new StorageHealth(Clock.systemUTC(), disk,
        new DiskReserve(dir.resolve(DiskReserve.FILE_NAME), config.storage().reserve(),
            disk.clearAt()));
  }

  @Produces
  @ApplicationScoped
  Jdbc jdbc(AgroalDataSource dataSource, StorageHealth health) {
    return new Jdbc(dataSource, health::failed);
  }
}
