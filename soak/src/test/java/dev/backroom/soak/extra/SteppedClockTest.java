package dev.backroom.soak.extra;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backroom.harness.Repo;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A JVM run with {@link SteppedClock#environment()} sees its wall clock (currentTimeMillis and
 * Instant.now) step forward and back by 10 minutes at runtime, while nanoTime keeps growing
 * evenly and timed waits last as long as asked: what the hub will see, proven without the hub.
 */
class SteppedClockTest {
  @TempDir Path dir;

  /** One line of ClockPrinter: wall clock minus ours when read, Instant.now minus it, nanoTime. */
  record Sample(long offsetMillis, long instantMinusMillis, long nanos, long waitedNanos) {}

  @Test
  void jvmWallClockSteps_forwardAndBack_monotonicUntouched() throws Exception {
    SteppedClock clock = SteppedClock.create(dir.resolve("faketime"));
    assertEquals("+0\n", Files.readString(dir.resolve("faketime")));
    ProcessBuilder pb = new ProcessBuilder(Repo.java(), "-Xmx32m", "-cp",
        System.getProperty("java.class.path"), ClockPrinter.class.getName(), "30");
    pb.environment().putAll(clock.environment());
    pb.redirectErrorStream(true);
    Process p = pb.start();
    List<Sample> samples = new CopyOnWriteArrayList<>();
    Thread reader = new Thread(() -> read(p, samples));
    reader.start();
    try {
      await().atMost(Duration.ofSeconds(20)).until(() -> samples.size() >= 3);
      assertTrue(Math.abs(last(samples).offsetMillis()) < 2_000, "starts at real time: " + last(samples));

      clock.step(Duration.ofMinutes(10));
      assertEquals("+600\n", Files.readString(dir.resolve("faketime")));
      await().atMost(Duration.ofSeconds(5)).until(() -> near(last(samples).offsetMillis(), 600_000));

      clock.step(Duration.ofMinutes(-20));
      assertEquals("-600\n", Files.readString(dir.resolve("faketime")));
      await().atMost(Duration.ofSeconds(5)).until(() -> near(last(samples).offsetMillis(), -600_000));
      assertEquals(Duration.ofMinutes(-10), clock.offset());
      assertEquals(2, clock.steps());

      clock.heal();
      await().atMost(Duration.ofSeconds(5)).until(() -> near(last(samples).offsetMillis(), 0));
    } finally {
      p.destroy();
      reader.join(5_000);
    }
    long lastNanos = Long.MIN_VALUE;
    for (Sample s : samples) {
      assertTrue(Math.abs(s.instantMinusMillis()) < 50, "Instant.now moves with currentTimeMillis: " + s);
      assertTrue(s.nanos() > lastNanos, "nanoTime never goes back: " + samples);
      // The first sample has waited nothing yet; libfaketime's monotonic fix would make every
      // wait return at once (see SteppedClock#environment).
      assertTrue(lastNanos == Long.MIN_VALUE || s.waitedNanos() >= 190_000_000L,
          "a 200 ms Object.wait lasts 200 ms: " + s);
      lastNanos = s.nanos();
    }
  }

  static boolean near(long offset, long want) {
    return Math.abs(offset - want) < 2_000;
  }

  static Sample last(List<Sample> s) {
    return s.get(s.size() - 1);
  }

  static void read(Process p, List<Sample> out) {
    try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(),
        StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        String[] f = line.split(" ");
        if (f.length != 4 || !f[0].matches("\\d+")) {
          throw new AssertionError("not a ClockPrinter line: " + line);
        }
        long wall = Long.parseLong(f[0]);
        out.add(new Sample(wall - System.currentTimeMillis(), Long.parseLong(f[1]) - wall,
            Long.parseLong(f[2]), Long.parseLong(f[3])));
      }
    } catch (IOException e) {
      // the process ended
    }
  }
}
