package dev.backroom.sync.batch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.backroom.sync.wire.SyncJson;
import dev.backroom.sync.wire.TelemetryMessage;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class TelemetryPayloadTest {
  private static final Instant T = Instant.parse("2026-11-22T10:00:00Z");

  record Case(String name, byte[] bytes, boolean text) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case("empty", new byte[0], true),
        new Case("json", "{\"t\":21.5}".getBytes(StandardCharsets.UTF_8), true),
        new Case("accents and emoji", "café ☕ 🍞".getBytes(StandardCharsets.UTF_8), true),
        new Case("NUL is valid UTF-8", new byte[] {'a', 0, 'b'}, true),
        new Case("lone continuation byte", new byte[] {(byte) 0x80}, false),
        new Case("overlong slash", new byte[] {(byte) 0xC0, (byte) 0xAF}, false),
        new Case("encoded surrogate", new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, false),
        new Case("truncated sequence", new byte[] {'a', (byte) 0xE2, (byte) 0x82}, false),
        new Case("jpeg header", new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0}, false));
  }

  @ParameterizedTest
  @MethodSource("cases")
  void payload_isTextWhenValidUtf8_elseBase64_andAlwaysRoundTrips(Case c) {
    TelemetryMessage m = TelemetryPayload.encode("s", 1, T, c.bytes());
    assertEquals(c.text(), m.payload() != null);
    if (c.text()) {
      assertNull(m.payloadBase64());
    }
    TelemetryMessage overTheWire = SyncJson.read(SyncJson.write(m), TelemetryMessage.class);
    assertArrayEquals(c.bytes(), TelemetryPayload.decode(overTheWire));
  }

  static Stream<Long> seeds() {
    return new Random(123L).longs(50).boxed();
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void randomBytes_roundTripExactly(long seed) {
    Random r = new Random(seed);
    byte[] b = new byte[r.nextInt(300)];
    r.nextBytes(b);
    TelemetryMessage m = TelemetryPayload.encode("s", 1, T, b);
    assertArrayEquals(b, TelemetryPayload.decode(SyncJson.read(SyncJson.write(m), TelemetryMessage.class)));
  }

  static Stream<TelemetryMessage> broken() {
    return Stream.of(new TelemetryMessage("s", 1, T, null, null),
        new TelemetryMessage("s", 1, T, "x", "eA=="),
        new TelemetryMessage("s", 1, T, null, "not base64!"));
  }

  @ParameterizedTest
  @MethodSource("broken")
  void brokenMessage_isRefusedWithReason(TelemetryMessage m) {
    assertThrows(IllegalArgumentException.class, () -> TelemetryPayload.decode(m));
  }
}
