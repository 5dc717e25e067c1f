package dev.backroom.hub.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backroom.hub.core.sync.CloudState;
import dev.backroom.retry.Retries;
import dev.backroom.sync.client.SyncClient;
import dev.backroom.sync.wire.BatchReceipt;
import dev.backroom.sync.wire.DesiredChanges;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The downstream loop against a scripted link: order of acks, polls, applies and backoff. */
class DownstreamLoopTest {
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);

  /** answer: the cloud's revision, or -1 for unreachable, -401 for a refused credential. */
  record Case(String name, long appliedAtStart, long answer, List<String> expectedCalls,
      boolean expectTrigger, boolean expectBackoffAtCap) {}

  static Stream<Case> cases() {
    return Stream.of(
        new Case("fresh hub polls from 0 and acks what it applied", 0, 3,
            List.of("poll 0", "ack 3"), true, false),
        new Case("restart after apply-before-ack re-acks first", 5, 5,
            List.of("ack 5", "poll 5"), false, false),
        new Case("nothing newer: no apply, no trigger", 0, 0, List.of("poll 0"), false, false),
        new Case("unreachable cloud backs off", 0, -1, List.of("poll 0"), false, false),
        new Case("refused credential backs off at the cap", 0, -401, List.of("poll 0"), false, true));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void step(Case c) {
    List<String> calls = new ArrayList<>();
    AtomicLong applied = new AtomicLong(c.appliedAtStart());
    AtomicInteger triggers = new AtomicInteger();
    CloudLink link = new CloudLink() {
      @Override
      public DesiredChanges pollDesired(long since, Duration wait) throws CloudFailure {
        calls.add("poll " + since);
        if (c.answer() < 0) {
          throw new CloudFailure(c.answer() == -401 ? 401 : 0, "scripted", null);
        }
        return new DesiredChanges("s1", c.answer(), since == 0, List.of());
      }

      @Override
      public void ack(long revision) {
        calls.add("ack " + revision);
      }

      @Override
      public BatchReceipt sendReports(byte[] body) {
        throw new AssertionError("downstream never sends reports");
      }
    };
    SyncStatus status = new SyncStatus();
    Retries backoff = SyncClient.RETRY.retries(new Random(3));
    DownstreamLoop loop = new DownstreamLoop(() -> Optional.of(link), status, CLOCK, backoff,
        applied::get, (answer, now) -> {
          boolean newer = CloudState.changesAnything(answer, applied.get());
          if (newer) {
            applied.set(answer.revision());
          }
          return new DesiredApplier.Result(newer, applied.get(), 0, 0);
        }, triggers::incrementAndGet, Duration.ofSeconds(30), () -> "s1");
    Duration wait = loop.runOnce();
    assertEquals(c.expectedCalls(), calls, c.name());
    assertEquals(c.expectTrigger() ? 1 : 0, triggers.get(), c.name());
    if (c.answer() < 0) {
      assertTrue(status.view().lastError().startsWith("downstream"), c.name());
      assertTrue(c.expectBackoffAtCap() ? wait.equals(Duration.ofSeconds(30))
          : wait.compareTo(Duration.ofMillis(500)) <= 0, c.name() + ": " + wait);
    } else {
      assertEquals(Duration.ZERO, wait, c.name());
    }
  }
}
