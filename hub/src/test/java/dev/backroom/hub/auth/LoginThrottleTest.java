package dev.backroom.hub.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class LoginThrottleTest {
  private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

  /** {@code failures} failures one second apart, then a look at {@code checkAfter} past the last. */
  record Case(String name, int free, int failures, Duration checkAfter, Duration expectedWait) {}

  static List<Case> cases() {
    return List.of(
        new Case("free failures cost nothing", 3, 3, Duration.ZERO, Duration.ZERO),
        new Case("the first paid failure locks for base", 3, 4, Duration.ZERO, Duration.ofSeconds(2)),
        new Case("each further one doubles", 3, 6, Duration.ZERO, Duration.ofSeconds(8)),
        new Case("capped at max", 3, 20, Duration.ZERO, Duration.ofSeconds(60)),
        new Case("the lockout runs out", 3, 4, Duration.ofSeconds(3), Duration.ZERO),
        new Case("partly waited", 3, 5, Duration.ofSeconds(1), Duration.ofSeconds(3)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void lockout(Case c) {
    LoginThrottle t = new LoginThrottle(Duration.ofSeconds(2), Duration.ofSeconds(60),
        Duration.ofMinutes(15));
    Instant last = T0;
    for (int i = 0; i < c.failures(); i++) {
      last = T0.plusSeconds(i);
      t.failure("u:alice", c.free(), last);
    }
    assertEquals(c.expectedWait(), t.wait("u:alice", last.plus(c.checkAfter())));
    assertEquals(Duration.ZERO, t.wait("u:bob", last), "other keys are not affected");
  }

  @org.junit.jupiter.api.Test
  void successResets_andOldFailuresAreForgotten() {
    LoginThrottle t = new LoginThrottle(Duration.ofSeconds(2), Duration.ofSeconds(60),
        Duration.ofMinutes(15));
    for (int i = 0; i < 5; i++) {
      t.failure("k", 1, T0);
    }
    t.success("k");
    assertEquals(Duration.ZERO, t.wait("k", T0));
    t.failure("k", 1, T0);
    assertEquals(Duration.ZERO, t.failure("k", 1, T0.plus(Duration.ofMinutes(16))),
        "a failure after the window starts a new count");
    assertEquals(1, LoginThrottle.seconds(Duration.ofMillis(1)));
    assertEquals(3, LoginThrottle.seconds(Duration.ofMillis(2001)));
  }
}
