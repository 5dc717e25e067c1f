package dev.backroom.hub.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.backroom.jdbc.StorageFailure;
import java.io.IOException;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** When the storage counts as failing: table-driven over event histories on a stepped clock. */
class StorageHealthTest {
  static final SQLException CLOSED = new SQLException("The database has been closed", "90098",
      90098);
  static final SQLException FULL = new SQLException("General error: MVStoreException: Writing"
      + " failed", "HY000", 50000, new IOException("No space left on device"));
  static final SQLException DUPLICATE = new SQLException("dup", "23505", 23505);

  /** An event at a second: a failure (its exception), or a durable write (null). */
  record Event(long second, Exception failure) {
    static Event failed(long second, Exception e) {
      return new Event(second, e);
    }

    static Event wrote(long second) {
      return new Event(second, null);
    }
  }

  record Case(String name, List<Event> history, long askedAt, Optional<StorageFailure> expected) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> cases() {
    long window = StorageHealth.WINDOW.toSeconds();
    return Stream.of(
        new Case("nothing happened", List.of(), 0, Optional.empty()),
        new Case("disk full just now", List.of(Event.failed(0, FULL)), 1,
            Optional.of(StorageFailure.FULL)),
        new Case("database closed just now", List.of(Event.failed(0, CLOSED)), 1,
            Optional.of(StorageFailure.UNAVAILABLE)),
        new Case("the newest failure counts", List.of(Event.failed(0, CLOSED),
            Event.failed(1, FULL)), 2, Optional.of(StorageFailure.FULL)),
        new Case("not a storage failure", List.of(Event.failed(0, DUPLICATE)), 1,
            Optional.empty()),
        new Case("a durable write after it ends it", List.of(Event.failed(0, FULL),
            Event.wrote(1)), 2, Optional.empty()),
        new Case("a write before it does not", List.of(Event.wrote(0), Event.failed(1, FULL)), 2,
            Optional.of(StorageFailure.FULL)),
        new Case("a failure again after the write", List.of(Event.failed(0, FULL),
            Event.wrote(1), Event.failed(2, FULL)), 3, Optional.of(StorageFailure.FULL)),
        new Case("still within the window", List.of(Event.failed(0, FULL)), window - 1,
            Optional.of(StorageFailure.FULL)),
        new Case("the window passed with no new failure", List.of(Event.failed(0, FULL)),
            window, Optional.empty()));
  }

  @ParameterizedTest
  @MethodSource("cases")
  void failing(Case c) {
    Instant start = Instant.parse("2026-12-07T12:00:00Z");
    Instant[] now = {start};
    Clock clock = new Clock() {
      @Override
      public Instant instant() {
        return now[0];
      }

      @Override
      public java.time.ZoneId getZone() {
        return ZoneOffset.UTC;
      }

      @Override
      public Clock withZone(java.time.ZoneId zone) {
        return this;
      }
    };
    StorageHealth health = new StorageHealth(clock);
    for (Event e : c.history()) {
      now[0] = start.plus(Duration.ofSeconds(e.second()));
      if (e.failure() == null) {
        health.wrote();
      } else {
        health.failed(e.failure());
      }
    }
    now[0] = start.plus(Duration.ofSeconds(c.askedAt()));
    assertEquals(c.expected(), health.state().failure(), c.name());
  }
}
