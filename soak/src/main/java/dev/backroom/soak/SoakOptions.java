package dev.backroom.soak;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * What {@code ./backroom soak} was asked for. Unknown flags and bad values are refused (the
 * caller exits 2), never ignored: a soak that silently ran with defaults would replay nothing.
 *
 * @param minutes how long faults are injected; the final convergence and checks come after
 * @param seed every random choice (faults, their timing, the workload) derives from it
 * @param out where the result JSON goes
 * @param mode {@code embedded}: the hub runs its own Mosquitto; {@code mosquitto}: an external
 *     secured Mosquitto the hub is pointed at, which is then a fault target too
 */
public record SoakOptions(double minutes, long seed, Path out, Mode mode, Set<String> faults,
    int skip) {
  public enum Mode { EMBEDDED, MOSQUITTO }

  /** Every fault kind, core and dev.backroom.soak.extra, in the scheduler's order. */
  public static final List<String> KINDS = List.of("kill-9", "sigstop", "docker-kill",
      "docker-stop", "link-cut", "link-stall", "link-slow", "clock-step", "disk-full");

  /**
   * The kinds a run injects unless {@code --faults} says otherwise: all but {@code disk-full},
   * which needs root (a tmpfs mount) and is opt-in.
   */
  public static final Set<String> DEFAULT_FAULTS = Collections.unmodifiableSet(
      new LinkedHashSet<>(KINDS.subList(0, KINDS.size() - 1)));

  public SoakOptions {
    faults = Collections.unmodifiableSet(new LinkedHashSet<>(faults));
  }

  /** The default fault kinds. */
  public SoakOptions(double minutes, long seed, Path out, Mode mode) {
    this(minutes, seed, out, mode, DEFAULT_FAULTS, 0);
  }

  public static final String USAGE = """
      usage: backroom soak [--minutes N] [--seed S] [--out FILE] [--mode embedded|mosquitto]
                           [--faults [+|-]KIND,...] [--skip N]
        --minutes N   minutes of faults (default 10; decimals allowed, e.g. 0.5)
        --seed S      the run's seed (default: random, printed); the same seed replays the same
                      fault and workload choices
        --out FILE    the result file (default bench/results/soak.json)
        --mode M      embedded (the hub's own Mosquitto, default) or mosquitto (an external
                      secured Mosquitto the hub uses, killed and frozen like the rest)
        --faults L    which fault kinds to inject: +KIND adds to the default set, -KIND removes
                      from it, a list of bare kinds replaces it. Kinds: kill-9, sigstop,
                      docker-kill, docker-stop, link-cut, link-stall, link-slow, clock-step,
                      disk-full. disk-full is not in the default set: it needs root for its
                      tmpfs. E.g. --faults +disk-full,-sigstop
        --skip N      draw the first N faults of the seed without injecting them or waiting,
                      so that fault N+1 comes at once: replays one fault of a long run
                      (with a short --minutes, only that one), the workload's timing aside
      Exit code: 0 every invariant held, 1 one failed (the seed and fault history are printed),
      2 a usage error, 3 the store did not start (no Docker engine, a start timed out).""";

  /** A refused command line; its message says which argument and why. */
  public static final class UsageException extends Exception {
    UsageException(String message) {
      super(message);
    }
  }

  /** @return null when help was asked for */
  public static SoakOptions parse(String[] args, Path defaultOut) throws UsageException {
    double minutes = 10;
    long seed = new Random().nextLong() & 0xFFFF_FFFFL;
    Path out = defaultOut;
    Mode mode = Mode.EMBEDDED;
    Set<String> faults = DEFAULT_FAULTS;
    int skip = 0;
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      switch (a) {
        case "-h", "--help" -> {
          return null;
        }
        case "--minutes" -> {
          String v = value(args, ++i, a);
          try {
            minutes = Double.parseDouble(v);
          } catch (NumberFormatException e) {
            throw new UsageException("--minutes: not a number: " + v);
          }
          if (!(minutes > 0 && minutes <= 24 * 60)) {
            throw new UsageException("--minutes: must be above 0 and at most 1440, was " + v);
          }
        }
        case "--seed" -> {
          String v = value(args, ++i, a);
          try {
            seed = Long.parseLong(v);
          } catch (NumberFormatException e) {
            throw new UsageException("--seed: not an integer: " + v);
          }
        }
        case "--out" -> out = Path.of(value(args, ++i, a));
        case "--mode" -> {
          String v = value(args, ++i, a);
          mode = switch (v) {
            case "embedded" -> Mode.EMBEDDED;
            case "mosquitto" -> Mode.MOSQUITTO;
            default -> throw new UsageException("--mode: embedded or mosquitto, was " + v);
          };
        }
        case "--faults" -> faults = faults(value(args, ++i, a));
        case "--skip" -> {
          String v = value(args, ++i, a);
          try {
            skip = Integer.parseInt(v);
          } catch (NumberFormatException e) {
            throw new UsageException("--skip: not an integer: " + v);
          }
          if (skip < 0) {
            throw new UsageException("--skip: must be 0 or more, was " + v);
          }
        }
        default -> throw new UsageException("unknown argument " + a);
      }
    }
    return new SoakOptions(minutes, seed, out, mode, faults, skip);
  }

  /** {@code +a,-b} edits the default set; {@code a,b} replaces it; mixing the two is refused. */
  static Set<String> faults(String spec) throws UsageException {
    Set<String> out = new LinkedHashSet<>();
    String[] items = spec.split(",", -1);
    boolean edits = items[0].startsWith("+") || items[0].startsWith("-");
    if (edits) {
      out.addAll(DEFAULT_FAULTS);
    }
    for (String item : items) {
      boolean edit = item.startsWith("+") || item.startsWith("-");
      if (edit != edits) {
        throw new UsageException("--faults: either +KIND/-KIND edits or a list of kinds, not both: "
            + spec);
      }
      String kind = edit ? item.substring(1) : item;
      if (!KINDS.contains(kind)) {
        throw new UsageException("--faults: unknown kind '" + kind + "' (kinds: "
            + String.join(", ", KINDS) + ")");
      }
      if (item.startsWith("-")) {
        out.remove(kind);
      } else {
        out.add(kind);
      }
    }
    if (out.isEmpty()) {
      throw new UsageException("--faults: no kind left: " + spec);
    }
    // The scheduler's order, whatever the order given: a replay picks the same kinds.
    Set<String> ordered = new LinkedHashSet<>(KINDS);
    ordered.retainAll(out);
    return ordered;
  }

  private static String value(String[] args, int i, String flag) throws UsageException {
    if (i >= args.length || args[i].startsWith("--")) {
      throw new UsageException(flag + ": needs a value");
    }
    return args[i];
  }

  /** The command that replays this run. */
  public String replay() {
    return "./backroom soak --minutes " + (minutes == Math.rint(minutes) ? Long.toString((long) minutes)
        : Double.toString(minutes)) + " --seed " + seed + " --mode " + mode.name().toLowerCase(java.util.Locale.ROOT)
        + (faults.equals(DEFAULT_FAULTS) ? "" : " --faults " + String.join(",", faults))
        + (skip == 0 ? "" : " --skip " + skip);
  }
}
