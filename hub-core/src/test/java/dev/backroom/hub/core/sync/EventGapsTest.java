package dev.backroom.hub.core.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.backroom.sync.wire.ReportedEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class EventGapsTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final Duration SETTLE = Duration.ofSeconds(3);

  record Case(String name, long cursor, List<Long> ids, EventGaps.Watch watch, long secondsLater,
      List<Long> expected, Long expectedWatchAfter) {}

  static Stream<Case> cases() {
    return Stream.of(
        new Case("contiguous all taken", 4, List.of(5L, 6L, 7L), null, 0, List.of(5L, 6L, 7L), null),
        new Case("gap stops the batch and starts a watch", 4, List.of(5L, 7L), null, 0, List.of(5L), 5L),
        new Case("gap at the start takes nothing", 4, List.of(6L), null, 0, List.of(), 4L),
        new Case("young gap keeps waiting", 4, List.of(5L, 7L), new EventGaps.Watch(5, T0), 1,
            List.of(5L), 5L),
        new Case("settled gap is skipped", 4, List.of(5L, 7L, 8L), new EventGaps.Watch(5, T0), 3,
            List.of(5L, 7L, 8L), null),
        new Case("watch on another gap restarts", 4, List.of(5L, 7L), new EventGaps.Watch(2, T0), 9,
            List.of(5L), 5L),
        new Case("nothing read", 4, List.of(), null, 0, List.of(), null));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void take(Case c) {
    Instant now = T0.plusSeconds(c.secondsLater());
    EventGaps.Take t = EventGaps.take(c.ids().stream().map(EventGapsTest::event).toList(), c.cursor(),
        c.watch(), now, SETTLE);
    assertEquals(c.expected(), t.events().stream().map(ReportedEvent::eventId).toList(), c.name());
    assertEquals(c.expectedWatchAfter(), t.watch() == null ? null : t.watch().afterId(), c.name());
  }

  private static ReportedEvent event(long id) {
    return new ReportedEvent(id, T0, "k", "a", "local", null, null, null, null, null, "m");
  }
}
