package dev.backroom.cloud.ecs;

import dev.backroom.config.json.Json;
import dev.backroom.config.model.TaskDefinition;
import dev.backroom.jdbc.Jdbc;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Table ecs_task_definitions: the revisions pipelines register on the cloud's /ecs, numbered per
 * family by the cloud. Revisions are never deleted (ECS keeps deregistered ones describable).
 */
@ApplicationScoped
public class TaskDefinitionTable {
  public static final String ACTIVE = "ACTIVE";
  public static final String INACTIVE = "INACTIVE";

  @Inject
  @Named("cloud")
  Jdbc jdbc;

  /** A stored revision; {@code taskDefinition} carries its family and revision. */
  public record Revision(TaskDefinition taskDefinition, String status, Instant registeredAt,
      Instant deregisteredAt, String registeredBy) {
    public boolean active() {
      return ACTIVE.equals(status);
    }

    public String ref() {
      return taskDefinition.family() + ":" + taskDefinition.revision();
    }
  }

  private static final String COLUMNS = "family, revision, definition, status, registered_ms,"
      + " deregistered_ms, registered_by";

  /**
   * Stores {@code td} as its family's next revision. Callers hold the fleet lock
   * (RevisionWriter.lockFleet), so two registrations of one family never pick the same number.
   */
  public Revision register(TaskDefinition td, String owner, Instant now) {
    int next = jdbc.queryOne("SELECT MAX(revision) FROM ecs_task_definitions WHERE family = ?",
        rs -> rs.getInt(1), td.family()).orElse(0) + 1;
    TaskDefinition numbered = td.withRevision(next);
    jdbc.update("INSERT INTO ecs_task_definitions (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?)",
        td.family(), next, Json.write(numbered), ACTIVE, now.toEpochMilli(), null, owner);
    return new Revision(numbered, ACTIVE, now, null, owner);
  }

  public Optional<Revision> find(String family, int revision) {
    return jdbc.queryOne("SELECT " + COLUMNS + " FROM ecs_task_definitions WHERE family = ?"
        + " AND revision = ?", TaskDefinitionTable::row, family, revision);
  }

  public Optional<Revision> latestActive(String family) {
    return jdbc.queryOne("SELECT " + COLUMNS + " FROM ecs_task_definitions WHERE family = ?"
        + " AND status = ? ORDER BY revision DESC LIMIT 1", TaskDefinitionTable::row, family,
        ACTIVE);
  }

  /** Every revision, of one family when {@code family} is given, by family then revision. */
  public List<Revision> list(String family) {
    return family == null
        ? jdbc.query("SELECT " + COLUMNS + " FROM ecs_task_definitions ORDER BY family, revision",
            TaskDefinitionTable::row)
        : jdbc.query("SELECT " + COLUMNS + " FROM ecs_task_definitions WHERE family = ?"
            + " ORDER BY revision", TaskDefinitionTable::row, family);
  }

  /** ACTIVE to INACTIVE; false when it was INACTIVE already or does not exist. */
  public boolean deregister(String family, int revision, Instant now) {
    return jdbc.update("UPDATE ecs_task_definitions SET status = ?, deregistered_ms = ?"
        + " WHERE family = ? AND revision = ? AND status = ?", INACTIVE, now.toEpochMilli(),
        family, revision, ACTIVE) == 1;
  }

  /** Records that the service of the cluster with {@code selector} was given {@code rev}. */
  public void given(String selector, String service, Revision rev) {
    jdbc.update("DELETE FROM ecs_service_revisions WHERE selector = ? AND service_name = ?",
        selector, service);
    jdbc.update("INSERT INTO ecs_service_revisions (selector, service_name, family, revision)"
        + " VALUES (?, ?, ?, ?)", selector, service, rev.taskDefinition().family(),
        rev.taskDefinition().revision());
  }

  /** The revision last given to the service, if one was. */
  public Optional<Revision> given(String selector, String service) {
    return jdbc.queryOne("SELECT family, revision FROM ecs_service_revisions WHERE selector = ?"
        + " AND service_name = ?", rs -> new Object[] {rs.getString(1), rs.getInt(2)}, selector,
        service).flatMap(k -> find((String) k[0], (Integer) k[1]));
  }

  public void forget(String selector, String service) {
    jdbc.update("DELETE FROM ecs_service_revisions WHERE selector = ? AND service_name = ?",
        selector, service);
  }

  private static Revision row(ResultSet rs) throws SQLException {
    return new Revision(Json.read(rs.getString("definition"), TaskDefinition.class),
        rs.getString("status"), Instant.ofEpochMilli(rs.getLong("registered_ms")),
        deregistered(Jdbc.longOrNull(rs, "deregistered_ms")), rs.getString("registered_by"));
  }

  private static Instant deregistered(Long ms) {
    return ms == null ? null : Instant.ofEpochMilli(ms);
  }
}
