package dev.backroom.compose.convert;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Compose's units. Sizes ({@code 512m}, {@code 1g}, {@code 1.5gb}, a bare number of bytes) are
 * binary, as Docker reads them, and must come to whole MiB, since ECS counts MiB. Durations are
 * Go's ({@code 1m30s}, {@code 500ms}, {@code 1h}) and must come to whole seconds, since ECS
 * counts seconds. Rounding would change what the file asks for, so other values are refused.
 */
public final class Units {
  private static final Pattern SIZE = Pattern.compile("([0-9]+(?:\\.[0-9]+)?)\\s*([kmgt]?)b?");
  private static final Pattern DURATION_PART =
      Pattern.compile("([0-9]+(?:\\.[0-9]+)?)(ns|us|µs|ms|s|m|h)");
  private static final long MIB = 1024 * 1024;

  private Units() {}

  /** MiB of a Compose size; IllegalArgumentException says what is accepted. */
  public static int mebibytes(Object value) {
    String text = String.valueOf(value).strip().toLowerCase(Locale.ROOT);
    Matcher m = SIZE.matcher(text);
    if (!m.matches()) {
      throw new IllegalArgumentException("'" + value + "' is not a size; write e.g. 512m or 1g");
    }
    int shift = switch (m.group(2)) {
      case "k" -> 10;
      case "m" -> 20;
      case "g" -> 30;
      case "t" -> 40;
      default -> 0;
    };
    BigDecimal bytes = new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(2).pow(shift));
    BigDecimal mib = bytes.divide(BigDecimal.valueOf(MIB));
    if (mib.stripTrailingZeros().scale() > 0) {
      throw new IllegalArgumentException("'" + value + "' is not a whole number of MiB, which is"
          + " what ECS counts; write e.g. 512m");
    }
    if (mib.compareTo(BigDecimal.valueOf(Integer.MAX_VALUE)) > 0) {
      throw new IllegalArgumentException("'" + value + "' is too large");
    }
    return mib.intValueExact();
  }

  /** Whole seconds of a Go duration (a bare number is seconds, as Compose reads it too). */
  public static int seconds(Object value) {
    String text = String.valueOf(value).strip();
    if (text.matches("[0-9]{1,9}")) {
      return Integer.parseInt(text);
    }
    Matcher m = DURATION_PART.matcher(text);
    BigDecimal nanos = BigDecimal.ZERO;
    int at = 0;
    while (m.find() && m.start() == at) {
      long unit = switch (m.group(2)) {
        case "ns" -> 1L;
        case "us", "µs" -> 1_000L;
        case "ms" -> 1_000_000L;
        case "s" -> 1_000_000_000L;
        case "m" -> 60_000_000_000L;
        default -> 3_600_000_000_000L;
      };
      nanos = nanos.add(new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(unit)));
      at = m.end();
    }
    if (at == 0 || at != text.length()) {
      throw new IllegalArgumentException("'" + value + "' is not a duration; write e.g. 30s or"
          + " 1m30s");
    }
    BigDecimal secs = nanos.divide(BigDecimal.valueOf(1_000_000_000L));
    if (secs.stripTrailingZeros().scale() > 0) {
      throw new IllegalArgumentException("'" + value + "' is not a whole number of seconds,"
          + " which is what ECS counts");
    }
    if (secs.compareTo(BigDecimal.valueOf(Integer.MAX_VALUE)) > 0) {
      throw new IllegalArgumentException("'" + value + "' is too long");
    }
    return secs.intValueExact();
  }

  /** CPU units (1024 a core) of Compose's {@code cpus} ("0.5"); whole units only. */
  public static int cpuUnits(Object value) {
    try {
      BigDecimal units = new BigDecimal(String.valueOf(value).strip())
          .multiply(BigDecimal.valueOf(1024));
      if (units.signum() < 0 || units.stripTrailingZeros().scale() > 0
          || units.compareTo(BigDecimal.valueOf(Integer.MAX_VALUE)) > 0) {
        throw new NumberFormatException();
      }
      return units.intValueExact();
    } catch (NumberFormatException | ArithmeticException e) {
      throw new IllegalArgumentException("'" + value + "' is not a CPU count; write e.g. 0.5"
          + " (it must come to whole CPU units of 1/1024 core)");
    }
  }
}
