package dev.backroom.hub.core.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Random;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The grace period of a task without a health check, judged as the control loop does: one pass
 * a second, the task's running-since stored on the hub's wall clock, which is stepped.
 */
class RunningTimesTest {
  static final Instant T0 = Instant.parse("2026-12-07T12:08:00Z");
  static final Duration GRACE = Duration.ofSeconds(5);
  static final Duration PASS = Duration.ofSeconds(1);

  /**
   * The wall clock is {@code offsetAtStart} off while the task starts (and the report stores
   * its running-since), {@code offsetAfter} off from {@code stepAfterMs} on (monotonic time
   * after the start).
   */
  record Case(String name, Duration offsetAtStart, Duration offsetAfter, long stepAfterMs) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> steps() {
    return Stream.of(
        new Case("no step", Duration.ZERO, Duration.ZERO, 2_500),
        // The soak's seed 20261208: a task of plain started while the hub read 7 min ahead; its
        // grace on the wall clock ran until 7 min after the clock was set right.
        new Case("started 7 min ahead, set right", Duration.ofMinutes(7), Duration.ZERO, 2_500),
        new Case("started 10 min behind, set right", Duration.ofMinutes(-10), Duration.ZERO, 2_500),
        new Case("stepped 7 min forward while running", Duration.ZERO, Duration.ofMinutes(7), 2_500),
        new Case("stepped 1 min back while running", Duration.ZERO, Duration.ofMinutes(-1), 2_500),
        new Case("stepped forward in the grace's last pass", Duration.ZERO, Duration.ofMinutes(3),
            4_500));
  }

  /** Healthy exactly from the first pass at or past the grace on the monotonic clock. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("steps")
  void theGrace_isTheMonotonicTimeTheTaskRan(Case c) {
    RunningTimes times = new RunningTimes();
    Instant started = T0.plusMillis(300);
    Instant wallSince = started.plus(c.offsetAtStart());
    // Passes on the second (the task first seen 700 ms after it started), for a minute.
    for (long ms = 1_000; ms <= 60_000; ms += PASS.toMillis()) {
      Instant mono = T0.plusMillis(ms);
      long ran = ms - 300;
      Duration offset = ran < c.stepAfterMs() ? c.offsetAtStart() : c.offsetAfter();
      Instant since = times.pass(Map.of("t1", wallSince), mono.plus(offset), mono).get("t1");
      assertEquals(ran >= GRACE.toMillis(), healthy(since, mono),
          c + ": healthy after " + ran + " ms of running");
    }
  }

  /**
   * Any step, at any moment, even between the report that stored the running-since and the
   * first pass that sees it: the task is never healthy a pass interval before its grace, and
   * always a pass interval after it.
   */
  @ParameterizedTest
  @MethodSource("seeds")
  void anyStep_movesTheGraceByAtMostOnePass(long seed) {
    Random r = new Random(seed);
    RunningTimes times = new RunningTimes();
    Duration before = Duration.ofSeconds(r.nextInt(1_201) - 600);
    Duration after = Duration.ofSeconds(r.nextInt(1_201) - 600);
    long startMs = 10_000 + r.nextInt(1_000);
    long stepMs = startMs - 1_000 + r.nextInt(10_000);
    Instant wallSince = T0.plusMillis(startMs).plus(startMs < stepMs ? before : after);
    for (long ms = 0; ms <= 30_000; ms += PASS.toMillis()) {
      Instant mono = T0.plusMillis(ms);
      Instant wall = mono.plus(ms < stepMs ? before : after);
      Map<String, Instant> stored = ms < startMs ? Map.of() : Map.of("t1", wallSince);
      Instant since = times.pass(stored, wall, mono).get("t1");
      long ran = ms - startMs;
      if (ran < 0) {
        continue;
      }
      String what = "seed " + seed + ": step " + before + " to " + after + " at " + stepMs
          + " ms, task started at " + startMs + " ms; pass at " + ms + " ms";
      if (healthy(since, mono)) {
        assertTrue(ran >= GRACE.minus(PASS).toMillis(), what + ": healthy too early");
      }
      if (ran >= GRACE.plus(PASS).toMillis()) {
        assertTrue(healthy(since, mono), what + ": not healthy yet");
      }
    }
  }

  static LongStream seeds() {
    return LongStream.range(0, 200);
  }

  /** A restart or a new running spell stores a new running-since: the grace starts again. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("steps")
  void aNewRunningSince_startsTheGraceAgain(Case c) {
    RunningTimes times = new RunningTimes();
    Instant wallSince = T0.plus(c.offsetAtStart());
    times.pass(Map.of("t1", wallSince), T0.plus(c.offsetAtStart()), T0);
    Instant mono = T0.plusSeconds(30);
    Instant wall = mono.plus(c.offsetAfter());
    assertTrue(healthy(times.pass(Map.of("t1", wallSince), wall, mono).get("t1"), mono), c + "");
    Instant restarted = T0.plusSeconds(31);
    Instant since = times.pass(Map.of("t1", restarted.plus(c.offsetAfter())),
        restarted.plus(c.offsetAfter()).plusMillis(200), restarted.plusMillis(200)).get("t1");
    assertEquals(restarted, since, c + ": the restart is the new start");
    times.pass(Map.of(), wall, mono.plusSeconds(2));
    Instant back = T0.plusSeconds(40);
    assertEquals(back, times.pass(Map.of("t1", back.plus(c.offsetAfter())),
        back.plus(c.offsetAfter()), back).get("t1"), c + ": a forgotten task is seen afresh");
  }

  private static boolean healthy(Instant monoSince, Instant monoNow) {
    return TaskHealth.healthy("RUNNING", "UNKNOWN", false, monoSince, GRACE, monoNow);
  }
}
