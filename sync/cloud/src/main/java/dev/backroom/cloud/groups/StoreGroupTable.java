package dev.backroom.cloud.groups;

import dev.backroom.jdbc.Jdbc;
import dev.backroom.sync.selector.LabelSelector;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Table store_groups. */
@ApplicationScoped
public class StoreGroupTable {
  @Inject
  @Named("cloud")
  Jdbc jdbc;

  /** A group: its name and the selector (canonical form) that picks its stores. */
  public record StoreGroup(String name, LabelSelector selector, Instant updatedAt) {}

  /** Inserts or replaces; true when the group is new. */
  public boolean put(String name, LabelSelector selector, Instant now) {
    int n = jdbc.update("UPDATE store_groups SET selector = ?, updated_ms = ? WHERE name = ?",
        selector.toString(), now.toEpochMilli(), name);
    if (n > 0) {
      return false;
    }
    jdbc.update("INSERT INTO store_groups (name, selector, updated_ms) VALUES (?, ?, ?)", name,
        selector.toString(), now.toEpochMilli());
    return true;
  }

  public Optional<StoreGroup> find(String name) {
    return jdbc.queryOne("SELECT name, selector, updated_ms FROM store_groups WHERE name = ?",
        StoreGroupTable::row, name);
  }

  /** By name. */
  public List<StoreGroup> list() {
    return jdbc.query("SELECT name, selector, updated_ms FROM store_groups ORDER BY name",
        StoreGroupTable::row);
  }

  public boolean delete(String name) {
    return jdbc.update("DELETE FROM store_groups WHERE name = ?", name) == 1;
  }

  private static StoreGroup row(ResultSet rs) throws SQLException {
    return new StoreGroup(rs.getString("name"), LabelSelector.parse(rs.getString("selector")),
        Instant.ofEpochMilli(rs.getLong("updated_ms")));
  }
}
