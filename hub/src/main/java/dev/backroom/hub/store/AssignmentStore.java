package dev.backroom.hub.store;

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

  public void save(String deviceId, long generation, String digest, Instant now) {
    jdbc.inTransaction(() -> {
      int n = jdbc.update("update device_assignments set generation = ?, digest = ?, updated_at = ?"
          + " where device_id = ?", generation, digest, now, deviceId);
      if (n == 0) {
        jdbc.update("insert into device_assignments (device_id, generation, digest, updated_at)"
            + " values (?, ?, ?, ?)", deviceId, generation, digest, now);
      }
      return null;
    });
  }
}
