package dev.backroom.soak.extra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fault itself, on a real tmpfs (the machine runs tests as root, as CI does). */
class FullDiskTest {
  @TempDir Path dir;

  @Test
  void mountsSmallFilesystem_fillsToTheLevel_healFrees_closeUnmounts() throws Exception {
    Path mnt = dir.resolve("mnt");
    FullDisk disk = FullDisk.mount(mnt, 8L << 20);
    try {
      assertTrue(disk.freeBytes() > (7L << 20) && disk.freeBytes() <= (8L << 20), "" + disk.freeBytes());
      Files.writeString(mnt.resolve("data"), "x".repeat(100_000));

      long ballast = disk.inject(512 * 1024);
      assertTrue(disk.freeBytes() <= 512 * 1024, "at most the level left: " + disk.freeBytes());
      assertTrue(disk.freeBytes() > 256 * 1024, "not more than asked: " + disk.freeBytes());
      assertTrue(ballast > (6L << 20), "" + ballast);
      assertTrue(disk.active());
      disk.inject(512 * 1024);
      assertEquals(1, disk.injected(), "a top-up while full is the same fault");

      disk.heal();
      assertFalse(disk.active());
      assertTrue(disk.freeBytes() > (7L << 20), "freed: " + disk.freeBytes());
      assertEquals(100_000, Files.size(mnt.resolve("data")), "only the ballast went");
    } finally {
      disk.close();
    }
    assertFalse(Files.exists(mnt.resolve("data")), "unmounted: the tmpfs's files are gone");
    assertThrows(IllegalStateException.class, () -> FullDisk.mount(dir, 1L << 20),
        "a non-empty directory is refused");
  }
}
