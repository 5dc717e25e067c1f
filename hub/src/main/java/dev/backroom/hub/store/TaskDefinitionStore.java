package dev.backroom.hub.store;

import dev.backroom.config.json.Json;
import dev.backroom.config.model.TaskDefinition;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Task definition revisions. Revisions are immutable once registered, so reads are cached. */
@ApplicationScoped
public class TaskDefinitionStore {
  @Inject Jdbc jdbc;

  private final Map<String, TaskDefinition> cache = new ConcurrentHashMap<>();

  /** Registers {@code td}, created on site, as its family's next revision; returns it. */
  public TaskDefinition register(TaskDefinition td) {
    return register(td, "local");
  }

  /** Registers {@code td} as the next revision of its family, noting where it came from. */
  public TaskDefinition register(TaskDefinition td, String origin) {
    return jdbc.inTransaction(() -> {
      int next = jdbc.queryOne("select coalesce(max(revision), 0) from task_definitions where family = ?",
          rs -> rs.getInt(1), td.family()).orElse(0) + 1;
      TaskDefinition stored = td.withRevision(next);
      jdbc.update("insert into task_definitions (family, revision, spec, registered_at, origin)"
          + " values (?, ?, ?, ?, ?)", stored.family(), next, Json.write(stored), Instant.now(), origin);
      return stored;
    });
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

  /** Resolves {@code family} (latest) or {@code family:revision}; empty for a malformed ref. */
  public Optional<TaskDefinition> resolve(String ref) {
    int colon = ref.indexOf(':');
    if (colon < 0) {
      return latest(ref);
    }
    int revision;
    try {
      revision = Integer.parseInt(ref.substring(colon + 1));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
    return find(ref.substring(0, colon), revision);
  }

  public List<TaskDefinition> list(String familyOrNull) {
    if (familyOrNull != null) {
      return jdbc.query("select spec from task_definitions where family = ? order by revision",
          rs -> Json.read(rs.getString(1), TaskDefinition.class), familyOrNull);
    }
    return jdbc.query("select spec from task_definitions order by family, revision",
        rs -> Json.read(rs.getString(1), TaskDefinition.class));
  }
}
