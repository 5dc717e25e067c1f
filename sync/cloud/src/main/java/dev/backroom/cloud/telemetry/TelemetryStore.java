package dev.backroom.cloud.telemetry;

import dev.backroom.jdbc.Jdbc;
import dev.backroom.sync.wire.DropCount;
import dev.backroom.sync.wire.TelemetryMessage;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.backroom.sync.batch.Gzip;
import dev.backroom.sync.batch.TelemetryBatchReader;
import dev.backroom.sync.wire.IsoInstants;
import dev.backroom.sync.wire.SyncJson;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Telemetry kept as the accepted batches' bodies, as they came (gzip), indexed by one segment row
 * per stream per batch with the seq range stored (V3__telemetry_batches.sql; segments written
 * before it hold their messages as a JSON array instead, and are still read). Besides the batch
 * sequence, each stream keeps its last stored seq, so a message can never be stored twice even if
 * a hub re-batched it: a segment's range starts above it, and reads keep only that range.
 */
@ApplicationScoped
public class TelemetryStore {
  private static final int SEGMENTS_PER_READ = 16;

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
  public Map<String, Integer> store(String storeId, long sequence, byte[] body, boolean gzip,
      List<TelemetryMessage> messages, List<DropCount> dropped) {
    Map<String, List<TelemetryMessage>> byStream = new LinkedHashMap<>();
    for (TelemetryMessage m : messages) {
      byStream.computeIfAbsent(m.stream(), k -> new ArrayList<>()).add(m);
    }
    Map<String, Integer> stored = new TreeMap<>();
    List<Object[]> segments = new ArrayList<>();
    // Every stream's last seq in one query and their new values in one batch each: a statement
    // per stream was most of a batch's round trips, and each waits on the database.
    Map<String, Long> lasts = lastSeqs(storeId, byStream.keySet());
    List<Object[]> newStreams = new ArrayList<>();
    List<Object[]> movedStreams = new ArrayList<>();
    for (var e : byStream.entrySet()) {
      String stream = e.getKey();
      Long last = lasts.get(stream);
      long high = last == null ? 0 : last;
      long first = 0;
      int kept = 0;
      for (TelemetryMessage m : e.getValue()) {
        if (m.seq() > high) {
          first = kept == 0 ? m.seq() : first;
          kept++;
          high = m.seq();
        }
      }
      if (kept > 0) {
        segments.add(new Object[] {storeId, stream, first, high, kept, sequence});
      }
      if (last == null) {
        newStreams.add(new Object[] {storeId, stream, high});
      } else if (high > last) {
        movedStreams.add(new Object[] {high, storeId, stream});
      }
      stored.put(stream, kept);
    }
    jdbc.batch("INSERT INTO telemetry_streams (store_id, stream, last_seq) VALUES (?, ?, ?)",
        newStreams);
    jdbc.batch("UPDATE telemetry_streams SET last_seq = ? WHERE store_id = ? AND stream = ?",
        movedStreams);
    if (!segments.isEmpty()) {
      jdbc.update("INSERT INTO telemetry_batches (store_id, sequence, gzip, body) VALUES (?, ?, ?,"
          + " ?)", storeId, sequence, gzip, body);
    }
    jdbc.batch("INSERT INTO telemetry_segments (store_id, stream, first_seq, last_seq,"
        + " message_count, batch_sequence) VALUES (?, ?, ?, ?, ?, ?)", segments);
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

  /** The last stored seq of each of {@code streams} that has one. */
  private Map<String, Long> lastSeqs(String storeId, java.util.Set<String> streams) {
    Map<String, Long> out = new java.util.HashMap<>();
    List<String> names = new ArrayList<>(streams);
    // In chunks, so a batch of many streams stays within any driver's bind-parameter limit.
    for (int from = 0; from < names.size(); from += 500) {
      List<String> chunk = names.subList(from, Math.min(names.size(), from + 500));
      Object[] params = new Object[chunk.size() + 1];
      params[0] = storeId;
      for (int i = 0; i < chunk.size(); i++) {
        params[i + 1] = chunk.get(i);
      }
      jdbc.query("SELECT stream, last_seq FROM telemetry_streams WHERE store_id = ? AND stream IN ("
          + String.join(", ", java.util.Collections.nCopies(chunk.size(), "?")) + ")",
          rs -> out.put(rs.getString(1), rs.getLong(2)), params);
    }
    return out;
  }

  /**
   * A segment's body as segments were stored before V3: the messages as a JSON array of
   * {@link StoredMessage} (tests write such segments to check they are still read).
   */
  static String segment(List<TelemetryMessage> messages) {
    StringWriter out = new StringWriter(messages.size() * 256);
    try (JsonGenerator g = SyncJson.mapper().getFactory().createGenerator(out)) {
      g.writeStartArray();
      for (TelemetryMessage m : messages) {
        g.writeStartObject();
        g.writeNumberField("seq", m.seq());
        g.writeStringField("ts", IsoInstants.format(m.ts()));
        if (m.payload() != null) {
          g.writeStringField("payload", m.payload());
        }
        if (m.payloadBase64() != null) {
          g.writeStringField("payloadBase64", m.payloadBase64());
        }
        g.writeEndObject();
      }
      g.writeEndArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a StringWriter does not fail
    }
    return out.toString();
  }

  /** Messages with seq greater than {@code after}, ascending, at most {@code limit}. */
  public List<StoredMessage> read(String storeId, String stream, long after, int limit) {
    List<StoredMessage> out = new ArrayList<>();
    long cursor = after;
    while (out.size() < limit) {
      List<Segment> segments = jdbc.query("SELECT first_seq, last_seq, body, batch_sequence FROM"
          + " telemetry_segments WHERE store_id = ? AND stream = ? AND last_seq > ? ORDER BY"
          + " last_seq LIMIT " + SEGMENTS_PER_READ, rs -> new Segment(rs.getLong(1),
              rs.getLong(2), rs.getString(3), Jdbc.longOrNull(rs, "batch_sequence")),
          storeId, stream, cursor);
      for (Segment seg : segments) {
        for (StoredMessage m : messages(storeId, stream, seg)) {
          if (m.seq() > after && out.size() < limit) {
            out.add(m);
          }
          cursor = Math.max(cursor, m.seq());
        }
        cursor = Math.max(cursor, seg.lastSeq());
      }
      if (segments.size() < SEGMENTS_PER_READ) {
        break;
      }
    }
    return out;
  }

  private record Segment(long firstSeq, long lastSeq, String json, Long batchSequence) {}

  /** A segment's messages in seq order: its JSON copy, or its range of the stored batch. */
  private List<StoredMessage> messages(String storeId, String stream, Segment seg) {
    if (seg.batchSequence() == null) {
      return List.of(SyncJson.read(seg.json().getBytes(StandardCharsets.UTF_8),
          StoredMessage[].class));
    }
    record Body(boolean gzip, byte[] bytes) {}
    Body b = jdbc.queryOne("SELECT gzip, body FROM telemetry_batches WHERE store_id = ? AND"
        + " sequence = ?", rs -> new Body(rs.getBoolean(1), rs.getBytes(2)), storeId,
        seg.batchSequence()).orElseThrow(() -> new IllegalStateException("telemetry segment of "
            + storeId + "/" + stream + " names batch " + seg.batchSequence() + ", which is missing"));
    byte[] json = b.gzip() ? Gzip.decompress(b.bytes(), Integer.MAX_VALUE - 8) : b.bytes();
    List<StoredMessage> out = new ArrayList<>();
    for (TelemetryMessage m : TelemetryBatchReader.read(json).messages()) {
      if (m.stream().equals(stream) && m.seq() >= seg.firstSeq() && m.seq() <= seg.lastSeq()) {
        out.add(new StoredMessage(m.seq(), m.ts(), m.payload(), m.payloadBase64()));
      }
    }
    return out;
  }

  /** Total drops the hub reported for the stream, by reason. */
  public Map<String, Long> dropped(String storeId, String stream) {
    Map<String, Long> out = new TreeMap<>();
    jdbc.query("SELECT reason, dropped FROM telemetry_drops WHERE store_id = ? AND stream = ?",
        rs -> out.put(rs.getString(1), rs.getLong(2)), storeId, stream);
    return out;
  }
}
