package dev.backroom.sync.wire;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.datatype.jsr310.deser.InstantDeserializer;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * ISO-8601 instants without java.time's formatter: a telemetry batch carries thousands of
 * timestamps, and DateTimeFormatter parsing was close to half the cloud's CPU per batch. Writes
 * exactly what {@link Instant#toString()} writes; reads that form directly and anything else
 * ISO-8601 (offsets, other precisions) through java.time.
 */
public final class IsoInstants {
  private IsoInstants() {}

  /** A Jackson module that replaces JavaTimeModule's Instant handling. */
  public static SimpleModule module() {
    SimpleModule m = new SimpleModule("backroom-iso-instants");
    m.addSerializer(Instant.class, new StdSerializer<>(Instant.class) {
      @Override
      public void serialize(Instant v, JsonGenerator g, SerializerProvider p) throws IOException {
        g.writeString(format(v));
      }
    });
    m.addDeserializer(Instant.class, new StdDeserializer<>(Instant.class) {
      @Override
      public Instant deserialize(JsonParser p, DeserializationContext c) throws IOException {
        if (p.currentToken() != JsonToken.VALUE_STRING) {
          return InstantDeserializer.INSTANT.deserialize(p, c);
        }
        try {
          return parse(p.getText());
        } catch (DateTimeParseException e) {
          return (Instant) c.handleWeirdStringValue(Instant.class, p.getText(),
              "not an ISO-8601 instant: %s", e.getMessage());
        }
      }
    });
    return m;
  }

  /** Same text as {@link Instant#toString()}. */
  public static String format(Instant t) {
    long secs = t.getEpochSecond();
    long day = Math.floorDiv(secs, 86_400);
    int sod = (int) Math.floorMod(secs, 86_400);
    if (day < -719_528 || day > 2_932_896) { // outside years 0000-9999
      return t.toString();
    }
    LocalDate d = LocalDate.ofEpochDay(day);
    char[] b = new char[30];
    int i = 0;
    i = digits(b, i, d.getYear(), 4);
    b[i++] = '-';
    i = digits(b, i, d.getMonthValue(), 2);
    b[i++] = '-';
    i = digits(b, i, d.getDayOfMonth(), 2);
    b[i++] = 'T';
    i = digits(b, i, sod / 3600, 2);
    b[i++] = ':';
    i = digits(b, i, sod / 60 % 60, 2);
    b[i++] = ':';
    i = digits(b, i, sod % 60, 2);
    int nano = t.getNano();
    if (nano > 0) {
      b[i++] = '.';
      if (nano % 1_000_000 == 0) {
        i = digits(b, i, nano / 1_000_000, 3);
      } else if (nano % 1000 == 0) {
        i = digits(b, i, nano / 1000, 6);
      } else {
        i = digits(b, i, nano, 9);
      }
    }
    b[i++] = 'Z';
    return new String(b, 0, i);
  }

  /** Parses {@code yyyy-MM-ddTHH:mm:ss[.f{1,9}]Z} directly, anything else ISO-8601 via java.time. */
  public static Instant parse(String s) {
    int n = s.length();
    if (n >= 20 && n <= 30 && s.charAt(4) == '-' && s.charAt(7) == '-' && s.charAt(10) == 'T'
        && s.charAt(13) == ':' && s.charAt(16) == ':' && s.charAt(n - 1) == 'Z') {
      int year = num(s, 0, 4);
      int month = num(s, 5, 7);
      int day = num(s, 8, 10);
      int hour = num(s, 11, 13);
      int min = num(s, 14, 16);
      int sec = num(s, 17, 19);
      int nano = 0;
      boolean ok = year >= 0 && month >= 1 && month <= 12 && day >= 1 && hour >= 0 && hour < 24
          && min >= 0 && min < 60 && sec >= 0 && sec < 60;
      if (ok && n > 20) {
        int digits = n - 21;
        ok = s.charAt(19) == '.' && digits >= 1 && digits <= 9;
        if (ok) {
          nano = num(s, 20, n - 1);
          ok = nano >= 0;
          for (int k = digits; k < 9; k++) {
            nano *= 10;
          }
        }
      }
      if (ok && day <= LocalDate.of(year, month, 1).lengthOfMonth()) {
        long epochDay = LocalDate.of(year, month, day).toEpochDay();
        return Instant.ofEpochSecond(epochDay * 86_400 + hour * 3600L + min * 60L + sec, nano);
      }
    }
    try {
      return Instant.parse(s);
    } catch (DateTimeParseException e) {
      return OffsetDateTime.parse(s).toInstant();
    }
  }

  private static int digits(char[] b, int at, int value, int width) {
    for (int k = width - 1; k >= 0; k--) {
      b[at + k] = (char) ('0' + value % 10);
      value /= 10;
    }
    return at + width;
  }

  /** The decimal number in s[from, to), or -1 if any character is not a digit. */
  private static int num(String s, int from, int to) {
    int v = 0;
    for (int k = from; k < to; k++) {
      char c = s.charAt(k);
      if (c < '0' || c > '9') {
        return -1;
      }
      v = v * 10 + (c - '0');
    }
    return v;
  }
}
