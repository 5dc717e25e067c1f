package dev.backroom.cloud.telemetry;

import dev.backroom.cloud.db.Jdbc;
import dev.backroom.sync.wire.DropCount;
import dev.backroom.sync.wire.TelemetryMessage;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Telemetry rows keyed by (store, stream, seq). Besides the batch sequence, each stream keeps its
 * last stored seq, so a message can never be stored twice even if a hub re-batched it.
 */
@ApplicationScoped
public class TelemetryStore {
  @Inject
  @Named("cloud")
  Jdbc jdbc;

  /** One stored message as the query API returns it. */
  public record StoredMessage(long seq, Instant ts, String payload, String payloadBase64) {}

  /**
   * Stores an accepted batch; the caller holds the store row lock.
   *
   * @return messages stored per stream (those at or below a stream's last seq are skipped)
   */
  public Map<String, Integer> store(String storeId, List<TelemetryMessage> messages,
      List<DropCount> dropped) {
    Map<String, List<TelemetryMessage>> byStream = new LinkedHashMap<>();
    for (TelemetryMessage m : messages) {
      byStream.computeIfAbsent(m.stream(), k -> new ArrayList<>()).add(m);
    }
    Map<String, Integer> stored = new TreeMap<>();
    List<Object[]> rows = new ArrayList<>();
    for (var e : byStream.entrySet()) {
      String stream = e.getKey();
      Long last = jdbc.queryOne("SELECT last_seq FROM telemetry_streams WHERE store_id = ? AND"
          + " stream = ?", rs -> rs.getLong(1), storeId, stream).orElse(null);
      long high = last == null ? 0 : last;
      int n = 0;
      for (TelemetryMessage m : e.getValue()) {
        if (m.seq() > high) {
          rows.add(new Object[] {storeId, stream, m.seq(),
              m.ts() == null ? null : m.ts().toEpochMilli(), m.payload(), m.payloadBase64()});
          high = m.seq();
          n++;
        }
      }
      if (last == null) {
        jdbc.update("INSERT INTO telemetry_streams (store_id, stream, last_seq) VALUES (?, ?, ?)",
            storeId, stream, high);
      } else if (high > last) {
        jdbc.update("UPDATE telemetry_streams SET last_seq = ? WHERE store_id = ? AND stream = ?",
            high, storeId, stream);
      }
      stored.put(stream, n);
    }
    jdbc.batch("INSERT INTO telemetry_messages (store_id, stream, seq, ts_ms, payload,"
        + " payload_base64) VALUES (?, ?, ?, ?, ?, ?)", rows);
    for (DropCount d : dropped) {
      int n = jdbc.update("UPDATE telemetry_drops SET dropped = dropped + ? WHERE store_id = ?"
          + " AND stream = ? AND reason = ?", d.count(), storeId, d.stream(), d.reason());
      if (n == 0) {
        jdbc.update("INSERT INTO telemetry_drops (store_id, stream, reason, dropped)"
            + " VALUES (?, ?, ?, ?)", storeId, d.stream(), d.reason(), d.count());
      }
    }
    return stored;
  }

  /** Messages with seq greater than {@code after}, ascending, at most {@code limit}. */
  public List<StoredMessage> read(String storeId, String stream, long after, int limit) {
    return jdbc.query("SELECT seq, ts_ms, payload, payload_base64 FROM telemetry_messages"
        + " WHERE store_id = ? AND stream = ? AND seq > ? ORDER BY seq LIMIT ?",
        rs -> {
          Long ts = Jdbc.longOrNull(rs, "ts_ms");
          return new StoredMessage(rs.getLong("seq"), ts == null ? null : Instant.ofEpochMilli(ts),
              rs.getString("payload"), rs.getString("payload_base64"));
        }, storeId, stream, after, limit);
  }

  /** Total drops the hub reported for the stream, by reason. */
  public Map<String, Long> dropped(String storeId, String stream) {
    Map<String, Long> out = new TreeMap<>();
    jdbc.query("SELECT reason, dropped FROM telemetry_drops WHERE store_id = ? AND stream = ?",
        rs -> out.put(rs.getString(1), rs.getLong(2)), storeId, stream);
    return out;
  }
}
