package dev.backroom.hub.core.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class TaskHealthTest {
  static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");
  static final Duration GRACE = Duration.ofSeconds(5);

  record Case(String name, String lastStatus, String health, boolean check, Instant since,
      boolean healthy) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case("no check, ran past the grace period", "RUNNING", "UNKNOWN", false, NOW.minusSeconds(6), true),
        new Case("no check, exactly the grace period", "RUNNING", "UNKNOWN", false, NOW.minusSeconds(5), true),
        new Case("no check, still within grace", "RUNNING", "UNKNOWN", false, NOW.minusSeconds(2), false),
        new Case("no check, never ran", "RUNNING", "UNKNOWN", false, null, false),
        new Case("not running is never healthy", "PENDING", "HEALTHY", true, NOW.minusSeconds(60), false),
        new Case("check says healthy at once", "RUNNING", "HEALTHY", true, NOW, true),
        new Case("check still unknown", "RUNNING", "UNKNOWN", true, NOW.minusSeconds(60), false),
        new Case("check unhealthy", "RUNNING", "UNHEALTHY", true, NOW.minusSeconds(60), false),
        new Case("no check but Docker says unhealthy", "RUNNING", "UNHEALTHY", false, NOW.minusSeconds(60), false));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void healthy(Case c) {
    assertEquals(c.healthy(), TaskHealth.healthy(c.lastStatus(), c.health(), c.check(), c.since(), GRACE, NOW));
  }
}
