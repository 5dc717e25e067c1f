package dev.backroom.hub.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backroom.hub.store.DiskReserve.Step;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.SQLException;
import java.time.Clock;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** When the reserve is released and written again, and what it leaves on a real disk. */
class DiskReserveTest {
  private static final long MIB = 1L << 20;
  private static final long SIZE = 16 * MIB;
  /** DiskSpace's clearing level for a 32 MiB mark (40 MiB) plus the reserve. */
  private static final long WRITE_AT = 40 * MIB + SIZE;

  static Stream<Arguments> steps() {
    return Stream.of(
        Arguments.of("held, plenty free", true, 100 * MIB, SIZE, Step.HOLD),
        Arguments.of("held, under the low-water mark but more free than the reserve", true,
            20 * MIB, SIZE, Step.HOLD),
        Arguments.of("held, exactly the reserve free", true, SIZE, SIZE, Step.HOLD),
        Arguments.of("held, less free than the reserve", true, SIZE - 1, SIZE, Step.RELEASE),
        Arguments.of("held, disk full", true, 0L, SIZE, Step.RELEASE),
        Arguments.of("released, free but under clearing plus reserve", false, WRITE_AT - 1, SIZE,
            Step.HOLD),
        Arguments.of("released, clearing plus reserve free", false, WRITE_AT, SIZE, Step.WRITE),
        Arguments.of("held, unreadable disk", true, DiskSpace.UNKNOWN, SIZE, Step.HOLD),
        Arguments.of("released, unreadable disk", false, DiskSpace.UNKNOWN, SIZE, Step.HOLD),
        Arguments.of("no reserve configured", false, 0L, 0L, Step.HOLD),
        Arguments.of("no reserve configured, room", false, 1000 * MIB, 0L, Step.HOLD));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("steps")
  void step(String name, boolean held, long free, long size, Step expected) {
    assertEquals(expected, DiskReserve.step(held, free, size, 40 * MIB + size), name);
  }

  @Test
  void writtenWithRoom_releasedWhenNearlyFull_writtenAgain(@TempDir Path dir) throws Exception {
    Path file = dir.resolve(DiskReserve.FILE_NAME);
    DiskReserve reserve = new DiskReserve(file, 2 * MIB, 40 * MIB);
    assertFalse(reserve.held());
    reserve.adjust(41 * MIB);
    assertFalse(Files.exists(file), "not written when writing it would leave under clearing");
    reserve.adjust(42 * MIB);
    assertTrue(reserve.held());
    assertEquals(2 * MIB, Files.size(file));
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    byte[] head = new byte[4096];
    try (var in = Files.newInputStream(file)) {
      assertEquals(head.length, in.readNBytes(head, 0, head.length));
    }
    int zeros = 0;
    for (byte b : head) {
      zeros += b == 0 ? 1 : 0;
    }
    assertTrue(zeros < 100, "random bytes, which a compressing filesystem cannot shrink: "
        + zeros + " zeros in 4096");

    reserve.adjust(2 * MIB - 1);
    assertFalse(reserve.held());
    assertFalse(Files.exists(file), "released");
    assertFalse(reserve.release("again"), "a second release has nothing to release");
    reserve.adjust(42 * MIB);
    assertTrue(Files.exists(file), "written again");
  }

  @Test
  void aFileFromBefore_isHeldOrReplaced(@TempDir Path dir) throws Exception {
    Path file = dir.resolve(DiskReserve.FILE_NAME);
    Files.write(file, new byte[(int) MIB]);
    assertTrue(new DiskReserve(file, MIB, 0).held(), "the right size: held as is");
    DiskReserve bigger = new DiskReserve(file, 2 * MIB, 0);
    assertFalse(bigger.held(), "another size: not counted as held");
    bigger.adjust(100 * MIB);
    assertEquals(2 * MIB, Files.size(file), "replaced by one of the configured size");
    new DiskReserve(file, 0, 0);
    assertFalse(Files.exists(file), "a reserve switched off deletes what an earlier one left");
  }

  @Test
  void aWriteMeetingAFullDisk_releasesTheReserve(@TempDir Path dir) {
    Path file = dir.resolve(DiskReserve.FILE_NAME);
    DiskReserve reserve = new DiskReserve(file, MIB, 0);
    reserve.adjust(100 * MIB);
    StorageHealth health = new StorageHealth(Clock.systemUTC(), DiskSpace.UNWATCHED, reserve);
    health.failed(new SQLException("The database has been closed", "90098", 90098));
    assertTrue(reserve.held(), "a storage failure that is not a full disk keeps it");
    health.failed(new SQLException("No space left on device", "HY000", 50000,
        new java.io.IOException("No space left on device")));
    assertFalse(reserve.held(), "a full disk releases it");
    assertFalse(Files.exists(file));
  }
}
