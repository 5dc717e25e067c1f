package dev.backroom.launcher;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** The JVM options of the processes the launcher starts, from BACKROOM_*_JAVA_OPTS. */
public final class JavaOptions {
  /**
   * A store hub is a small box: a bounded heap, the serial collector and the C1 compiler only
   * keep its memory and idle CPU low. At 1,000 devices and 10,000 tasks a full GC left ~53 MB
   * live, so 176 MB is over three times that; but a store of 50 devices needs a fraction of it,
   * and the serial collector keeps what it once committed. So the heap starts small and the free
   * ratios make it grow only as the live set needs and give back after a full GC: on the
   * footprint bench (bench/results/footprint.json) the hub's RSS fell from ~246 MB to ~200 MB at
   * the same load. The C1 code cache of a hub uses ~12 MB; 24 MB bounds it. The hub's Mosquitto
   * is a child process of its own (~10 MB for a store). The serial collector touches all of eden
   * between two collections, so eden is resident in full: by default the young generation is a
   * third of the heap (~12 MB of the bench's ~38 MB); a fixed 8 MB (-Xmn8m) took the hub's RSS
   * from 171 to 165 MB at the same idle CPU. A fifth (-XX:NewRatio=4) keeps most of that at a
   * store's size and still grows with the heap: at a thousand devices a fixed 8 MB would promote
   * a pass's short-lived data to the old generation and end in full collections.
   */
  public static final String HUB_DEFAULT = "-Xmx176m -Xms24m -XX:NewRatio=4 -XX:+UseSerialGC"
      + " -XX:TieredStopAtLevel=1 -XX:ReservedCodeCacheSize=24m -XX:MinHeapFreeRatio=10"
      + " -XX:MaxHeapFreeRatio=20";
  /**
   * An agent keeps one device's assignment and talks to one Docker engine: ~11 MB live after a
   * full GC with five containers, so 48 MB leaves room for image pulls and larger devices. Without
   * these options the JVM sized its heap from the device's RAM (a quarter of it) with G1, and an
   * idle agent took ~117 MB; with them ~89 MB (the footprint bench).
   */
  public static final String AGENT_DEFAULT = "-Xmx48m -Xms8m -XX:+UseSerialGC"
      + " -XX:TieredStopAtLevel=1 -XX:ReservedCodeCacheSize=12m -XX:MinHeapFreeRatio=10"
      + " -XX:MaxHeapFreeRatio=20";
  public static final String CLOUD_DEFAULT = "-Xmx512m";
  /**
   * Added to the hub's and the agent's defaults where the JVM has it (17.0.11 and later): glibc
   * keeps what the JVM freed (the compiler's and the class loading's scratch memory of the
   * start) in its heap; trimming it every 5 s took the hub from 171 to 162 MB and the agent from
   * 83.0 to 81.6 MB on the footprint bench, at the same idle CPU.
   */
  public static final String TRIM_NATIVE_HEAP = "-XX:TrimNativeHeapInterval=5000";

  private JavaOptions() {}

  public static List<String> hub(Map<String, String> env) {
    String set = env.get("BACKROOM_HUB_JAVA_OPTS");
    return split(set != null ? set : withTrim(HUB_DEFAULT));
  }

  public static List<String> cloud(Map<String, String> env) {
    return split(env.getOrDefault("BACKROOM_CLOUD_JAVA_OPTS", CLOUD_DEFAULT));
  }

  public static List<String> agent(Map<String, String> env) {
    String set = env.get("BACKROOM_AGENT_JAVA_OPTS");
    return split(set != null ? set : withTrim(AGENT_DEFAULT));
  }

  private static String withTrim(String options) {
    return Trim.KNOWN ? options + " " + TRIM_NATIVE_HEAP : options;
  }

  /**
   * Whether this JVM, the one the launcher starts the hub and the agent with, knows the trim
   * option (an unknown -XX option would stop them from starting); asked only when needed.
   */
  private static final class Trim {
    static final boolean KNOWN = knowsOption("TrimNativeHeapInterval");
  }

  static boolean knowsOption(String name) {
    try {
      java.lang.management.ManagementFactory
          .getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class).getVMOption(name);
      return true;
    } catch (IllegalArgumentException | LinkageError | NullPointerException e) {
      return false;
    }
  }

  public static List<String> bench(Map<String, String> env) {
    return split(env.getOrDefault("BACKROOM_BENCH_JAVA_OPTS", ""));
  }

  /**
   * The hub's environment additions: glibc gives threads that malloc their own arenas (up to 8
   * per core) and keeps what was freed in them; at a thousand devices that was ~10 MB of the
   * hub's RSS. Two arenas are plenty for it, unless MALLOC_ARENA_MAX says otherwise.
   */
  public static Map<String, String> hubEnvironment(Map<String, String> env) {
    return Map.of("MALLOC_ARENA_MAX", env.getOrDefault("MALLOC_ARENA_MAX", "2"));
  }

  /** The agent's environment additions: as the hub's (glibc's arenas), for the same reason. */
  public static Map<String, String> agentEnvironment(Map<String, String> env) {
    return hubEnvironment(env);
  }

  /** Split on blanks, as the shell did with an unquoted $BACKROOM_HUB_JAVA_OPTS. */
  static List<String> split(String options) {
    return Arrays.stream(options.trim().split("\\s+")).filter(s -> !s.isEmpty()).toList();
  }
}
