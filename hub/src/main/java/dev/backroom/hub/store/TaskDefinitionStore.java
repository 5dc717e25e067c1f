package dev.backroom.hub.store;

import dev.backroom.config.json.Json;
import dev.backroom.config.json.SpecHash;
import dev.backroom.config.model.TaskDefinition;
import dev.backroom.jdbc.Jdbc;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Task definition revisions. Revisions are immutable once registered, so reads are cached. Each
 * is stored as it runs: a definition registered without {@code networkMode} is stored (and
 * returned) with {@code bridge}, ECS's default for EXTERNAL instances, so its meaning never
 * depends on a default that might change again.
 */
@ApplicationScoped
public class TaskDefinitionStore {
  @Inject Jdbc jdbc;

  private final Map<String, TaskDefinition> cache = new ConcurrentHashMap<>();
  private final Map<String, String> hashes = new ConcurrentHashMap<>();

  /** Registers {@code td}, created on site, as its family's next revision; returns it. */
  public TaskDefinition register(TaskDefinition td) {
    return register(td, "local");
  }

  /** Registers {@code td} as the next revision of its family, noting where it came from. */
  public TaskDefinition register(TaskDefinition td, String origin) {
    return register(td, origin, false);
  }

  /**
   * As {@link #register(TaskDefinition, String)}; {@code hostKept} marks a revision whose host
   * mode was not asked for but kept from the revisions V11 gave host (see
   * {@link #networkModeDefaulted}), so the family stays host at later syncs too.
   */
  public TaskDefinition register(TaskDefinition td, String origin, boolean hostKept) {
    return register(td, origin, hostKept, null);
  }

  /** Registers {@code td}, created on site by {@code registeredBy} (a user or key owner). */
  public TaskDefinition registerLocal(TaskDefinition td, String registeredBy) {
    return register(td, "local", false, registeredBy);
  }

  private TaskDefinition register(TaskDefinition td, String origin, boolean hostKept,
      String registeredBy) {
    return jdbc.inTransaction(() -> {
      int next = jdbc.queryOne("select coalesce(max(revision), 0) from task_definitions where family = ?",
          rs -> rs.getInt(1), td.family()).orElse(0) + 1;
      TaskDefinition stored = td.withEffectiveNetworkMode().withRevision(next);
      jdbc.update("insert into task_definitions (family, revision, spec, registered_at, origin,"
          + " spec_hash, network_mode_defaulted, registered_by) values (?, ?, ?, ?, ?, ?, ?, ?)",
          stored.family(), next, Json.write(stored), Instant.now(), origin, SpecHash.of(stored),
          hostKept, registeredBy);
      return stored;
    });
  }

  /**
   * The spec hash the tasks of stored revision {@code td} carry. For a revision registered since
   * V11 that is {@link SpecHash#of}; for one stored before, the hash of its JSON as it was then,
   * so writing its old default network mode into it recreated no container (see V11).
   */
  public String specHash(TaskDefinition td) {
    String key = td.ref();
    String hit = hashes.get(key);
    if (hit != null) {
      return hit;
    }
    String hash = jdbc.queryOne("select spec_hash from task_definitions where family = ? and"
            + " revision = ?", rs -> rs.getString(1), td.family(), td.revision())
        .orElse(null);
    if (hash == null) {
      return SpecHash.of(td); // not stored (yet): nothing to keep stable
    }
    hashes.put(key, hash);
    return hash;
  }

  public Optional<TaskDefinition> find(String family, int revision) {
    String key = family + ":" + revision;
    TaskDefinition hit = cache.get(key);
    if (hit != null) {
      return Optional.of(hit);
    }
    Optional<TaskDefinition> td = jdbc.queryOne(
        "select spec from task_definitions where family = ? and revision = ?",
        rs -> Json.read(rs.getString(1), TaskDefinition.class), family, revision);
    td.ifPresent(t -> cache.put(key, t));
    return td;
  }

  public Optional<TaskDefinition> latest(String family) {
    return jdbc.queryOne("select max(revision) from task_definitions where family = ?",
            rs -> rs.getObject(1) == null ? null : rs.getInt(1), family)
        .flatMap(rev -> find(family, rev));
  }

