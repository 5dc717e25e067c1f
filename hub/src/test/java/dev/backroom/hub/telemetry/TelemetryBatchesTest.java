package dev.backroom.hub.telemetry;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.backroom.sync.batch.BatchValidator;
import dev.backroom.sync.batch.TelemetryPayload;
import dev.backroom.sync.wire.DropCount;
import dev.backroom.sync.wire.TelemetryBatch;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class TelemetryBatchesTest {
  record Case(String name, byte[] payload, boolean asText) {}

  static Stream<Case> payloads() {
    return Stream.of(
        new Case("ascii json", "{\"t\":21.5}".getBytes(StandardCharsets.UTF_8), true),
        new Case("utf-8 text", "température °C".getBytes(StandardCharsets.UTF_8), true),
        new Case("empty", new byte[0], true),
        new Case("binary", new byte[] {0, (byte) 0xff, 0x10, (byte) 0x80}, false),
        new Case("lone continuation", new byte[] {'a', (byte) 0x80}, false),
        new Case("overlong slash", new byte[] {(byte) 0xc0, (byte) 0xaf}, false));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("payloads")
  void payloadIsTextOnlyWhenValidUtf8_andRoundTrips(Case c) {
    OutboxStore.Row row = new OutboxStore.Row(7, "s", 3, 1_000, 0, 2_000, 10, c.payload());
    TelemetryBatch b = TelemetryBatches.compute(5, List.of(row), List.of());
    assertEquals(c.asText(), b.messages().get(0).payload() != null, c.name());
    assertArrayEquals(c.payload(), TelemetryPayload.decode(b.messages().get(0)));
    assertEquals(Instant.ofEpochMilli(1_000), b.messages().get(0).ts());
    assertEquals(List.of(), BatchValidator.validate(b));
  }

  record SizeCase(String stream, long payloadBytes, long expected) {}

  @ParameterizedTest
  @MethodSource("sizes")
  void jsonSizeIsEstimatedAsBase64PlusOverhead(SizeCase c) {
    assertEquals(c.expected(), TelemetryBatches.estimatedJsonBytes(c.stream(), c.payloadBytes()));
  }

  static Stream<SizeCase> sizes() {
    int o = TelemetryBatches.JSON_OVERHEAD;
    return Stream.of(new SizeCase("s", 0, o + 1), new SizeCase("s", 1, o + 1 + 4),
        new SizeCase("ab", 3, o + 2 + 4), new SizeCase("ab", 200, o + 2 + 268));
  }

  @Test
  void batchKeepsRowOrder_andCarriesUnreportedDropsAsDifferences() {
    List<OutboxStore.Row> rows = List.of(
        new OutboxStore.Row(1, "a", 1, 10, 0, 99, 65, new byte[] {'x'}),
        new OutboxStore.Row(2, "b", 1, 10, 0, 99, 65, new byte[] {'y'}),
        new OutboxStore.Row(3, "a", 2, 11, 0, 99, 65, new byte[] {'z'}));
    TelemetryBatch b = TelemetryBatches.compute(9, rows, List.of(
        new OutboxLedger.Unreported("a", "overflow", 12, 5),
        new OutboxLedger.Unreported("b", "ttl", 3, 0)));
    assertEquals(9, b.sequence());
    assertEquals(List.of("a1", "b1", "a2"),
        b.messages().stream().map(m -> m.stream() + m.seq()).toList());
    assertEquals(List.of(new DropCount("a", "overflow", 7), new DropCount("b", "ttl", 3)),
        b.dropped());
  }

  @Test
  void storedBodyDecodesToTheBatch_andReencodesToTheSameBytes() {
    TelemetryBatch b = TelemetryBatches.compute(3, List.of(
        new OutboxStore.Row(1, "a", 1, 1_234, 0, 99, 65, new byte[] {1, 2, 3})), List.of());
    byte[] body = BatchCutter.encode(b);
    assertEquals(b, BatchCutter.decode(body));
    assertArrayEquals(body, BatchCutter.encode(BatchCutter.decode(body)));
  }

  @Test
  void writtenBodyHoldsTheComputedBatch_atEveryLevel() {
    List<OutboxStore.Row> rows = List.of(
        new OutboxStore.Row(1, "a", 1, 10, 0, 99, 65, "{\"t\":1}".getBytes(StandardCharsets.UTF_8)),
        new OutboxStore.Row(2, "b", 4, 11, 0, 99, 65, new byte[] {0, (byte) 0xff}),
        new OutboxStore.Row(3, "a", 2, 12, 0, 99, 65, "é \" \\ \n".getBytes(StandardCharsets.UTF_8)));
    List<OutboxLedger.Unreported> drops = List.of(new OutboxLedger.Unreported("a", "ttl", 4, 1));
    TelemetryBatch expected = TelemetryBatches.compute(8, rows, drops);
    for (int level = 1; level <= 9; level++) {
      assertEquals(expected, BatchCutter.decode(TelemetryBatches.write(8, rows, drops, level)));
    }
  }
}
