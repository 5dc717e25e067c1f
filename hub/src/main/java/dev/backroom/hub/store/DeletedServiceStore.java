package dev.backroom.hub.store;

import dev.backroom.config.json.Json;
import dev.backroom.config.model.Service;
import dev.backroom.jdbc.Jdbc;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Services deleted lately, in H2 ({@code deleted_services}), so that ECS DescribeServices shows
 * one DRAINING and then INACTIVE whichever API deleted it, and still after a hub restart: ECS
 * keeps a deleted service describable for a while, and {@code aws ecs wait services-inactive}
 * waits for exactly that. {@link ServiceStore} writes it in the deleting transaction and drops it
 * when a service of the name is created again, so no caller records it twice or forgets to.
 */
@ApplicationScoped
public class DeletedServiceStore {
  /** ECS shows a deleted service for a while; the hub, an hour and the newest 200. */
  public static final Retention RETENTION = new Retention(Duration.ofHours(1), 200);

  @Inject Jdbc jdbc;

  DeletedServiceStore() {}

  /** A reader over {@code jdbc} with nothing of its own in memory (tests read through one). */
  public DeletedServiceStore(Jdbc jdbc) {
    this.jdbc = jdbc;
  }

  /** A deleted service as it was, and when it was deleted. */
  public record Deleted(ServiceRecord service, Instant deletedAt) {}

  /** Records {@code s} deleted at {@code at}, replacing an older record of the name. */
  void record(ServiceRecord s, Instant at) {
    jdbc.inTransaction(() -> {
      forget(s.spec().serviceName());
      jdbc.update("insert into deleted_services (service_name, spec, task_family, task_revision,"
          + " origin, created_at, deleted_at) values (?, ?, ?, ?, ?, ?, ?)",
          s.spec().serviceName(), Json.write(s.spec()), s.taskFamily(), s.taskRevision(),
          s.origin(), s.createdAt(), at);
      purge(at);
      return null;
    });
  }

  /** A service of the name exists again: its INACTIVE record is gone, as on ECS. */
  void forget(String name) {
    jdbc.update("delete from deleted_services where service_name = ?", name);
  }

  /** The service of that name deleted within {@link #RETENTION} of {@code now}, if any. */
  public Optional<Deleted> find(String name, Instant now) {
    return jdbc.queryOne("select * from deleted_services where service_name = ?"
        + " and deleted_at >= ?", rs -> {
          Instant deletedAt = Jdbc.instant(rs, "deleted_at");
          return new Deleted(new ServiceRecord(Json.read(rs.getString("spec"), Service.class),
              rs.getString("task_family"), rs.getInt("task_revision"),
              Jdbc.instant(rs, "created_at"), deletedAt, rs.getString("origin"), 0), deletedAt);
        }, name, RETENTION.cut(now));
  }

  private void purge(Instant now) {
    for (String name : RETENTION.purged(jdbc.query("select service_name, deleted_at from"
        + " deleted_services", rs -> new Retention.Stamped(rs.getString(1),
        Jdbc.instant(rs, "deleted_at"))), now)) {
      forget(name);
    }
  }
}
