package dev.backroom.hub.telemetry;

import dev.backroom.sync.outbox.StreamPolicy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The telemetry tables (V4__telemetry.sql). Every method works inside the caller's connection and
 * transaction, because the writer commits a whole group of messages, their seqs, evictions and
 * drop counters at once. Only the writer thread calls it.
 *
 * <p>The outbox is the rows above {@code telemetry_upload.cut_through} (V9): rows at or below it
 * belong to a cut batch and are only waiting for {@link #deleteCut}.
 */
final class OutboxStore {
  private OutboxStore() {}

  /** One message as stored; ts and expiresAt in epoch milliseconds. */
  record Row(long id, String stream, long seq, long ts, int priority, long expiresAt, int bytes,
      byte[] payload) {}

  /** The batch being uploaded, as stored before its first send. */
  record Pending(long sequence, byte[] body, int messages, long lastOutboxId) {}

  /**
   * What the writer needs in memory after a restart; the ledger is filled in place.
   * {@code deletedThrough}: every row at or below it is gone (the cleanup resumes above it).
   */
  record Loaded(long maxId, long maxTs, long deletedThrough) {}

  /** Rows of the outbox proper: not yet taken by a cut batch. */
  private static final String LIVE = "id > (select cut_through from telemetry_upload where id = 1)";

  static Loaded load(Connection c, OutboxLedger ledger) throws SQLException {
    try (Statement s = c.createStatement()) {
      long cutThrough = cutThrough(c);
      ledger.cutThrough(cutThrough);
      try (ResultSet rs = s.executeQuery("select stream, count(*), sum(bytes) from telemetry_outbox"
          + " where " + LIVE + " group by stream")) {
        while (rs.next()) {
          ledger.queued(rs.getString(1), rs.getLong(2), rs.getLong(3));
        }
      }
      try (ResultSet rs = s.executeQuery("select stream, next_seq from telemetry_streams")) {
        while (rs.next()) {
          ledger.setNextSeq(rs.getString(1), rs.getLong(2));
        }
      }
      try (ResultSet rs = s.executeQuery("select stream, reason, dropped, reported"
          + " from telemetry_drops")) {
        while (rs.next()) {
          ledger.setDrops(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getLong(4));
        }
      }
      // Ids continue after the pending batch and the watermark too, so a new row never sorts
      // before (or at) a cut one: it would be taken for dead.
      try (ResultSet rs = s.executeQuery("select greatest(coalesce((select max(id) from"
          + " telemetry_outbox), 0), coalesce((select max(last_outbox_id) from telemetry_pending),"
          + " 0), " + cutThrough + "), coalesce((select max(ts_millis) from telemetry_outbox), 0),"
          + " coalesce((select min(id) from telemetry_outbox), 0)")) {
        rs.next();
        long minId = rs.getLong(3);
        return new Loaded(rs.getLong(1), rs.getLong(2),
            minId == 0 ? cutThrough : Math.min(cutThrough, minId - 1));
      }
    }
  }

  /**
   * Re-applies the configured policy to stored rows (priority and ttl may have changed since
   * they were written), so the SQL eviction order agrees with {@code OutboxPolicy}'s.
   */
  static void refreshPolicies(Connection c, StreamPolicy.Table policies) throws SQLException {
    List<String> streams = new ArrayList<>();
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("select distinct stream from telemetry_outbox")) {
      while (rs.next()) {
        streams.add(rs.getString(1));
      }
    }
    // Only rows whose policy changed are rewritten: a hub restarting with a large backlog and
    // the same configuration must not rewrite its whole outbox before it can drain it.
    try (PreparedStatement ps = c.prepareStatement("update telemetry_outbox set priority = ?,"
        + " expires_at = ts_millis + ? where stream = ? and (priority <> ? or expires_at <>"
        + " ts_millis + ?) and " + LIVE)) {
      for (String stream : streams) {
        StreamPolicy p = policies.of(stream);
        ps.setInt(1, p.priority());
        ps.setLong(2, p.ttl().toMillis());
        ps.setString(3, stream);
        ps.setInt(4, p.priority());
        ps.setLong(5, p.ttl().toMillis());
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  static void insert(Connection c, List<Row> rows) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("insert into telemetry_outbox (id, stream, seq,"
        + " ts_millis, priority, expires_at, bytes, payload) values (?, ?, ?, ?, ?, ?, ?, ?)")) {
      for (Row r : rows) {
        ps.setLong(1, r.id());
        ps.setString(2, r.stream());
        ps.setLong(3, r.seq());
        ps.setLong(4, r.ts());
        ps.setInt(5, r.priority());
        ps.setLong(6, r.expiresAt());
        ps.setInt(7, r.bytes());
        ps.setBytes(8, r.payload());
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  static void saveNextSeqs(Connection c, Map<String, Long> nextSeqs) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "merge into telemetry_streams (stream, next_seq) key (stream) values (?, ?)")) {
      for (Map.Entry<String, Long> e : nextSeqs.entrySet()) {
        ps.setString(1, e.getKey());
        ps.setLong(2, e.getValue());
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  /** Writes absolute drop counters (stream, reason, dropped, reported). */
  static void saveDrops(Connection c, Collection<OutboxLedger.Unreported> counters)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("merge into telemetry_drops (stream, reason,"
        + " dropped, reported) key (stream, reason) values (?, ?, ?, ?)")) {
      for (OutboxLedger.Unreported u : counters) {
        ps.setString(1, u.stream());
        ps.setString(2, u.reason());
        ps.setLong(3, u.dropped());
        ps.setLong(4, u.reported());
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  static void delete(Connection c, Collection<Long> ids) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("delete from telemetry_outbox where id = ?")) {
      for (long id : ids) {
        ps.setLong(1, id);
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  /**
   * The oldest rows, in id order (so each stream's seqs ascend), up to {@code maxMessages} and
   * about {@code maxBytes} of JSON; always at least one row when there is any. One pass, with H2's
   * lazy execution for this query: rows stream off the primary key as they are read, so H2 never
   * materialises more than the cut (at most one row past the byte bound), and each row is read
   * once (choosing the cut on ids and sizes first read every row of the batch twice).
   */
  static List<Row> oldest(Connection c, long cutThrough, int maxMessages, long maxBytes)
      throws SQLException {
    List<Row> out = new ArrayList<>();
    lazy(c, true);
    try (PreparedStatement ps = c.prepareStatement("select id, stream, seq, ts_millis, priority,"
        + " expires_at, bytes, payload from telemetry_outbox where id > ? order by id limit ?")) {
      ps.setLong(1, cutThrough);
      ps.setInt(2, maxMessages);
      long total = 0;
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          String stream = rs.getString(2);
          int bytes = rs.getInt(7);
          total += TelemetryBatches.estimatedJsonBytes(stream, bytes - OutboxBytes.ROW_OVERHEAD);
          if (!out.isEmpty() && total > maxBytes) {
            break;
          }
          out.add(new Row(rs.getLong(1), stream, rs.getLong(3), rs.getLong(4), rs.getInt(5),
              rs.getLong(6), bytes, rs.getBytes(8)));
        }
      }
    } finally {
      lazy(c, false); // the connection goes back to the pool
    }
    return out;
  }

  private static void lazy(Connection c, boolean on) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute("SET LAZY_QUERY_EXECUTION " + (on ? "TRUE" : "FALSE"));
    }
  }

  static Optional<Pending> pending(Connection c) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("select sequence, body, messages,"
        + " last_outbox_id from telemetry_pending order by sequence limit 1");
        ResultSet rs = ps.executeQuery()) {
      return rs.next()
          ? Optional.of(new Pending(rs.getLong(1), rs.getBytes(2), rs.getInt(3), rs.getLong(4)))
          : Optional.empty();
    }
  }

  static boolean hasPendingAfter(Connection c, long sequence) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "select 1 from telemetry_pending where sequence > ? limit 1")) {
      ps.setLong(1, sequence);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    }
  }

  static long nextSequence(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("select next_sequence from telemetry_upload where id = 1")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** The highest outbox id a cut batch has taken; rows at or below it are dead. */
  static long cutThrough(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("select cut_through from telemetry_upload where id = 1")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /**
   * Stores {@code p} as the pending batch, moves the sequence on and takes the batch's rows out
   * of the outbox (every row up to its last id, since a batch is a prefix of the outbox in id
   * order) by moving the watermark over them; {@link #deleteCut} removes them later.
   */
  static void savePending(Connection c, Pending p, Instant now) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("insert into telemetry_pending (sequence, body,"
        + " messages, last_outbox_id, created_at) values (?, ?, ?, ?, ?)")) {
      ps.setLong(1, p.sequence());
      ps.setBytes(2, p.body());
      ps.setInt(3, p.messages());
      ps.setLong(4, p.lastOutboxId());
      ps.setTimestamp(5, java.sql.Timestamp.from(now));
      ps.executeUpdate();
    }
    try (PreparedStatement ps = c.prepareStatement("update telemetry_upload set next_sequence"
        + " = ?, cut_through = greatest(cut_through, ?) where id = 1")) {
      ps.setLong(1, p.sequence() + 1);
      ps.setLong(2, p.lastOutboxId());
      ps.executeUpdate();
    }
  }

  /** Deletes the dead rows with ids in ({@code after}, {@code through}]; returns how many. */
  static int deleteCut(Connection c, long after, long through) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "delete from telemetry_outbox where id > ? and id <= ?")) {
      ps.setLong(1, after);
      ps.setLong(2, through);
      return ps.executeUpdate();
    }
  }

  static void deletePending(Connection c, long sequence) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "delete from telemetry_pending where sequence = ?")) {
      ps.setLong(1, sequence);
      ps.executeUpdate();
    }
  }

  /**
   * Makes everything committed so far durable. H2's MVStore otherwise writes committed
   * transactions from a background thread up to a few hundred milliseconds later: measured here,
   * a halt right after commit() lost the last commits. CHECKPOINT SYNC writes them and fsyncs.
   */
  static void checkpoint(Connection c) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute("CHECKPOINT SYNC");
    }
  }
}
