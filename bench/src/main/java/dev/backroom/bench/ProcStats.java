package dev.backroom.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Resident memory and CPU time of a process, read from Linux's /proc. CPU time is in clock
 * ticks of {@link #TICKS_PER_SECOND} (USER_HZ, 100 on every Linux we run on).
 */
final class ProcStats {
  static final int TICKS_PER_SECOND = 100;

  private ProcStats() {}

  /** VmRSS in KiB, or -1 when the process is gone. */
  static long rssKb(long pid) {
    return statusField(pid, "VmRSS:");
  }

  /** VmHWM, the peak resident set since the process started, in KiB; -1 when gone. */
  static long peakRssKb(long pid) {
    return statusField(pid, "VmHWM:");
  }

  /** utime + stime in clock ticks, or -1 when the process is gone. */
  static long cpuTicks(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
      // Fields after the command name, which sits in parentheses and may contain spaces.
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return Long.parseLong(f[11]) + Long.parseLong(f[12]); // fields 14 and 15 of proc(5)
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  private static long statusField(long pid, String name) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
        if (line.startsWith(name)) {
          return Long.parseLong(line.substring(name.length()).trim().split("\\s+")[0]);
        }
      }
      return -1;
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }
}
