package dev.backroom.hub.store;

import dev.backroom.jdbc.Jdbc;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Collectors;

/** The last published assignment generation and content digest per device. */
@ApplicationScoped
public class AssignmentStore {
  @Inject Jdbc jdbc;

  public record Published(long generation, String digest) {}

  public Map<String, Published> all() {
    return jdbc.query("select device_id, generation, digest from device_assignments",
            rs -> Map.entry(rs.getString(1), new Published(rs.getLong(2), rs.getString(3))))
        .stream().collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
  }

  /** Stores new generations for several devices in one transaction (one disk write). */
  public void saveAll(Map<String, Published> byDevice, Instant now) {
    if (byDevice.isEmpty()) {
      return;
    }
    jdbc.inTransaction(() -> {
      for (Map.Entry<String, Published> e : byDevice.entrySet()) {
        Published p = e.getValue();
        int n = jdbc.update("update device_assignments set generation = ?, digest = ?,"
            + " updated_at = ? where device_id = ?", p.generation(), p.digest(), now, e.getKey());
        if (n == 0) {
          jdbc.update("insert into device_assignments (device_id, generation, digest, updated_at)"
              + " values (?, ?, ?, ?)", e.getKey(), p.generation(), p.digest(), now);
        }
      }
      return null;
    });
  }
}
