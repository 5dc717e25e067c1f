package dev.backroom.hub.store;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
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

  @Override
  public HealthCheckResponse call() {
    HealthCheckResponseBuilder r = HealthCheckResponse.named("storage");
    // One reading of the disk serves both the free bytes shown and the low-water judgement.
    DiskSpace disk = health.disk();
    boolean low = disk.low();
    if (disk.lastFree() != DiskSpace.UNKNOWN) {
      r.withData("free-bytes", disk.lastFree());
    }
    try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
      s.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
      s.execute("SELECT 1");
    } catch (SQLException e) {
      health.failed(e);
      return r.down().withData("database", "not answering: " + e.getMessage().lines()
          .findFirst().orElse("")).build();
    }
    if (low) {
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
}
