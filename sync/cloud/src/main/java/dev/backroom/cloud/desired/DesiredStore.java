package dev.backroom.cloud.desired;

import com.fasterxml.jackson.databind.JsonNode;
import dev.backroom.jdbc.Jdbc;
import dev.backroom.sync.desired.ChangeRow;
import dev.backroom.sync.desired.DesiredObject;
import dev.backroom.sync.desired.ObjectKey;
import dev.backroom.sync.selector.LabelSelector;
import dev.backroom.sync.wire.ChangeOp;
import dev.backroom.sync.wire.DesiredChange;
import dev.backroom.sync.wire.DesiredKind;
import dev.backroom.sync.wire.SyncJson;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Tables desired_objects (what operators put), store_objects (effective) and store_changes. */
@ApplicationScoped
public class DesiredStore {
  @Inject
  @Named("cloud")
  Jdbc jdbc;

  // --- desired_objects

  /** Inserts or replaces the object identified by (kind, name, canonical selector). */
  public void put(DesiredObject o) {
    String selector = o.selector().toString();
    int n = jdbc.update("UPDATE desired_objects SET spec = ?, spec_hash = ?, updated_ms = ?,"
        + " redeploys = ? WHERE kind = ? AND name = ? AND selector = ?", json(o.spec()),
        o.specHash(), o.updatedAt().toEpochMilli(), o.redeploys(), o.kind().name(), o.name(),
        selector);
    if (n == 0) {
      jdbc.update("INSERT INTO desired_objects (kind, name, selector, spec, spec_hash, updated_ms,"
          + " redeploys) VALUES (?, ?, ?, ?, ?, ?, ?)", o.kind().name(), o.name(), selector,
          json(o.spec()), o.specHash(), o.updatedAt().toEpochMilli(), o.redeploys());
    }
  }

  /** The forced-redeploy count of the object, empty when there is no such object. */
  public Optional<Integer> redeploys(DesiredKind kind, String name, LabelSelector selector) {
    return jdbc.queryOne("SELECT redeploys FROM desired_objects WHERE kind = ? AND name = ?"
        + " AND selector = ?", rs -> rs.getInt(1), kind.name(), name, selector.toString());
  }

  public boolean delete(DesiredKind kind, String name, LabelSelector selector) {
    return jdbc.update("DELETE FROM desired_objects WHERE kind = ? AND name = ? AND selector = ?",
        kind.name(), name, selector.toString()) > 0;
  }

  public List<DesiredObject> all() {
    return jdbc.query("SELECT " + OBJECT_COLUMNS + " FROM desired_objects"
        + " ORDER BY kind, name, selector", DesiredStore::object);
  }

  /** The objects of one kind put with exactly {@code selector}, by name. */
  public List<DesiredObject> withSelector(DesiredKind kind, LabelSelector selector) {
    return jdbc.query("SELECT " + OBJECT_COLUMNS + " FROM desired_objects"
        + " WHERE kind = ? AND selector = ? ORDER BY name", DesiredStore::object, kind.name(),
        selector.toString());
  }

  private static final String OBJECT_COLUMNS =
      "kind, name, selector, spec, spec_hash, updated_ms, redeploys";

  private static DesiredObject object(ResultSet rs) throws SQLException {
    return new DesiredObject(DesiredKind.valueOf(rs.getString("kind")), rs.getString("name"),
        LabelSelector.parse(rs.getString("selector")), tree(rs.getString("spec")),
        rs.getString("spec_hash"), Instant.ofEpochMilli(rs.getLong("updated_ms")),
        rs.getInt("redeploys"));
  }

  // --- store_objects

  /** Spec hash per object of the store's materialised effective state. */
  public Map<ObjectKey, String> effectiveHashes(String storeId) {
    Map<ObjectKey, String> out = new TreeMap<>();
    jdbc.query("SELECT kind, name, spec_hash FROM store_objects WHERE store_id = ?", rs -> {
      out.put(key(rs), rs.getString("spec_hash"));
      return null;
    }, storeId);
    return out;
  }

  /** The store's effective state, ordered by kind then name. */
  public List<EffectiveObject> effective(String storeId) {
    return jdbc.query("SELECT kind, name, spec, spec_hash, redeploys FROM store_objects"
        + " WHERE store_id = ? ORDER BY kind, name", rs -> new EffectiveObject(
            DesiredKind.valueOf(rs.getString("kind")), rs.getString("name"),
            rs.getString("spec_hash"), tree(rs.getString("spec")), rs.getInt("redeploys")),
        storeId);
  }

  /** Applies {@code changes} to store_objects and logs them at {@code revision}. */
  public void apply(String storeId, long revision, List<DesiredChange> changes,
      Map<ObjectKey, DesiredObject> next) {
    List<Object[]> log = new ArrayList<>();
    for (DesiredChange c : changes) {
      jdbc.update("DELETE FROM store_objects WHERE store_id = ? AND kind = ? AND name = ?",
          storeId, c.kind().name(), c.name());
      String spec = null;
      int redeploys = 0;
      if (c.op() == ChangeOp.UPSERT) {
        DesiredObject o = next.get(new ObjectKey(c.kind(), c.name()));
        spec = json(o.spec());
        redeploys = o.redeploys();
        jdbc.update("INSERT INTO store_objects (store_id, kind, name, spec, spec_hash, redeploys)"
            + " VALUES (?, ?, ?, ?, ?, ?)", storeId, c.kind().name(), c.name(), spec,
            o.specHash(), redeploys);
      }
      log.add(new Object[] {storeId, revision, c.kind().name(), c.name(), c.op().name(), spec,
          redeploys});
    }
    jdbc.batch("INSERT INTO store_changes (store_id, revision, kind, name, op, spec, redeploys)"
        + " VALUES (?, ?, ?, ?, ?, ?, ?)", log);
  }

  /** Change rows with {@code since < revision <= upTo}, ascending. */
  public List<ChangeRow> changes(String storeId, long since, long upTo) {
    return jdbc.query("SELECT revision, kind, name, op, spec, redeploys FROM store_changes"
        + " WHERE store_id = ? AND revision > ? AND revision <= ? ORDER BY revision, kind, name",
        rs -> new ChangeRow(rs.getLong("revision"), DesiredKind.valueOf(rs.getString("kind")),
            rs.getString("name"), ChangeOp.valueOf(rs.getString("op")),
            rs.getString("spec") == null ? null : tree(rs.getString("spec")),
            rs.getInt("redeploys") == 0 ? null : rs.getInt("redeploys")),
        storeId, since, upTo);
  }

  /** Drops change rows at or below {@code floor}; callers then record the new floor. */
  public void pruneChanges(String storeId, long floor) {
    jdbc.update("DELETE FROM store_changes WHERE store_id = ? AND revision <= ?", storeId, floor);
  }

  /** A member of a store's effective state as the operator API shows it. */
  public record EffectiveObject(DesiredKind kind, String name, String specHash, JsonNode spec,
      int redeploys) {}

  private static ObjectKey key(ResultSet rs) throws SQLException {
    return new ObjectKey(DesiredKind.valueOf(rs.getString("kind")), rs.getString("name"));
  }

  static String json(JsonNode node) {
    return new String(SyncJson.write(node), StandardCharsets.UTF_8);
  }

  static JsonNode tree(String json) {
    try {
      return SyncJson.mapper().readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException("stored spec is not JSON", e);
    }
  }
}
