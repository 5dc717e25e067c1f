package dev.backroom.hub.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The low-water mark and its hysteresis, over sequences of free space readings. */
class DiskSpaceTest {
  private static final long MIB = 1L << 20;

  static Stream<Arguments> readings() {
    return Stream.of(
        Arguments.of("plenty of room", 32 * MIB, List.of(100 * MIB, 50 * MIB),
            List.of(false, false)),
        Arguments.of("at the mark is not under it", 32 * MIB, List.of(32 * MIB),
            List.of(false)),
        Arguments.of("under, then back by less than a quarter, then clear", 32 * MIB,
            List.of(31 * MIB, 39 * MIB, 40 * MIB, 39 * MIB),
            List.of(true, true, false, false)),
        Arguments.of("a small mark clears at least 1 MiB above it", 2 * MIB,
            List.of(MIB, 2 * MIB + MIB / 2, 3 * MIB), List.of(true, true, false)),
        Arguments.of("an unreadable disk keeps the last state", 32 * MIB,
            List.of(MIB, DiskSpace.UNKNOWN, 100 * MIB, DiskSpace.UNKNOWN),
            List.of(true, true, false, false)),
        Arguments.of("a mark of zero is never low", 0L, List.of(0L, 5L), List.of(false, false)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("readings")
  void lowFollowsTheMarkWithHysteresis(String name, long lowWater, List<Long> free,
      List<Boolean> expected) {
    AtomicLong reading = new AtomicLong();
    DiskSpace disk = new DiskSpace(reading::get, lowWater);
    List<Boolean> seen = new ArrayList<>();
    for (long f : free) {
      reading.set(f);
      seen.add(disk.low());
      assertEquals(seen.get(seen.size() - 1), disk.low(), "the same reading, the same answer");
      assertEquals(f, disk.lastFree());
    }
    assertEquals(expected, seen, name);
  }

  @Test
  void aRealDirectory_readsItsFilesystem(@TempDir Path dir) {
    DiskSpace roomy = DiskSpace.of(dir, 1);
    assertEquals(false, roomy.low());
    DiskSpace impossible = DiskSpace.of(dir, Long.MAX_VALUE);
    assertEquals(true, impossible.low(), "no disk has Long.MAX_VALUE bytes free");
    assertEquals(true, impossible.lastFree() > 0);
    assertEquals(false, DiskSpace.of(dir.resolve("missing/below"), Long.MAX_VALUE).low(),
        "a path whose filesystem cannot be read is taken for one with room");
  }
}
