package dev.backroom.hub.store;

import dev.backroom.config.json.Json;
import dev.backroom.config.model.Service;
import dev.backroom.jdbc.Jdbc;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Services as the operator declared them, with the task definition resolved to a revision. */
@ApplicationScoped
public class ServiceStore {
  private static final String COLUMNS =
      "spec, task_family, task_revision, created_at, updated_at, origin, redeploys";
  public static final String LOCAL = "local";
  public static final String CLOUD = "cloud";

  @Inject Jdbc jdbc;
  @Inject DeletedServiceStore deleted;
  /** Who keeps something per service beyond its row (ECS tags) hears of its deletion here. */
  @Inject Event<DeletedServiceStore.Deleted> deletions;

  /** Inserts a service created on site; returns false when a service of that name exists. */
  public boolean create(Service resolved, String family, int revision) {
    return create(resolved, family, revision, LOCAL);
  }

  /** Inserts with its origin ({@link #LOCAL} or {@link #CLOUD}); false when the name exists. */
  public boolean create(Service resolved, String family, int revision, String origin) {
    return jdbc.inTransaction(() -> {
      if (find(resolved.serviceName()).isPresent()) {
        return false;
      }
      Instant now = Instant.now();
      jdbc.update("insert into services (service_name, spec, task_family, task_revision, created_at,"
          + " updated_at, origin) values (?, ?, ?, ?, ?, ?, ?)", resolved.serviceName(),
          Json.write(resolved), family, revision, now, now, origin);
      deleted.forget(resolved.serviceName());
      return true;
    });
  }

  /**
   * Replaces the spec and keeps the origin: a local edit of a cloud-owned service stays
   * cloud-owned, so the next cloud revision overwrites it. Returns false when no such service.
   */
  public boolean update(Service resolved, String family, int revision) {
    return jdbc.update("update services set spec = ?, task_family = ?, task_revision = ?, updated_at = ?"
        + " where service_name = ?", Json.write(resolved), family, revision, Instant.now(),
        resolved.serviceName()) == 1;
  }

  /** Replaces the spec and sets the origin; returns false when no such service exists. */
  public boolean update(Service resolved, String family, int revision, String origin) {
    return jdbc.update("update services set spec = ?, task_family = ?, task_revision = ?, updated_at = ?,"
        + " origin = ? where service_name = ?", Json.write(resolved), family, revision, Instant.now(),
        origin, resolved.serviceName()) == 1;
  }

  /**
   * UpdateService's {@code forceNewDeployment}: counts one more forced redeploy, which gives the
   * service's tasks a new hash ({@link ServiceRecord#taskSpecHash}) so the next pass starts a
   * deployment that replaces every task. Returns false when no such service exists.
   */
  public boolean redeploy(String name) {
    return jdbc.update("update services set redeploys = redeploys + 1, updated_at = ? where"
        + " service_name = ?", Instant.now(), name) == 1;
  }

  /**
   * After a rollback: the redeploy count under which the revision's tasks carry
   * {@code taskHash} (see {@link ServiceRecord#redeploysOf}); unchanged when none does.
   */
  public void matchRedeploys(String name, String revisionHash, String taskHash) {
    find(name).ifPresent(s -> ServiceRecord.redeploysOf(revisionHash, taskHash, s.redeploys())
        .ifPresent(c -> jdbc.update("update services set redeploys = ? where service_name = ?",
            c, name)));
  }

  /**
   * Deletes the service and, in the same transaction, records it deleted
   * ({@link DeletedServiceStore}) and tells the observers of {@link DeletedServiceStore.Deleted}:
   * every API deletes through here, so each deletion is recorded once. False when none exists.
   */
  public boolean delete(String name) {
    return jdbc.inTransaction(() -> {
      Optional<ServiceRecord> s = find(name);
      if (s.isEmpty() || jdbc.update("delete from services where service_name = ?", name) != 1) {
        return false;
      }
      Instant now = Instant.now();
      deleted.record(s.get(), now);
      deletions.fire(new DeletedServiceStore.Deleted(s.get(), now));
      return true;
    });
  }

  public Optional<ServiceRecord> find(String name) {
    return jdbc.queryOne("select " + COLUMNS + " from services where service_name = ?",
        ServiceStore::map, name);
  }

  public List<ServiceRecord> list() {
    return jdbc.query("select " + COLUMNS + " from services order by service_name", ServiceStore::map);
  }

  private static ServiceRecord map(ResultSet rs) throws SQLException {
    return new ServiceRecord(Json.read(rs.getString("spec"), Service.class),
        rs.getString("task_family"), rs.getInt("task_revision"),
        Jdbc.instant(rs, "created_at"), Jdbc.instant(rs, "updated_at"), rs.getString("origin"),
        rs.getInt("redeploys"));
  }
}
