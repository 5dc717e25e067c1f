package dev.backroom.hub.core.sync;

import dev.backroom.sync.wire.ReportedEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Which of the events read after the cursor may be reported now. Event ids come from an
 * auto-increment, but transactions commit in any order: event 10 may become visible after
 * event 11. Reporting 11 and moving the cursor past 10 would lose 10 for good, so a gap in the
 * ids stops the batch until the gap has lasted {@code settle} (then it is a rolled-back
 * transaction or an id jump after a restart, and is skipped). Pure; the caller keeps the watch.
 */
public final class EventGaps {
  private EventGaps() {}

  /** A gap first seen at {@code since}: the missing id right after {@code afterId}. */
  public record Watch(long afterId, Instant since) {}

  public record Take(List<ReportedEvent> events, Watch watch) {}

  public static Take take(List<ReportedEvent> read, long cursor, Watch watch, Instant now,
      Duration settle) {
    long expected = cursor + 1;
    for (int i = 0; i < read.size(); i++) {
      long id = read.get(i).eventId();
      if (id != expected) {
        long afterId = expected - 1;
        if (watch != null && watch.afterId() == afterId
            && !now.isBefore(watch.since().plus(settle))) {
          expected = id + 1; // settled: skip the hole and keep going
          watch = null;
          continue;
        }
        return new Take(read.subList(0, i), watch != null && watch.afterId() == afterId
            ? watch : new Watch(afterId, now));
      }
      expected++;
    }
    return new Take(read, null);
  }
}
