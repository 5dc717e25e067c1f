package dev.backroom.hub.telemetry;

import dev.backroom.sync.outbox.OutboxEntry;
import dev.backroom.sync.outbox.StreamPolicy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.TreeMap;

/**
 * Finds eviction and expiry candidates through the outbox's one secondary index, (stream, id)
 * (V8): a stream's rows in id order are in ts order (the writer's clock is monotonic) and share
 * the stream's priority and ttl, so its expired rows are a prefix of it, and the lowest priority's
 * oldest rows are the merge of its streams' first rows. Both queries say {@code order by stream,
 * id} with the stream fixed, so H2 reads the index in order and stops at the limit. Both start
 * above the cut watermark: rows at or below it belong to a cut batch (see OutboxStore).
 */
final class OutboxCandidates {
  private static final int FIRST_PAGE = 64;

  private OutboxCandidates() {}

  /** Every stream that ever had a message; the writer records it in the insert's transaction. */
  static List<String> streams(Connection c) throws SQLException {
    List<String> out = new ArrayList<>();
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("select stream from telemetry_streams order by stream")) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
    }
    return out;
  }

  /**
   * The {@code limit} oldest rows expired at {@code nowMillis}, in id order: each stream's expired
   * prefix (at most {@code limit} of it), merged.
   */
  static List<OutboxEntry> expired(Connection c, long nowMillis, int limit, long cutThrough)
      throws SQLException {
    List<OutboxEntry> out = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement("select id, ts_millis, bytes, expires_at from"
        + " telemetry_outbox where stream = ? and id > ? order by stream, id limit ?")) {
      for (String stream : streams(c)) {
        long after = cutThrough;
        int page = FIRST_PAGE; // most sweeps find nothing: read a little of each stream first
        int taken = 0;
        boolean more = true;
        while (more && taken < limit) {
          int want = Math.min(page, limit - taken);
          ps.setString(1, stream);
          ps.setLong(2, after);
          ps.setInt(3, want);
          int read = 0;
          try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              read++;
              if (rs.getLong(4) > nowMillis) {
                more = false; // the first live row ends the stream's expired prefix
                break;
              }
              after = rs.getLong(1);
              taken++;
              out.add(new OutboxEntry(after, stream, Instant.ofEpochMilli(rs.getLong(2)),
                  rs.getInt(3)));
            }
          }
          more &= read == want;
          page = Math.min(page * 4, 4096);
        }
      }
    }
    out.sort(Comparator.comparingLong(OutboxEntry::id));
    return out.size() > limit ? new ArrayList<>(out.subList(0, limit)) : out;
  }

  /**
   * The first {@code limit} rows in eviction order, lowest priority first and oldest first within
   * it: the same rows as {@code order by priority, id}, since a row's priority is its stream's.
   * The streams of one priority are merged by id, each read page by page, so about {@code limit}
   * rows are read however many streams share the priority.
   */
  static List<OutboxEntry> evictionCandidates(Connection c, StreamPolicy.Table policies, int limit,
      long cutThrough) throws SQLException {
    TreeMap<Integer, List<String>> byPriority = new TreeMap<>();
    for (String s : streams(c)) {
      byPriority.computeIfAbsent(policies.of(s).priority(), p -> new ArrayList<>()).add(s);
    }
    List<OutboxEntry> out = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement("select id, ts_millis, bytes from"
        + " telemetry_outbox where stream = ? and id > ? order by stream, id limit ?")) {
      for (List<String> level : byPriority.values()) {
        PriorityQueue<Cursor> heads = new PriorityQueue<>(
            Comparator.comparingLong((Cursor k) -> k.page.peekFirst().id()));
        for (String stream : level) {
          Cursor k = new Cursor(stream, cutThrough);
          if (k.fill(ps, limit - out.size())) {
            heads.add(k);
          }
        }
        while (out.size() < limit && !heads.isEmpty()) {
          Cursor k = heads.poll();
          out.add(k.page.pollFirst());
          if (!k.page.isEmpty() || k.fill(ps, limit - out.size())) {
            heads.add(k);
          }
        }
        if (out.size() >= limit) {
          break;
        }
      }
    }
    return out;
  }

  /** One stream's rows in id order, read a page at a time. */
  private static final class Cursor {
    final String stream;
    final ArrayDeque<OutboxEntry> page = new ArrayDeque<>();
    long after;
    int size = FIRST_PAGE;
    boolean exhausted;

    Cursor(String stream, long cutThrough) {
      this.stream = stream;
      this.after = cutThrough;
    }

    /** Reads the next page (at most {@code max} rows); false when the stream has no more. */
    boolean fill(PreparedStatement ps, int max) throws SQLException {
      if (exhausted || max <= 0) {
        return false;
      }
      int want = Math.min(size, max);
      size = Math.min(size * 4, 4096);
      ps.setString(1, stream);
      ps.setLong(2, after);
      ps.setInt(3, want);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          after = rs.getLong(1);
          page.add(new OutboxEntry(after, stream, Instant.ofEpochMilli(rs.getLong(2)),
              rs.getInt(3)));
        }
      }
      exhausted = page.size() < want;
      return !page.isEmpty();
    }
  }
}
