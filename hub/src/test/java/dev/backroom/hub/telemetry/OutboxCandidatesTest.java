package dev.backroom.hub.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.backroom.sync.outbox.OutboxEntry;
import dev.backroom.sync.outbox.StreamPolicy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The stream-by-stream candidate queries pick exactly the rows the plain SQL orders would
 * ({@code order by priority, id}; {@code expires_at <= now order by id}), on real H2 with the
 * hub's migrations, over random outboxes: streams sharing a priority, ttls, limits.
 */
class OutboxCandidatesTest {
  private static final StreamPolicy.Table POLICIES = new StreamPolicy.Table(Map.of(
      "a", new StreamPolicy(0, Duration.ofSeconds(50)),
      "b", new StreamPolicy(0, Duration.ofSeconds(500)),
      "c", new StreamPolicy(3, Duration.ofSeconds(20)),
      "d", new StreamPolicy(3, Duration.ofSeconds(5000))), new StreamPolicy(1, Duration.ofSeconds(90)));
  private static final String[] STREAMS = {"a", "b", "c", "d", "e"};

  static Stream<Long> seeds() {
    return new Random(8L).longs(12).boxed();
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void candidates_areTheRowsThePlainSqlOrdersPick(long seed) throws Exception {
    Random r = new Random(seed);
    JdbcDataSource ds = new JdbcDataSource();
    ds.setURL("jdbc:h2:mem:candidates-" + seed + ";DB_CLOSE_DELAY=-1");
    Flyway.configure().dataSource(ds).locations("classpath:db/migration").load().migrate();
    try (Connection c = ds.getConnection()) {
      long ts = 1_000_000;
      List<OutboxStore.Row> rows = new ArrayList<>();
      Map<String, Long> next = new HashMap<>();
      int n = 1 + r.nextInt(3000);
      for (int id = 1; id <= n; id++) {
        // Skewed: some streams are rare, so a priority's merge runs out of one stream early.
        String s = STREAMS[Math.min(r.nextInt(7), 4)];
        ts += r.nextInt(200); // the writer's clock: ascending with id
        StreamPolicy p = POLICIES.of(s);
        long seq = next.merge(s, 1L, Long::sum);
        rows.add(new OutboxStore.Row(id, s, seq, ts, p.priority(), ts + p.ttl().toMillis(), 70,
            new byte[] {1}));
      }
      OutboxStore.insert(c, rows);
      next.replaceAll((s, v) -> v + 1);
      OutboxStore.saveNextSeqs(c, next);
      for (int k = 0; k < 5; k++) {
        int limit = 1 + r.nextInt(k == 0 ? 5 : 5000);
        long now = 1_000_000 + r.nextInt((int) (ts - 1_000_000 + 6_000_000));
        // Rows at or below the watermark belong to cut batches: never candidates.
        long cut = k < 2 ? 0 : r.nextInt(n + 1);
        assertEquals(ids(c, "select id from telemetry_outbox where id > " + cut
            + " order by priority, id limit " + limit),
            OutboxCandidates.evictionCandidates(c, POLICIES, limit, cut).stream()
                .map(OutboxEntry::id).toList(), "eviction, limit " + limit + ", cut " + cut);
        assertEquals(ids(c, "select id from telemetry_outbox where expires_at <= " + now
            + " and id > " + cut + " order by id limit " + limit),
            OutboxCandidates.expired(c, now, limit, cut).stream().map(OutboxEntry::id).toList(),
            "expired at " + now + ", limit " + limit + ", cut " + cut);
      }
    }
  }

  private static List<Long> ids(Connection c, String sql) throws SQLException {
    List<Long> out = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        out.add(rs.getLong(1));
      }
    }
    return out;
  }
}