  /**
   * Resolves {@code family} (its latest ACTIVE revision, as ECS does) or {@code family:revision}
   * (whatever its status); empty for a malformed ref.
   */
  public Optional<TaskDefinition> resolve(String ref) {
    int colon = ref.indexOf(':');
    if (colon < 0) {
      return latestActive(ref);
    }
    int revision;
    try {
      revision = Integer.parseInt(ref.substring(colon + 1));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
    return revision(ref.substring(0, colon), revision).map(Revision::taskDefinition);
  }

  public List<TaskDefinition> list(String familyOrNull) {
    if (familyOrNull != null) {
      return jdbc.query("select spec from task_definitions where family = ?"
          + " and status <> 'DELETED' order by revision",
          rs -> Json.read(rs.getString(1), TaskDefinition.class), familyOrNull);
    }
    return jdbc.query("select spec from task_definitions where status <> 'DELETED'"
        + " order by family, revision",
        rs -> Json.read(rs.getString(1), TaskDefinition.class));
  }

  public static final String ACTIVE = "ACTIVE";
  public static final String INACTIVE = "INACTIVE";
  public static final String DELETED = "DELETED";

  /**
   * A revision with its lifecycle: ECS's status, registeredAt, deregisteredAt and registeredBy
   * (null for a revision from the cloud or registered before the hub kept it).
   */
  public record Revision(TaskDefinition taskDefinition, String status, Instant registeredAt,
      Instant deregisteredAt, String registeredBy) {
    public boolean active() {
      return ACTIVE.equals(status);
    }
  }

  public Optional<TaskDefinition> latestActive(String family) {
    return jdbc.queryOne("select max(revision) from task_definitions where family = ?"
            + " and status = 'ACTIVE'", rs -> rs.getObject(1) == null ? null : rs.getInt(1), family)
        .flatMap(rev -> find(family, rev));
  }

  /** The revision unless it is unknown or deleted. */
  public Optional<Revision> revision(String family, int revision) {
    return jdbc.queryOne("select spec, status, registered_at, deregistered_at, registered_by"
        + " from task_definitions"
        + " where family = ? and revision = ? and status <> 'DELETED'",
        TaskDefinitionStore::revision, family, revision);
  }

  public List<Revision> revisions(String familyOrNull) {
    return jdbc.query("select spec, status, registered_at, deregistered_at, registered_by"
        + " from task_definitions"
        + " where (? is null or family = ?) and status <> 'DELETED' order by family, revision",
        TaskDefinitionStore::revision, familyOrNull, familyOrNull);
  }

  /** ECS DeregisterTaskDefinition: INACTIVE from now on (again a no-op); empty when unknown. */
  public Optional<Revision> deregister(String family, int revision, Instant now) {
    jdbc.update("update task_definitions set status = 'INACTIVE', deregistered_at = ?"
        + " where family = ? and revision = ? and status = 'ACTIVE'", now, family, revision);
    return revision(family, revision);
  }

  /**
   * What still needs the revision, in words, or null when nothing does: a service running it, a
   * task running it (service or standalone), or an existing service's deployment history (the
   * circuit breaker rolls back to those).
   */
  public String usedBy(String family, int revision) {
    List<String> services = jdbc.query("select service_name from services where task_family = ?"
        + " and task_revision = ? order by service_name", rs -> rs.getString(1), family, revision);
    if (!services.isEmpty()) {
      return "used by service " + String.join(", ", services);
    }
    List<String> tasks = jdbc.query("select task_id from tasks where task_family = ?"
        + " and task_revision = ? and desired_status = 'RUNNING' order by task_id",
        rs -> rs.getString(1), family, revision);
    if (!tasks.isEmpty()) {
      return "used by running task " + String.join(", ", tasks);
    }
    List<String> history = jdbc.query("select distinct d.service_name from deployments d"
        + " join services s on s.service_name = d.service_name where d.task_family = ?"
        + " and d.task_revision = ? order by d.service_name", rs -> rs.getString(1), family,
        revision);
    if (!history.isEmpty()) {
      return "a rollback target of service " + String.join(", ", history)
          + " (in its deployment history)";
    }
    return null;
  }

  /**
   * ECS DeleteTaskDefinitions for an INACTIVE revision; false when it is not there or not
   * INACTIVE. The row stays as a DELETED tombstone that no read returns, so the family's
   * revision numbers never come round again (a new registration takes max + 1, as in ECS).
   */
  public boolean delete(String family, int revision) {
    return jdbc.update("update task_definitions set status = 'DELETED' where family = ?"
        + " and revision = ? and status = 'INACTIVE'", family, revision) == 1;
  }

  /**
   * Whether the revision runs host mode only because it named no mode when the default was host
   * (V11 wrote it in) or kept that for a cloud definition still naming none. Such a revision was
   * never asked to run host, nor asked to change.
   */
  public boolean networkModeDefaulted(String family, int revision) {
    return jdbc.queryOne("select network_mode_defaulted from task_definitions where family = ?"
        + " and revision = ?", rs -> rs.getBoolean(1), family, revision).orElse(false);
  }

  /**
   * Notes on {@code family:revision} that the operator was told the family keeps host mode;
   * false when the family was told before, at this or an earlier revision (once a family).
   */
  public boolean markNetworkModeNoticed(String family, int revision, Instant now) {
    return jdbc.update("update task_definitions set network_mode_noticed_at = ? where family = ?"
        + " and revision = ? and not exists (select 1 from task_definitions t where t.family = ?"
        + " and t.network_mode_noticed_at is not null)", now, family, revision, family) == 1;
  }

  private static Revision revision(ResultSet rs) throws SQLException {
    return new Revision(Json.read(rs.getString("spec"), TaskDefinition.class),
        rs.getString("status"), Jdbc.instant(rs, "registered_at"),
        Jdbc.instant(rs, "deregistered_at"), rs.getString("registered_by"));
  }
}
