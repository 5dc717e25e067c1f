package dev.backroom.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/**
 * What every result file says of the run besides its figures: the commit, when it started and
 * ended, the machine's cores and its load average when the run started (these machines are
 * shared and noisy: a figure without the load it was measured under cannot be compared).
 */
public final class BenchStamp {
  private static Instant startedAt = Instant.now();
  private static String loadAtStart = loadAverage();

  private BenchStamp() {}

  /** Called by Main before a benchmark starts (and by the soak's). */
  public static void start() {
    startedAt = Instant.now();
    loadAtStart = loadAverage();
  }

  public static void stamp(ObjectNode out) {
    out.put("commit", BenchCommit.describe());
    out.put("started_at", startedAt.toString());
    out.put("measured_at", Instant.now().toString());
    out.put("cpus", Runtime.getRuntime().availableProcessors());
    ArrayNode load = out.putArray("load_average_at_start");
    for (String v : loadAtStart.split(" ")) {
      try {
        load.add(Double.parseDouble(v));
      } catch (NumberFormatException e) {
        load.add(v);
      }
    }
  }

  /** The 1, 5 and 15 minute load averages from /proc/loadavg, or "unknown". */
  static String loadAverage() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return f[0] + " " + f[1] + " " + f[2];
    } catch (IOException | ArrayIndexOutOfBoundsException e) {
      return "unknown";
    }
  }
}
