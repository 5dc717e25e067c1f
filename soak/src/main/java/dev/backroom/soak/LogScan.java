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
 * it runs as root, when the soak itself runs as root.
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

  /**
   * An ERROR record a fault of the run explains: a known line of a known part, seen only after
   * that fault. Such a record is listed as attributed (with the fault), never silently dropped.
   *
   * @param part the log's part ({@code hub}), or {@code *} for any part
   * @param signature every string must be in the record's first lines
   * @param fault the {@code kind target} that must have happened since the last scan; {@code
   *     sigstop *} means a freeze of the log's own process
   */
  record Known(String part, List<String> signature, String fault, String why) {
    /** @return the fault that explains the record, or null */
    String explains(String p, String record, List<String> faultsSince) {
      if (!(part.equals("*") || p.equals(part)) || !signature.stream().allMatch(record::contains)) {
        return null;
      }
      String f = fault.replace("*", p);
      return faultsSince.contains(f) ? f : null;
    }
  }

  /**
   * Records a process frozen by SIGSTOP for many seconds, or whose broker was frozen, writes on
   * thawing, each handled by the code that logs it. Kept here, explained, rather than fixed in
   * the product: (a) is a Quarkus bug, (b) and (c) are Paho logging its own handled keep-alive
   * timeout at SEVERE (the client reconnects).
   */
  static final List<Known> KNOWN = List.of(
      new Known("hub", List.of("QuarkusErrorHandler", "Request has already been read"),
          "sigstop hub", "an HTTP/2 client (the soak's prober) cancelled a request while the hub"
              + " was frozen; Quarkus then fails the half-read request (quarkusio/quarkus#34393)"),
      new Known("*", List.of("ClientState", "Timed out as no"), "sigstop *",
          "the process's own MQTT client's keep-alive expired while it was frozen (Paho logs its"
              + " handled timeout at SEVERE); the client reconnects"),
      new Known("*", List.of("ClientState", "Timed out as no"), "sigstop mosquitto",
          "the broker did not answer while it was frozen (Paho logs its handled keep-alive"
              + " timeout at SEVERE); the client reconnects"));

  /** ERROR records explained by a fault: {@code part: line -- fault: why}. */
  final List<String> attributed = new ArrayList<>();

  /**
   * Reads what each log gained since the last call; returns the new unexplained errors.
   *
   * @param faultsSince {@code kind target} of each fault since the last scan, for {@link #KNOWN}
   */
  List<Finding> scan(List<String> faultsSince) {
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
          judge(part, pending.toString(), faultsSince, found);
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
        judge(part, pending.toString(), faultsSince, found);
      }
    }
    found.forEach(f -> errors.add(f.component() + ": " + f.detail()));
    return found;
  }

  private void judge(String part, String record, List<String> faultsSince, List<Finding> found) {
    String first = record.lines().findFirst().orElse(record);
    for (Known k : KNOWN) {
      String fault = k.explains(part, record, faultsSince);
      if (fault != null) {
        attributed.add(part + ": " + cut(first) + " -- attributed to " + fault + ": " + k.why());
        return;
      }
    }
    found.add(new Finding(part, "log-error", cut(first)));
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
