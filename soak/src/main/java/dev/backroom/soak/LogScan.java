package dev.backroom.soak;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads the hub's, the cloud's and the agents' logs as they grow and keeps what counts as an
 * unhandled error:
 * <ul>
 *   <li>a record at level ERROR or FATAL (Quarkus: {@code 2026-12-07 07:30:00,123 ERROR [...]})
 *       or SEVERE (the agent's java.util.logging: {@code 2026-12-07T07:30:00.123 SEVERE ...});
 *   <li>{@code Exception in thread "..."}: an exception no code caught, whatever the level.
 * </ul>
 * A stack trace under a WARN or INFO record is code that caught the exception and said so; it is
 * counted ({@link #warningsWithTrace}) and its first line kept, but fails nothing. One ERROR is
 * about the machine, not the run, and is set aside ({@link #environmental}): the hub's warning that
 * it runs as root, when the soak itself runs as root. Nothing else is excused: the records a
 * frozen process or broker makes (Paho's keep-alive timeout, Quarkus failing a request its
 * HTTP/2 client reset) are warnings in the product's own logs, as the handled events they are.
 */
final class LogScan {
  private static final Pattern ERROR = Pattern.compile(
      "^\\d{4}-\\d\\d-\\d\\d[ T][\\d:.,]+\\s+(ERROR|FATAL|SEVERE)\\b");
  private static final Pattern WARN = Pattern.compile(
      "^\\d{4}-\\d\\d-\\d\\d[ T][\\d:.,]+\\s+(WARN|WARNING|INFO)\\b");
  private static final Pattern TRACE = Pattern.compile("^\\s+at \\S+\\(");

  private final Map<String, Path> logs;
  private final Map<String, Long> offsets = new HashMap<>();
  private final Map<String, String> lastRecord = new HashMap<>();
  final List<String> errors = new ArrayList<>();
  final List<String> warningsWithTrace = new ArrayList<>();
  private final Map<String, Boolean> warnTraced = new HashMap<>();
  /** ERROR records that describe how the machine runs the soak, kept apart from the errors. */
  final List<String> environmental = new ArrayList<>();
  private static final boolean ROOT = "root".equals(System.getProperty("user.name"));

  LogScan(Map<String, Path> logs) {
    this.logs = logs;
  }

  /** Reads what each log gained since the last call; returns the new errors. */
  List<Finding> scan() {
    List<Finding> found = new ArrayList<>();
    for (var e : logs.entrySet()) {
      String part = e.getKey();
      StringBuilder pending = null; // an ERROR record and the lines under it
      for (String line : newLines(part, e.getValue())) {
        boolean record = ERROR.matcher(line).find() || WARN.matcher(line).find()
            || line.startsWith("Exception in thread");
        if (pending != null && !record && pending.length() < 4_000) {
          pending.append('\n').append(line);
          continue;
        }
        if (pending != null && record) {
          found.add(errorRecord(part, pending.toString()));
          pending = null;
        }
        if (ROOT && line.contains("ERROR [dev.backroom.hub.broker.ManagedMosquitto]")
            && line.contains("The hub runs as root")) {
          environmental.add(part + ": " + cut(line));
        } else if (ERROR.matcher(line).find() || line.startsWith("Exception in thread")) {
          pending = new StringBuilder(line);
          lastRecord.put(part, null);
        } else if (WARN.matcher(line).find()) {
          lastRecord.put(part, line);
          warnTraced.put(part, false);
        } else if (TRACE.matcher(line).find() && lastRecord.get(part) != null
            && !warnTraced.getOrDefault(part, true)) {
          warningsWithTrace.add(part + ": " + cut(lastRecord.get(part)));
          warnTraced.put(part, true);
        }
      }
      if (pending != null) {
        found.add(errorRecord(part, pending.toString()));
      }
    }
    found.forEach(f -> errors.add(f.component() + ": " + f.detail()));
    return found;
  }

  private static Finding errorRecord(String part, String record) {
    return new Finding(part, "log-error", cut(record.lines().findFirst().orElse(record)));
  }

  private List<String> newLines(String part, Path log) {
    List<String> out = new ArrayList<>();
    long from = offsets.getOrDefault(part, 0L);
    try (RandomAccessFile f = new RandomAccessFile(log.toFile(), "r")) {
      if (f.length() <= from) {
        return out;
      }
      byte[] b = new byte[(int) Math.min(f.length() - from, 64L << 20)];
      f.seek(from);
      f.readFully(b);
      int end = b.length;
      while (end > 0 && b[end - 1] != '\n') {
        end--; // keep a partly written last line for the next scan
      }
      offsets.put(part, from + end);
      for (String l : new String(b, 0, end, StandardCharsets.UTF_8).split("\n")) {
        out.add(l);
      }
    } catch (IOException e) {
      // not written yet
    }
    return out;
  }

  private static String cut(String line) {
    return line.length() > 400 ? line.substring(0, 400) + "..." : line;
  }
}
