package dev.backroom.sync.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class IsoInstantsTest {
  @ParameterizedTest
  @ValueSource(strings = {"2026-11-22T04:08:00Z", "2026-11-22T04:08:00.123Z",
      "2026-11-22T04:08:00.123456Z", "2026-11-22T04:08:00.123456789Z", "1970-01-01T00:00:00Z",
      "1969-12-31T23:59:59.999Z", "0000-01-01T00:00:00Z", "9999-12-31T23:59:59.999999999Z",
      "2024-02-29T12:00:00Z", "+10000-01-01T00:00:00Z", "-0001-12-31T00:00:00Z"})
  void formatsExactlyLikeInstantToString_andParsesBack(String text) {
    Instant t = Instant.parse(text);
    assertEquals(t.toString(), IsoInstants.format(t));
    assertEquals(t, IsoInstants.parse(IsoInstants.format(t)));
  }

  @ParameterizedTest
  @CsvSource({"2026-11-22T04:08:00.1Z,2026-11-22T04:08:00.100Z",
      "2026-11-22T04:08:00.12345Z,2026-11-22T04:08:00.123450Z",
      "2026-11-22T05:08:00+01:00,2026-11-22T04:08:00Z",
      "2026-11-22T04:08:00.5-00:30,2026-11-22T04:38:00.500Z"})
  void readsOtherIso8601Forms(String text, String expected) {
    assertEquals(Instant.parse(expected), IsoInstants.parse(text));
  }

  @ParameterizedTest
  @ValueSource(strings = {"2026-13-01T00:00:00Z", "2026-02-30T00:00:00Z",
      "2026-11-22T04:60:00Z", "2026-11-22T04:08:00.1234567890Z",
      "2026-11-2xT04:08:00Z", "yesterday", ""})
  void refusesWhatIsNotAnInstant(String text) {
    assertThrows(DateTimeParseException.class, () -> IsoInstants.parse(text));
  }

  @Test
  void seededRandomInstantsRoundTripLikeJavaTime() {
    Random r = new Random(2026);
    for (int i = 0; i < 20_000; i++) {
      long secs = r.nextLong(-62_167_219_200L, 253_402_300_800L); // years 0000-9999
      int nano = switch (r.nextInt(4)) {
        case 0 -> 0;
        case 1 -> r.nextInt(1000) * 1_000_000;
        case 2 -> r.nextInt(1_000_000) * 1000;
        default -> r.nextInt(1_000_000_000);
      };
      Instant t = Instant.ofEpochSecond(secs, nano);
      String text = IsoInstants.format(t);
      assertEquals(t.toString(), text);
      assertEquals(t, IsoInstants.parse(text));
    }
  }

  @Test
  void wireRecordsUseIt() {
    Instant t = Instant.parse("2026-11-22T04:08:00.250Z");
    TelemetryMessage m = new TelemetryMessage("s", 1, t, "x", null);
    byte[] json = SyncJson.write(m);
    assertEquals("{\"stream\":\"s\",\"seq\":1,\"ts\":\"2026-11-22T04:08:00.250Z\",\"payload\":\"x\"}",
        new String(json));
    assertEquals(m, SyncJson.read(json, TelemetryMessage.class));
    WireFormatException e = assertThrows(WireFormatException.class, () -> SyncJson.read(
        "{\"stream\":\"s\",\"seq\":1,\"ts\":\"soon\"}".getBytes(), TelemetryMessage.class));
    assertEquals("ts", e.path());
  }
}
