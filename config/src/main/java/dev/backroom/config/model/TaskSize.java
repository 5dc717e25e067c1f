package dev.backroom.config.model;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * ECS task-level {@code cpu} and {@code memory} as ECS takes them: a number, or a string that
 * is either digits ("1024") or carries its unit ("1 vCPU", "0.5 vcpu"; "2 GB", "1GB"). ECS stores
 * them as units and MiB; so does Backroom, so a definition exported from ECS registers as is.
 */
public final class TaskSize {
  private static final Pattern WITH_UNIT = Pattern.compile("\\s*([0-9]+(?:\\.[0-9]+)?)\\s*([a-z]+)\\s*");

  private TaskSize() {}

  /** CPU units from {@code text}; IllegalArgumentException names what is accepted. */
  public static int cpuUnits(String text) {
    return parse(text, "vcpu", "CPU units (1024) or vCPUs (\"1 vCPU\")");
  }

  /** MiB from {@code text}; IllegalArgumentException names what is accepted. */
  public static int memoryMiB(String text) {
    return parse(text, "gb", "MiB (512) or GB (\"1 GB\")");
  }

  private static int parse(String text, String unit, String accepted) {
    String t = text.strip();
    if (t.matches("[0-9]{1,9}")) {
      return Integer.parseInt(t);
    }
    Matcher m = WITH_UNIT.matcher(t.toLowerCase(Locale.ROOT));
    if (m.matches() && m.group(2).equals(unit)) {
      BigDecimal v = new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(1024));
      if (v.compareTo(BigDecimal.valueOf(Integer.MAX_VALUE)) <= 0 && v.stripTrailingZeros().scale() <= 0) {
        return v.intValueExact();
      }
    }
    throw new IllegalArgumentException("'" + text + "' is not a size: give " + accepted);
  }

  private abstract static class Reader extends JsonDeserializer<Integer> {
    abstract int fromText(String text);

    @Override
    public Integer deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      if (p.currentToken() == JsonToken.VALUE_NUMBER_INT) {
        return p.getIntValue();
      }
      if (p.currentToken() == JsonToken.VALUE_STRING) {
        try {
          return fromText(p.getText());
        } catch (IllegalArgumentException e) {
          return (Integer) ctxt.handleWeirdStringValue(Integer.class, p.getText(), e.getMessage());
        }
      }
      return (Integer) ctxt.handleUnexpectedToken(Integer.class, p);
    }
  }

  /** Reads task {@code cpu}. */
  public static final class Cpu extends Reader {
    @Override
    int fromText(String text) {
      return cpuUnits(text);
    }
  }

  /** Reads task {@code memory}. */
  public static final class Memory extends Reader {
    @Override
    int fromText(String text) {
      return memoryMiB(text);
    }
  }
}
