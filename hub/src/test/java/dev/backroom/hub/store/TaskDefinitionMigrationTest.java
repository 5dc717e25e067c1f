package dev.backroom.hub.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backroom.config.json.Json;
import dev.backroom.config.json.SpecHash;
import dev.backroom.config.model.TaskDefinition;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

/**
 * V11 on real H2 with the hub's migrations: revisions stored without networkMode (which ran in
 * host mode) come back as host, marked as defaulted and keeping the spec hash their tasks carry;
 * revisions that named their mode are untouched and unmarked.
 */
class TaskDefinitionMigrationTest {

  @Test
  void revisionsWithoutNetworkMode_becomeHost_marked_withTheirOldHash() throws Exception {
    JdbcDataSource ds = new JdbcDataSource();
    ds.setURL("jdbc:h2:mem:td-migration;DB_CLOSE_DELAY=-1");
    Flyway.configure().dataSource(ds).locations("classpath:db/migration").target("10").load()
        .migrate();
    Map<String, String> before = new LinkedHashMap<>();
    before.put("legacy", """
        {"family":"legacy","revision":1,"containerDefinitions":[{"name":"m","image":"busybox","memory":32,"command":["sh","-c","echo \\"networkMode\\": none"]}]}""");
    before.put("hostly", """
        {"family":"hostly","revision":1,"containerDefinitions":[{"name":"m","image":"busybox","memory":32}],"networkMode":"host"}""");
    before.put("quiet", """
        {"family":"quiet","revision":1,"containerDefinitions":[{"name":"m","image":"busybox","memory":32}],"networkMode":"none"}""");
    try (Connection c = ds.getConnection()) {
      for (Map.Entry<String, String> e : before.entrySet()) {
        try (PreparedStatement ps = c.prepareStatement("insert into task_definitions"
            + " (family, revision, spec, registered_at, origin) values (?, 1, ?, ?, 'local')")) {
          ps.setString(1, e.getKey());
          ps.setString(2, e.getValue());
          ps.setTimestamp(3, Timestamp.from(Instant.now()));
          ps.executeUpdate();
        }
      }
    }

    Flyway.configure().dataSource(ds).locations("classpath:db/migration").load().migrate();

    try (Connection c = ds.getConnection()) {
      for (Map.Entry<String, String> e : before.entrySet()) {
        TaskDefinition old = Json.read(e.getValue(), TaskDefinition.class);
        try (PreparedStatement ps = c.prepareStatement(
            "select spec, spec_hash, network_mode_defaulted, network_mode_noticed_at"
            + " from task_definitions where family = ?")) {
          ps.setString(1, e.getKey());
          try (ResultSet rs = ps.executeQuery()) {
            assertTrue(rs.next(), e.getKey());
            TaskDefinition now = Json.read(rs.getString(1), TaskDefinition.class);
            String want = old.networkMode() == null ? "host" : old.networkMode();
            assertEquals(want, now.networkMode(), e.getKey());
            assertEquals(old.withNetworkMode(want), now, e.getKey() + ": nothing else changed");
            assertEquals(SpecHash.of(old), rs.getString(2), e.getKey() + ": hash as before");
            assertEquals(old.networkMode() == null, rs.getBoolean(3), e.getKey() + ": marked"
                + " only where host was written in, so the sync keeps that family host");
            assertEquals(null, rs.getTimestamp(4), e.getKey() + ": nobody told yet");
            if (old.networkMode() == null) {
              assertNotEquals(SpecHash.of(now), rs.getString(2), "the stored hash is what keeps"
                  + " the legacy revision's containers");
            } else {
              assertEquals(e.getValue(), rs.getString(1), e.getKey() + ": JSON untouched");
            }
          }
        }
      }
    }
  }
}
