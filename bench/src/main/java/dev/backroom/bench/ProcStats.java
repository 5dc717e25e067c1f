package dev.backroom.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

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

  /**
   * CPU ticks per thread group: threads are grouped by their name with digits dropped
   * ("nioEventLoopGroup-3-1" and "-3-2" count together), so a window's delta says which kind of
   * thread spent the time. Threads that ended in between are missing; empty when the process is gone.
   */
  static Map<String, Long> threadGroupTicks(long pid) {
    Map<String, Long> out = new TreeMap<>();
    try (Stream<Path> tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
      tasks.forEach(t -> {
        try {
          String stat = Files.readString(t.resolve("stat"));
          String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
          String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
          out.merge(name.replaceAll("[0-9]+", "#"),
              Long.parseLong(f[11]) + Long.parseLong(f[12]), Long::sum);
        } catch (IOException | RuntimeException e) {
          // the thread ended while we listed: its time is simply not in this sample
        }
      });
    } catch (IOException | RuntimeException e) {
      out.clear();
    }
    return out;
  }

  /**
   * Each group's share of one core between two {@link #threadGroupTicks} samples taken
   * {@code wallS} apart, in percent, largest first; groups under 0.1 % are left out.
   */
  static Map<String, Double> shares(Map<String, Long> before, Map<String, Long> after,
      double wallS) {
    Map<String, Double> out = new LinkedHashMap<>();
    after.entrySet().stream()
        .map(e -> Map.entry(e.getKey(), e.getValue() - before.getOrDefault(e.getKey(), 0L)))
        .filter(e -> e.getValue() * 100.0 / TICKS_PER_SECOND / wallS >= 0.1)
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
        .forEach(e -> out.put(e.getKey(),
            Math.round(e.getValue() * 1000.0 / TICKS_PER_SECOND / wallS) / 10.0));
    return out;
  }

  /** The 1-minute load average from /proc/loadavg, or NaN when unreadable. */
  static double loadAverage() {
    try {
      return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
    } catch (IOException | RuntimeException e) {
      return Double.NaN;
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
