package dev.backroom.cloud.telemetry;

import static dev.backroom.cloud.support.Cloud.admin;
import static dev.backroom.cloud.support.Cloud.enrolledStore;
import static dev.backroom.cloud.support.Cloud.uniqueId;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.backroom.sync.batch.Gzip;
import dev.backroom.sync.wire.DropCount;
import dev.backroom.sync.wire.SyncJson;
import dev.backroom.sync.wire.TelemetryBatch;
import dev.backroom.sync.wire.TelemetryMessage;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

@QuarkusTest
class TelemetryTest {

  private static Response send(String cred, byte[] gz) {
    return given().header("Authorization", "Bearer " + cred).contentType("application/json")
        .header("Content-Encoding", "gzip").body(gz).post("/sync/v1/telemetry");
  }

  private static byte[] batch(long sequence, List<TelemetryMessage> messages, List<DropCount> drops) {
    return Gzip.compress(SyncJson.write(new TelemetryBatch(sequence, messages, drops)));
  }

  /**
   * Verifies exactly-once, in-order storage: batches of random size over two streams, each sent
   * and then resent, read back page by page.
   */
  @Test
  void gzipBatches_resent_areStoredExactlyOnce_andReadInOrder() {
    String store = uniqueId("tel");
    String cred = enrolledStore(store, Map.of());
    Random random = new Random(42);
    long[] seq = new long[2];
    String[] streams = {"temp", "door"};
    int batches = 6;
    for (int b = 1; b <= batches; b++) {
      List<TelemetryMessage> msgs = new ArrayList<>();
      int n = 1 + random.nextInt(40);
      for (int i = 0; i < n; i++) {
        int s = random.nextInt(2);
        long q = ++seq[s];
        msgs.add(random.nextBoolean()
            ? new TelemetryMessage(streams[s], q, Instant.ofEpochSecond(q), "v" + q, null)
            : new TelemetryMessage(streams[s], q, Instant.ofEpochSecond(q), null, "AAE="));
      }
      byte[] body = batch(b, msgs, List.of(new DropCount("temp", "overflow", 2)));
      send(cred, body).then().statusCode(200).body("duplicate", org.hamcrest.Matchers.equalTo(false));
      send(cred, body).then().statusCode(200).body("duplicate", org.hamcrest.Matchers.equalTo(true));
    }
    for (int s = 0; s < 2; s++) {
      List<Long> read = new ArrayList<>();
      long after = 0;
      while (true) {
        JsonPath page = admin().get("/api/v1/stores/" + store + "/telemetry/" + streams[s]
            + "?after=" + after + "&limit=7").then().statusCode(200).extract().jsonPath();
        List<Number> seqs = page.getList("messages.seq");
        if (seqs.isEmpty()) {
          break;
        }
        seqs.forEach(x -> read.add(x.longValue()));
        after = read.get(read.size() - 1);
      }
      List<Long> expected = java.util.stream.LongStream.rangeClosed(1, seq[s]).boxed().toList();
      assertEquals(expected, read, "stream " + streams[s]);
    }
    assertEquals(2L * batches, admin().get("/api/v1/stores/" + store + "/telemetry/temp")
        .then().extract().jsonPath().getLong("dropped.overflow"));
    assertEquals(batches, admin().get("/api/v1/stores/" + store).then().extract().jsonPath()
        .getLong("telemetrySequence"));
  }

  @jakarta.inject.Inject
  @jakarta.inject.Named("cloud")
  dev.backroom.jdbc.Jdbc jdbc;

  private static TelemetryMessage m(String stream, long seq) {
    return new TelemetryMessage(stream, seq, Instant.ofEpochSecond(seq), "v" + seq, null);
  }

  private static List<Long> seqs(String store, String stream) {
    List<Number> seqs = admin().get("/api/v1/stores/" + store + "/telemetry/" + stream
        + "?after=0&limit=100").then().statusCode(200).extract().jsonPath().getList("messages.seq");
    return seqs.stream().map(Number::longValue).toList();
  }

  /**
   * Batches are kept as they came, so a batch that repeats messages of an earlier one (a hub that
   * re-batched them) is stored whole, and reads must still show each message once: only the seq
   * range its segment took. An uncompressed batch is kept uncompressed and read the same way.
   */
  @Test
  void rebatchedAndUncompressedBatches_areReadOncePerMessage() {
    String store = uniqueId("tel");
    String cred = enrolledStore(store, Map.of());
    send(cred, batch(1, List.of(m("a", 1), m("b", 1), m("a", 2)), List.of())).then().statusCode(200);
    send(cred, batch(2, List.of(m("a", 2), m("a", 3), m("b", 1)), List.of())).then().statusCode(200)
        .body("duplicate", org.hamcrest.Matchers.equalTo(false));
    given().header("Authorization", "Bearer " + cred).contentType("application/json")
        .body(SyncJson.write(new TelemetryBatch(3, List.of(m("b", 2), m("a", 4)), List.of())))
        .post("/sync/v1/telemetry").then().statusCode(200);
    assertEquals(List.of(1L, 2L, 3L, 4L), seqs(store, "a"));
    assertEquals(List.of(1L, 2L), seqs(store, "b"));
    assertEquals(List.of(3L, 4L), admin().get("/api/v1/stores/" + store + "/telemetry/a?after=2")
        .then().extract().jsonPath().<Number>getList("messages.seq").stream()
        .map(Number::longValue).toList());
    assertEquals("v3", admin().get("/api/v1/stores/" + store + "/telemetry/a?after=2&limit=1")
        .then().extract().jsonPath().getString("messages[0].payload"));
  }

  /** Segments stored before batches were kept whole hold their messages as JSON: still read. */
  @Test
  void segmentsOfTheOldJsonForm_areStillRead_beforeNewOnes() {
    String store = uniqueId("tel");
    String cred = enrolledStore(store, Map.of());
    jdbc.update("INSERT INTO telemetry_segments (store_id, stream, first_seq, last_seq,"
        + " message_count, body) VALUES (?, ?, ?, ?, ?, ?)", store, "old", 1L, 2L, 2,
        TelemetryStore.segment(List.of(m("old", 1), m("old", 2))));
    jdbc.update("INSERT INTO telemetry_streams (store_id, stream, last_seq) VALUES (?, ?, ?)",
        store, "old", 2L);
    send(cred, batch(1, List.of(m("old", 2), m("old", 3)), List.of())).then().statusCode(200);
    assertEquals(List.of(1L, 2L, 3L), seqs(store, "old"));
  }

  @Test
  void gzipBomb_isRefusedWith413_brokenGzipWith400_gapWith409() {
    String cred = enrolledStore(uniqueId("tel"), Map.of());
    String big = "x".repeat(2_000_000);
    byte[] bomb = batch(1, List.of(new TelemetryMessage("s", 1, Instant.EPOCH, big, null)), List.of());
    send(cred, bomb).then().statusCode(413).body("error", org.hamcrest.Matchers.equalTo("payload_too_large"));
    send(cred, "not gzip".getBytes()).then().statusCode(400);
    send(cred, batch(2, List.of(), List.of())).then().statusCode(409)
        .body("expected", org.hamcrest.Matchers.equalTo(1));
  }

  @Test
  void telemetryQuery_limitIsBounded() {
    String store = uniqueId("tel");
    enrolledStore(store, Map.of());
    admin().get("/api/v1/stores/" + store + "/telemetry/x?limit=10001").then().statusCode(400);
    admin().get("/api/v1/stores/nope/telemetry/x").then().statusCode(404);
  }
}
