package dev.backroom.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where the hub spent its CPU in each phase, from the JFR execution samples of a profiled run
 * ({@code --profile}): samples per thread, per leaf method (self time) and per Backroom method
 * anywhere on the stack (inclusive time). Only threads running Java code are sampled, so idle
 * waits do not show.
 */
final class JfrHotMethods {
  record Window(String name, Instant from, Instant to) {}

  /** Aggregates for one window. */
  static final class Profile {
    int samples;
    final Map<String, Integer> threads = new HashMap<>();
    final Map<String, Integer> leaves = new HashMap<>();
    final Map<String, Integer> backroom = new HashMap<>();
    final Map<String, Integer> callers = new HashMap<>();
  }

  private JfrHotMethods() {}

  static Map<String, Profile> read(Path file, List<Window> windows) throws IOException {
    Map<String, Profile> out = new LinkedHashMap<>();
    windows.forEach(w -> out.put(w.name(), new Profile()));
    try (RecordingFile rf = new RecordingFile(file)) {
      while (rf.hasMoreEvents()) {
        RecordedEvent e = rf.readEvent();
        if (!e.getEventType().getName().equals("jdk.ExecutionSample")) {
          continue;
        }
        Instant t = e.getStartTime();
        for (Window w : windows) {
          if (!t.isBefore(w.from()) && t.isBefore(w.to())) {
            add(out.get(w.name()), e);
          }
        }
      }
    }
    return out;
  }

  private static void add(Profile p, RecordedEvent e) {
    p.samples++;
    String thread = e.getThread("sampledThread") == null ? "?"
        : String.valueOf(e.getThread("sampledThread").getJavaName())
            .replaceAll("(?<=[-#])\\d+|\\d+$", "N");
    p.threads.merge(thread, 1, Integer::sum);
    RecordedStackTrace st = e.getStackTrace();
    if (st == null || st.getFrames().isEmpty()) {
      return;
    }
    List<RecordedFrame> frames = st.getFrames();
    p.leaves.merge(name(frames.get(0)), 1, Integer::sum);
    Set<String> seen = new LinkedHashSet<>();
    String caller = null;
    for (RecordedFrame f : frames) {
      String n = name(f);
      // Lambdas, CDI client proxies and the executor wrapper only repeat their caller's share.
      if (n.startsWith("dev.backroom.") && !n.contains("$$Lambda") && !n.contains(".lambda$")
          && !n.contains("_ClientProxy") && !n.contains("CoreExecutor") && seen.add(n)) {
        p.backroom.merge(n, 1, Integer::sum);
        if (caller == null) {
          caller = n;
        }
      }
    }
    // The leaf together with the nearest Backroom method above it: who asked for the work.
    p.callers.merge(name(frames.get(0)) + "  <-  " + (caller == null ? "(no Backroom frame)" : caller),
        1, Integer::sum);
  }

  private static String name(RecordedFrame f) {
    return f.getMethod().getType().getName() + "." + f.getMethod().getName();
  }

  /** The {@code top} entries of a histogram as "share% name" lines. */
  static List<String> top(Map<String, Integer> histogram, int samples, int top) {
    return histogram.entrySet().stream()
        .sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(top)
        .map(en -> String.format("%5.1f%% %s", 100.0 * en.getValue() / Math.max(1, samples), en.getKey()))
        .toList();
  }
}
