package dev.backroom.hub.telemetry;

import static dev.backroom.hub.auth.AuthTesting.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backroom.hub.config.HubConfig;
import dev.backroom.jdbc.Jdbc;
import dev.backroom.sync.auth.CloudIdentity;
import dev.backroom.sync.auth.CloudIdentityFile;
import dev.backroom.sync.auth.StoreCredential;
import dev.backroom.sync.batch.TelemetryPayload;
import dev.backroom.sync.wire.TelemetryBatch;
import dev.backroom.sync.wire.TelemetryMessage;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * The uploader against a stand-in cloud: verifies gzip batches arrive exactly once across a 500
 * and a lost answer, the failed batch being resent with the same sequence and the same bytes.
 */
@QuarkusTest
@TestProfile(TelemetryUploadTest.SmallBatches.class)
class TelemetryUploadTest {
  /** 50 messages per batch, so 121 messages take three batches. */
  public static class SmallBatches implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("backroom.telemetry.batch-max-messages", "50",
          "backroom.telemetry.upload-interval", "200ms");
    }
  }

  @Inject TelemetryService telemetry;
  @Inject HubConfig hub;
  @Inject Jdbc jdbc;
  @Inject MeterRegistry meters;

  @Test
  void batchesArriveExactlyOnce_acrossAServerErrorAndALostAnswer() throws Exception {
    String stream = "up-" + UUID.randomUUID().toString().substring(0, 8);
    int n = 120;
    Path dataDir = Path.of(hub.dataDir());
    StoreCredential credential = StoreCredential.issue("store-telemetry", new Random(7));
    double upBefore = meters.counter("backroom_sync_bytes", "channel", "telemetry",
        "direction", "up").count();
    try (TelemetryCloudStandIn cloud = new TelemetryCloudStandIn(credential.token());
        TelemetryTestClient c = new TelemetryTestClient(telemetry.listenerPort(), "uploader")) {
      for (int i = 1; i <= n; i++) {
        c.publish(stream, i % 10 == 0 ? "\u00fftext" + i : "{\"i\":" + i + "}", 1);
      }
      c.client.publish("backroom/v1/telemetry/" + stream, new byte[] {(byte) 0xff, 0}, 1, false);
      long firstSequence = nextSequence();
      cloud.failNext(TelemetryCloudStandIn.Fault.SERVER_ERROR,
          TelemetryCloudStandIn.Fault.STORE_THEN_DROP);
      CloudIdentityFile.write(dataDir, new CloudIdentity(cloud.url(), credential.storeId(),
          credential.token()));
      try {
        await().atMost(Duration.ofSeconds(30)).until(() -> TelemetryTestClient.rows(jdbc, stream)
            .isEmpty() && pendingBatches() == 0);
      } finally {
        Files.deleteIfExists(CloudIdentityFile.path(dataDir));
      }

      List<TelemetryCloudStandIn.Received> requests = cloud.requests();
      assertTrue(requests.size() >= 3, "500, lost answer, then the duplicate: " + requests);
      // The failed batch went out three times: same sequence, byte-identical gzip body.
      assertEquals(firstSequence, requests.get(0).sequence());
      assertEquals(firstSequence, requests.get(1).sequence());
      assertEquals(firstSequence, requests.get(2).sequence());
      assertArrayEquals(requests.get(0).body(), requests.get(1).body());
      assertArrayEquals(requests.get(0).body(), requests.get(2).body());

      List<TelemetryBatch> stored = cloud.stored();
      assertEquals(LongStream.range(firstSequence, firstSequence + 3).boxed().toList(),
          stored.stream().map(TelemetryBatch::sequence).toList(), "gapless, each once");
      assertEquals(List.of(50, 50, 21), stored.stream().map(b -> b.messages().size()).toList());
      List<TelemetryMessage> mine = stored.stream().flatMap(b -> b.messages().stream())
          .filter(m -> m.stream().equals(stream)).toList();
      assertEquals(LongStream.rangeClosed(1, n + 1).boxed().toList(),
          mine.stream().map(TelemetryMessage::seq).toList(), "every message once, in seq order");
      List<String> expected = IntStream.rangeClosed(1, n)
          .mapToObj(i -> i % 10 == 0 ? "\u00fftext" + i : "{\"i\":" + i + "}").toList();
      assertEquals(expected, mine.subList(0, n).stream()
          .map(m -> new String(TelemetryPayload.decode(m), StandardCharsets.UTF_8)).toList());
      assertArrayEquals(new byte[] {(byte) 0xff, 0}, TelemetryPayload.decode(mine.get(n)));
      assertTrue(mine.get(n).payloadBase64() != null, "invalid UTF-8 travels as base64");
    }
    // The uploaded rows left the outbox by the watermark; once the writer is idle with no
    // backlog it deletes them for real, and nothing of this stream is left in H2.
    await().atMost(Duration.ofSeconds(30)).until(() -> meters.get("backroom_telemetry_outbox_dead_rows")
        .gauge().value() == 0);
    assertEquals(List.of(0L), jdbc.query("select count(*) from telemetry_outbox where stream = ?",
        rs -> rs.getLong(1), stream));
    assertTrue(meters.counter("backroom_sync_bytes", "channel", "telemetry", "direction", "up")
        .count() > upBefore);
    given().get("/api/v1/telemetry").then().statusCode(200)
        .body("upload.pendingSequence", nullValue())
        .body("upload.lastError", nullValue());
  }

  private long nextSequence() {
    return jdbc.query("select next_sequence from telemetry_upload", rs -> rs.getLong(1)).get(0);
  }

  private long pendingBatches() {
    return jdbc.query("select count(*) from telemetry_pending", rs -> rs.getLong(1)).get(0);
  }
}
