package dev.backroom.sync.batch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backroom.sync.wire.DropCount;
import dev.backroom.sync.wire.SyncJson;
import dev.backroom.sync.wire.TelemetryBatch;
import dev.backroom.sync.wire.TelemetryMessage;
import dev.backroom.sync.wire.WireFormatException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The streaming writer and reader agree with databind's form of the same batch. */
class TelemetryBatchCodecTest {
  private static final String[] TEXTS = {"", "{\"t\":21.5}", "quote \" backslash \\ slash /",
      "tab\tnewline\ncr\r nul\0 bell\u0007 del\u007f", "café ☕ 🍞", "\u2028\u2029 <script>"};

  static Stream<Long> seeds() {
    return new Random(20261201L).longs(40).boxed();
  }

  /** Random rows as the hub stores them: text, odd text and binary payloads, ms timestamps. */
  static TelemetryBatch randomBatch(Random r) {
    List<TelemetryMessage> messages = new ArrayList<>();
    long[] seqs = new long[3];
    for (int i = r.nextInt(60); i > 0; i--) {
      int s = r.nextInt(3);
      byte[] payload = switch (r.nextInt(3)) {
        case 0 -> TEXTS[r.nextInt(TEXTS.length)].getBytes(StandardCharsets.UTF_8);
        case 1 -> {
          byte[] b = new byte[r.nextInt(40)];
          r.nextBytes(b);
          yield b;
        }
        default -> Long.toHexString(r.nextLong()).getBytes(StandardCharsets.US_ASCII);
      };
      Instant ts = Instant.ofEpochMilli(1_764_000_000_000L + r.nextInt(1_000_000_000));
      messages.add(TelemetryPayload.encode("cam-" + s, seqs[s] += 1 + r.nextInt(3), ts, payload));
    }
    List<DropCount> drops = r.nextBoolean() ? List.of()
        : List.of(new DropCount("cam-0", "overflow", r.nextInt(100)), new DropCount("x", "ttl", 1));
    return new TelemetryBatch(1 + r.nextInt(1000), messages, drops);
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void writer_writesWhatDatabindWrites_atAnyLevel(long seed) {
    TelemetryBatch b = randomBatch(new Random(seed));
    // Databind escapes characters outside the BMP (\uD83C\uDF5E); the writer copies their UTF-8.
    String databind = new String(SyncJson.write(b), StandardCharsets.UTF_8)
        .replace("\\uD83C\\uDF5E", "🍞");
    for (int level : new int[] {1, 6}) {
      byte[] json = Gzip.decompress(TelemetryBatchWriter.write(b, level), 1 << 24);
      assertEquals(databind, new String(json, StandardCharsets.UTF_8));
      assertEquals(b, SyncJson.read(json, TelemetryBatch.class));
    }
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void reader_readsWhatDatabindReads(long seed) {
    TelemetryBatch b = randomBatch(new Random(seed));
    byte[] json = SyncJson.write(b);
    assertEquals(SyncJson.read(json, TelemetryBatch.class), TelemetryBatchReader.read(json));
    assertEquals(b, TelemetryBatchReader.read(json));
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void rowsWrittenByTheWriter_comeBackAsTheirBytes(long seed) {
    Random r = new Random(seed);
    TelemetryBatchWriter w = TelemetryBatchWriter.start(7, 1, 64);
    List<byte[]> sent = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      byte[] b = new byte[r.nextInt(64)];
      r.nextBytes(b);
      if (r.nextBoolean()) {
        b = TEXTS[r.nextInt(TEXTS.length)].getBytes(StandardCharsets.UTF_8);
      }
      sent.add(b);
      w.message("s", i + 1, 1_000L * i, b);
    }
    TelemetryBatch back = TelemetryBatchReader.read(Gzip.decompress(w.finish(List.of()), 1 << 24));
    assertEquals(List.of(), BatchValidator.validate(back));
    for (int i = 0; i < sent.size(); i++) {
      assertArrayEquals(sent.get(i), TelemetryPayload.decode(back.messages().get(i)));
      assertEquals(Instant.ofEpochMilli(1_000L * i), back.messages().get(i).ts());
    }
  }

  record Bad(String json, String path, String reason) {
    @Override
    public String toString() {
      return json;
    }
  }

  static Stream<Bad> bad() {
    return Stream.of(
        new Bad("", "$", "empty"),
        new Bad("null", "$", "null"),
        new Bad("[]", "$", "must be a JSON object"),
        new Bad("{\"sequence\":1,\"messages\":[", "$", "not valid JSON"),
        new Bad("{\"sequence\":1} x", "$", "not valid JSON"),
        new Bad("{\"sequence\":\"one\"}", "sequence", "integer"),
        new Bad("{\"sequence\":1.5}", "sequence", "integer"),
        new Bad("{\"sequence\":99999999999999999999}", "sequence", "64 bits"),
        new Bad("{\"sequence\":1,\"messages\":{}}", "messages", "an array"),
        new Bad("{\"sequence\":1,\"messages\":[7]}", "messages[0]", "an object"),
        new Bad("{\"sequence\":1,\"messages\":[{\"stream\":5}]}", "messages[0].stream", "a string"),
        new Bad("{\"sequence\":1,\"messages\":[{},{\"ts\":\"yesterday\"}]}", "messages[1].ts",
            "ISO-8601"),
        new Bad("{\"sequence\":1,\"dropped\":[{\"count\":true}]}", "dropped[0].count", "integer"));
  }

  @ParameterizedTest
  @MethodSource("bad")
  void malformedBodies_areRefusedWithTheirPath(Bad c) {
    WireFormatException e = assertThrows(WireFormatException.class,
        () -> TelemetryBatchReader.read(c.json().getBytes(StandardCharsets.UTF_8)));
    assertEquals(c.path(), e.path());
    assertTrue(e.reason().contains(c.reason()), e.reason());
  }
}
