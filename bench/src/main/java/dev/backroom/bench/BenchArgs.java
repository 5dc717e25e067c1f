package dev.backroom.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A benchmark's command line, checked against the options it declares: an option it does not
 * know, one without its value, or a single-valued one given twice is refused with the usage,
 * never ignored (a figure measured with a flag silently dropped would be from another
 * configuration than the one asked for).
 */
final class BenchArgs {
  /** A refused command line; {@link Main} prints its message and exits 2. */
  static final class UsageException extends IllegalArgumentException {
    UsageException(String message) {
      super(message);
    }
  }

  private final Map<String, List<String>> values = new LinkedHashMap<>();
  private final List<String> flags = new ArrayList<>();
  private final Set<String> repeatable;
  private final String usage;

  private BenchArgs(Set<String> repeatable, String usage) {
    this.repeatable = repeatable;
    this.usage = usage;
  }

  /**
   * @param valued the options that take a value ({@code --devices 50})
   * @param flagged the options that stand alone ({@code --profile})
   * @param repeatable those of {@code valued} that may be given more than once
   */
  static BenchArgs parse(String[] args, String usage, Set<String> valued, Set<String> flagged,
      Set<String> repeatable) {
    BenchArgs a = new BenchArgs(repeatable, usage);
    for (int i = 0; i < args.length; i++) {
      String name = args[i];
      if (flagged.contains(name)) {
        a.flags.add(name);
      } else if (!valued.contains(name)) {
        throw a.refuse("unknown argument " + name);
      } else if (i + 1 >= args.length) {
        throw a.refuse(name + ": needs a value");
      } else {
        List<String> v = a.values.computeIfAbsent(name, k -> new ArrayList<>());
        if (!v.isEmpty() && !repeatable.contains(name)) {
          throw a.refuse(name + ": given more than once");
        }
        v.add(args[++i]);
      }
    }
    return a;
  }

  static BenchArgs parse(String[] args, String usage, Set<String> valued) {
    return parse(args, usage, valued, Set.of(), Set.of());
  }

  String string(String name, String dflt) {
    List<String> v = values.get(name);
    return v == null ? dflt : v.get(0);
  }

  int integer(String name, int dflt) {
    return parsed(name, dflt, Integer::parseInt, "an integer");
  }

  long longInteger(String name, long dflt) {
    return parsed(name, dflt, Long::parseLong, "an integer");
  }

  double decimal(String name, double dflt) {
    return parsed(name, dflt, Double::parseDouble, "a number");
  }

  private <T> T parsed(String name, T dflt, java.util.function.Function<String, T> parse,
      String what) {
    String v = string(name, null);
    try {
      return v == null ? dflt : parse.apply(v);
    } catch (NumberFormatException e) {
      throw refuse(name + ": not " + what + ": " + v);
    }
  }

  boolean flag(String name) {
    return flags.contains(name);
  }

  /** Every value of a repeatable option, in order. */
  List<String> all(String name) {
    if (!repeatable.contains(name)) {
      throw new IllegalStateException(name + " is not declared repeatable");
    }
    return List.copyOf(values.getOrDefault(name, List.of()));
  }

  UsageException refuse(String reason) {
    return new UsageException(reason + "\n" + usage);
  }
}
