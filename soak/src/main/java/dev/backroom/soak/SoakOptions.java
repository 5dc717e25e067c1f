package dev.backroom.soak;

import java.nio.file.Path;
import java.util.Random;

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
public record SoakOptions(double minutes, long seed, Path out, Mode mode) {
  public enum Mode { EMBEDDED, MOSQUITTO }

  public static final String USAGE = """
      usage: backroom soak [--minutes N] [--seed S] [--out FILE] [--mode embedded|mosquitto]
        --minutes N   minutes of faults (default 10; decimals allowed, e.g. 0.5)
        --seed S      the run's seed (default: random, printed); the same seed replays the same
                      fault and workload choices
        --out FILE    the result file (default bench/results/soak.json)
        --mode M      embedded (the hub's own Mosquitto, default) or mosquitto (an external
                      secured Mosquitto the hub uses, killed and frozen like the rest)
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
        default -> throw new UsageException("unknown argument " + a);
      }
    }
    return new SoakOptions(minutes, seed, out, mode);
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
        : Double.toString(minutes)) + " --seed " + seed + " --mode " + mode.name().toLowerCase(java.util.Locale.ROOT);
  }
}
