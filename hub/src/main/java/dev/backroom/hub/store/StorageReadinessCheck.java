package dev.backroom.hub.store;

import dev.backroom.hub.config.HubConfig;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.OptionalLong;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready while H2 answers a trivial query within {@link #QUERY_TIMEOUT_SECONDS}, the data
 * directory's disk is not under its low-water mark ({@link DiskSpace}: telemetry is refused
 * then), and no write has failed for want of storage lately ({@link StorageHealth}): a full disk
 * leaves reads working and fails every write, which the query alone would not show. The free
 * bytes are in the answer, for the operator who has to free them.
 */
@Readiness
@ApplicationScoped
public class StorageReadinessCheck implements HealthCheck {
  static final int QUERY_TIMEOUT_SECONDS = 2;

  @Inject AgroalDataSource dataSource;
  @Inject StorageHealth health;
  @Inject HubConfig config;

  @Override
  public HealthCheckResponse call() {
    HealthCheckResponseBuilder r = HealthCheckResponse.named("storage");
    freeBytes().ifPresent(b -> r.withData("free-bytes", b));
    try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
      s.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
      s.execute("SELECT 1");
    } catch (SQLException e) {
      health.failed(e);
      return r.down().withData("database", "not answering: " + e.getMessage().lines()
          .findFirst().orElse("")).build();
    }
    DiskSpace disk = health.disk();
    if (disk.low()) {
      return r.down().withData("database", "answering")
          .withData("disk", "low: " + disk.lastFree() + " bytes free, under the low-water mark ("
              + disk.lowWater() + "); telemetry refused until " + disk.clearAt() + " are free")
          .build();
    }
    StorageHealth.State state = health.state();
    if (state.failing()) {
      return r.down().withData("database", "writes failing (" + state.failure().get()
          .name().toLowerCase() + ") since at least " + state.lastFailureAt())
          .withData("last-error", state.lastError()).build();
    }
    return r.up().withData("database", "answering").build();
  }

  private OptionalLong freeBytes() {
    try {
      return OptionalLong.of(Files.getFileStore(Path.of(config.dataDir()))
          .getUsableSpace());
    } catch (IOException | RuntimeException e) {
      return OptionalLong.empty();
    }
  }
}
