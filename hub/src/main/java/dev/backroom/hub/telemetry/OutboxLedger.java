package dev.backroom.hub.telemetry;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The outbox's counters kept in memory, so the writer never asks H2 for a total on the hot path:
 * byte and message totals, per stream the next seq, what is queued and what was dropped (and how
 * much of that an upload batch already carried). Rebuilt from H2 at startup and after a storage
 * failure. Only the writer
 * thread changes it, and only after a commit; readers (API, gauges) take snapshots.
 */
final class OutboxLedger {
  static final String OVERFLOW = "overflow";
  static final String TTL = "ttl";

  /** One stream's counters; mutable, guarded by the ledger's monitor. */
  static final class Stream {
    long nextSeq = 1;
    long queuedMessages;
    long queuedBytes;
    long droppedOverflow;
    long droppedTtl;
    long reportedOverflow;
    long reportedTtl;

    long dropped(String reason) {
      return OVERFLOW.equals(reason) ? droppedOverflow : droppedTtl;
    }

    long reported(String reason) {
      return OVERFLOW.equals(reason) ? reportedOverflow : reportedTtl;
    }
  }

  /** A read-only copy of one stream's counters. */
  record StreamView(String stream, long nextSeq, long queuedMessages, long queuedBytes,
      long droppedOverflow, long droppedTtl) {}

  private final Map<String, Stream> streams = new TreeMap<>();
  private long totalBytes;
  private long totalMessages;
  private long cutThrough;
  private long deletedThrough;

  /** Forgets everything, before a rebuild from H2 (at start, and after a storage failure). */
  synchronized void reset() {
    streams.clear();
    totalBytes = 0;
    totalMessages = 0;
    cutThrough = 0;
    deletedThrough = 0;
  }

  synchronized Stream stream(String name) {
    return streams.computeIfAbsent(name, k -> new Stream());
  }

  synchronized long totalBytes() {
    return totalBytes;
  }

  synchronized long totalMessages() {
    return totalMessages;
  }

  /** The outbox's watermark: ids at or below it belong to cut batches (see OutboxStore). */
  synchronized long cutThrough() {
    return cutThrough;
  }

  synchronized void cutThrough(long id) {
    cutThrough = Math.max(cutThrough, id);
  }

  /** Every row at or below this id is deleted (see OutboxCleanup). */
  synchronized long deletedThrough() {
    return deletedThrough;
  }

  synchronized void deletedThrough(long id) {
    deletedThrough = id;
  }

  /** Ids of cut batches whose rows may still be in H2: an upper bound on the dead rows. */
  synchronized long deadRows() {
    return Math.max(0, cutThrough - deletedThrough);
  }

  synchronized void setNextSeq(String stream, long nextSeq) {
    stream(stream).nextSeq = nextSeq;
  }

  /** Messages entered ({@code +}) or left ({@code -}) the outbox. */
  synchronized void queued(String stream, long messages, long bytes) {
    Stream s = stream(stream);
    s.queuedMessages += messages;
    s.queuedBytes += bytes;
    totalMessages += messages;
    totalBytes += bytes;
  }

  synchronized void dropped(String stream, String reason, long count) {
    Stream s = stream(stream);
    if (OVERFLOW.equals(reason)) {
      s.droppedOverflow += count;
    } else {
      s.droppedTtl += count;
    }
  }

  /** Restores persisted drop counters at startup. */
  synchronized void setDrops(String stream, String reason, long dropped, long reported) {
    Stream s = stream(stream);
    if (OVERFLOW.equals(reason)) {
      s.droppedOverflow = dropped;
      s.reportedOverflow = reported;
    } else {
      s.droppedTtl = dropped;
      s.reportedTtl = reported;
    }
  }

  /** A drop counter whose newest drops no batch has carried yet. */
  record Unreported(String stream, String reason, long dropped, long reported) {
    long count() {
      return dropped - reported;
    }
  }

  synchronized List<Unreported> unreported() {
    List<Unreported> out = new ArrayList<>();
    streams.forEach((name, s) -> {
      for (String reason : List.of(OVERFLOW, TTL)) {
        if (s.dropped(reason) > s.reported(reason)) {
          out.add(new Unreported(name, reason, s.dropped(reason), s.reported(reason)));
        }
      }
    });
    return out;
  }

  synchronized void markReported(List<Unreported> carried) {
    for (Unreported u : carried) {
      Stream s = stream(u.stream());
      if (OVERFLOW.equals(u.reason())) {
        s.reportedOverflow = Math.max(s.reportedOverflow, u.dropped());
      } else {
        s.reportedTtl = Math.max(s.reportedTtl, u.dropped());
      }
    }
  }

  synchronized List<StreamView> snapshot() {
    List<StreamView> out = new ArrayList<>(streams.size());
    streams.forEach((name, s) -> out.add(new StreamView(name, s.nextSeq, s.queuedMessages,
        s.queuedBytes, s.droppedOverflow, s.droppedTtl)));
    return out;
  }
}
