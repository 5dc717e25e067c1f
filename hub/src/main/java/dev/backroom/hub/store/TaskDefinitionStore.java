package dev.backroom.hub.store;

import dev.backroom.config.json.Json;
import dev.backroom.config.json.SpecHash;
import dev.backroom.config.model.TaskDefinition;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
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
    return jdbc.inTransaction(() -> {
      int next = jdbc.queryOne("select coalesce(max(revision), 0) from task_definitions where family = ?",
          rs -> rs.getInt(1), td.family()).orElse(0) + 1;
      TaskDefinition stored = withDefaults(td).withRevision(next);
      jdbc.update("insert into task_definitions (family, revision, spec, registered_at, origin,"
          + " spec_hash) values (?, ?, ?, ?, ?, ?)", stored.family(), next, Json.write(stored),
          Instant.now(), origin, SpecHash.of(stored));
      return stored;
    });
  }

  /** {@code td} as it is stored: with its network mode written out. */
  public static TaskDefinition withDefaults(TaskDefinition td) {
    return td.networkMode() != null ? td : td.withNetworkMode(td.effectiveNetworkMode());
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
