package dev.backroom.launcher;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** The JVM options of the processes the launcher starts, from BACKROOM_*_JAVA_OPTS. */
public final class JavaOptions {
  /**
   * A store hub is a small box: a bounded heap, the serial collector and the C1 compiler only
   * keep its memory and idle CPU low (bench/results/scale.json is measured with these). At 1,000
   * devices and 10,000 tasks a full GC left ~53 MB live while the broker still ran inside the
   * hub's heap, so 176 MB is over three times that; the serial collector gives memory back only
   * after a full GC, so RSS settles near the whole heap plus ~130 MB, and 256 MB sat at the
   * 400 MB bound. The hub's Mosquitto is a child process of its own (~20 MB at a thousand
   * devices): 176 MB keeps hub plus broker below what the hub alone used with 192 MB and the
   * broker inside.
   */
  public static final String HUB_DEFAULT = "-Xmx176m -XX:+UseSerialGC -XX:TieredStopAtLevel=1";
  public static final String CLOUD_DEFAULT = "-Xmx512m";

  private JavaOptions() {}

  public static List<String> hub(Map<String, String> env) {
    return split(env.getOrDefault("BACKROOM_HUB_JAVA_OPTS", HUB_DEFAULT));
  }

  public static List<String> cloud(Map<String, String> env) {
    return split(env.getOrDefault("BACKROOM_CLOUD_JAVA_OPTS", CLOUD_DEFAULT));
  }

  public static List<String> agent(Map<String, String> env) {
    return split(env.getOrDefault("BACKROOM_AGENT_JAVA_OPTS", ""));
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

  /** Split on blanks, as the shell did with an unquoted $BACKROOM_HUB_JAVA_OPTS. */
  static List<String> split(String options) {
    return Arrays.stream(options.trim().split("\\s+")).filter(s -> !s.isEmpty()).toList();
  }
}
