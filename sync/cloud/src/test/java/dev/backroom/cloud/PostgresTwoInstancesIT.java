package dev.backroom.cloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.backroom.cloud.support.Operator;
import dev.backroom.harness.CloudProcess;
import dev.backroom.harness.CloudProcess.Db;
import dev.backroom.harness.PostgresCluster;
import dev.backroom.sync.auth.StoreCredential;
import dev.backroom.sync.client.SyncClient;
import dev.backroom.sync.client.SyncHttpException;
import dev.backroom.sync.metrics.ByteMeter;
import dev.backroom.sync.wire.BatchReceipt;
import dev.backroom.sync.wire.DesiredChanges;
import dev.backroom.sync.wire.EnrollRequest;
import dev.backroom.sync.wire.EnrollResponse;
import dev.backroom.sync.wire.ReportBatch;
import dev.backroom.sync.wire.TelemetryBatch;
import dev.backroom.sync.wire.TelemetryMessage;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The packaged cloud twice, on one real PostgreSQL started by scripts/postgres.sh (both through
 * the harness, as the end-to-end tests start them): migrations run, and the two instances serve one fleet (a change through B wakes a long-poll on A; a batch
 * accepted by A is a duplicate on B). Talks through the protocol's own SyncClient.
 */
class PostgresTwoInstancesIT {
  private static final String ADMIN = "it-admin-token";
  private static PostgresCluster pg;
  private static CloudProcess a;
  private static CloudProcess b;
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws Exception {
    Path work = Path.of("target", "pg-it-" + System.currentTimeMillis()).toAbsolutePath();
    pg = PostgresCluster.start(work.resolve("pg"));
    Db db = Db.postgresql(pg.jdbcUrl());
    Map<String, String> props = Map.of("backroom.cloud.activation-hash-iterations", "1000");
    a = CloudProcess.start(work.resolve("a"), db, ADMIN, props);
    b = CloudProcess.start(work.resolve("b"), db, ADMIN, props);
  }

  @AfterAll
  static void stop() throws Exception {
    for (AutoCloseable c : new AutoCloseable[] {a, b, pg}) {
      if (c != null) {
        c.close();
      }
    }
  }

  @Test
  void migrationsRanOnPostgres() throws Exception {
    try (Connection c = DriverManager.getConnection(pg.jdbcUrl(), "backroom", "backroom");
         ResultSet rs = c.createStatement().executeQuery(
             "SELECT version, success FROM flyway_schema_history WHERE version IS NOT NULL")) {
      assertTrue(rs.next(), "flyway_schema_history has no versioned migration");
      assertEquals("1", rs.getString(1));
      assertTrue(rs.getBoolean(2));
      try (ResultSet t = c.createStatement().executeQuery("SELECT data_type FROM"
          + " information_schema.columns WHERE table_name = 'store_objects' AND column_name = 'spec'")) {
        assertTrue(t.next());
        assertEquals("text", t.getString(1), "the big_text placeholder maps to TEXT on PostgreSQL");
      }
    }
  }

  private static URI url(CloudProcess cloud) {
    return URI.create(cloud.url());
  }

  private static SyncClient client(URI cloud, String credential) {
    return new SyncClient(HTTP, cloud, StoreCredential.parse(credential), ByteMeter.NONE,
        Duration.ofSeconds(10));
  }

  private static Map<String, Object> td(String family, String image) {
    return Map.of("family", family, "containerDefinitions", List.of(Map.of("name", "main",
        "image", image, "memory", 64)));
  }

  @Test
  void enrolDesiredAndReports_acrossTwoInstances() throws Exception {
    Operator opA = new Operator(url(a), ADMIN);
    Operator opB = new Operator(url(b), ADMIN);
    JsonNode act = opA.expect(201, "POST", "/api/v1/activations",
        Map.of("storeId", "pg-store-1", "labels", Map.of("region", "eu")));
    EnrollResponse id = SyncClient.enroll(HTTP, url(b), new EnrollRequest(
        act.get("activationId").asText(), act.get("activationCode").asText(), "hub-pg"),
        ByteMeter.NONE, Duration.ofSeconds(10));
    assertEquals("pg-store-1", id.storeId());
    SyncClient onA = client(url(a), id.credential());
    SyncClient onB = client(url(b), id.credential());

    // A long-poll waiting on A is woken by a change made through B.
    long started = System.nanoTime();
    CompletableFuture<DesiredChanges> poll = CompletableFuture.supplyAsync(() -> {
      try {
        return onA.fetchDesired(0, 30);
      } catch (Exception e) {
        throw new RuntimeException(e);
      }
    });
    Thread.sleep(1000);
    assertTrue(!poll.isDone(), "the poll on A must wait while nothing changes");
    JsonNode put = opB.expect(200, "PUT", "/api/v1/desired/task-definitions/pos",
        Map.of("selector", "region=eu", "spec", td("pos", "pos:1")));
    assertEquals("pg-store-1", put.get("affectedStores").get(0).asText());
    DesiredChanges answer = poll.get(15, TimeUnit.SECONDS);
    long tookMs = (System.nanoTime() - started) / 1_000_000;
    assertEquals(1, answer.revision());
    assertEquals("pos", answer.changes().get(0).name());
    assertTrue(tookMs < 5_000, "woken after " + tookMs + " ms");
    onB.ackDesired(1);
    assertEquals(1, opA.expect(200, "GET", "/api/v1/stores/pg-store-1", null)
        .get("appliedRevision").asLong());

    // No bump for an identical spec; a label change moves the object out.
    opA.expect(200, "PUT", "/api/v1/desired/task-definitions/pos",
        Map.of("selector", "region=eu", "spec", td("pos", "pos:1")));
    assertEquals(1, onB.fetchDesired(1, 0).revision());
    opB.expect(200, "PUT", "/api/v1/stores/pg-store-1/labels", Map.of("labels",
        Map.of("region", "us")));
    DesiredChanges moved = onA.fetchDesired(1, 5);
    assertEquals(2, moved.revision());
    assertEquals("DELETE", moved.changes().get(0).op().name());

    // A batch accepted by A is a duplicate on B; a gap is refused by either.
    ReportBatch r1 = new ReportBatch(1, Instant.now(), List.of(), List.of(), List.of(), List.of());
    assertEquals(new BatchReceipt(1, false), onA.sendReports(r1));
    assertEquals(new BatchReceipt(1, true), onB.sendReports(r1));
    ReportBatch r3 = new ReportBatch(3, Instant.now(), List.of(), List.of(), List.of(), List.of());
    SyncHttpException gap = org.junit.jupiter.api.Assertions.assertThrows(SyncHttpException.class,
        () -> onB.sendReports(r3));
    assertEquals(409, gap.status());
    assertEquals(2, gap.expected().orElseThrow());
  }

  /** Verifies that the same batch racing into both instances is stored exactly once. */
  @Test
  void sameTelemetryBatchRacingIntoBothInstances_isStoredOnce() throws Exception {
    Operator op = new Operator(url(a), ADMIN);
    JsonNode act = op.expect(201, "POST", "/api/v1/activations", Map.of("storeId", "pg-race"));
    EnrollResponse id = SyncClient.enroll(HTTP, url(a), new EnrollRequest(
        act.get("activationId").asText(), act.get("activationCode").asText(), null),
        ByteMeter.NONE, Duration.ofSeconds(10));
    SyncClient onA = client(url(a), id.credential());
    SyncClient onB = client(url(b), id.credential());
    for (long seq = 1; seq <= 10; seq++) {
      TelemetryBatch batch = new TelemetryBatch(seq, List.of(new TelemetryMessage("temp", seq,
          Instant.now(), "t" + seq, null)), List.of());
      CompletableFuture<BatchReceipt> x = CompletableFuture.supplyAsync(() -> send(onA, batch));
      CompletableFuture<BatchReceipt> y = CompletableFuture.supplyAsync(() -> send(onB, batch));
      int accepted = (x.get().duplicate() ? 0 : 1) + (y.get().duplicate() ? 0 : 1);
      assertEquals(1, accepted, "batch " + seq + " accepted by exactly one instance");
    }
    JsonNode page = new Operator(url(b), ADMIN).expect(200, "GET",
        "/api/v1/stores/pg-race/telemetry/temp?limit=100", null);
    assertEquals(10, page.get("messages").size());
    for (int i = 0; i < 10; i++) {
      assertEquals(i + 1, page.get("messages").get(i).get("seq").asLong());
    }
    assertTrue(op.metrics().contains("backroom_cloud_sync_requests_seconds_count{endpoint=\"telemetry\""));
  }

  private static BatchReceipt send(SyncClient c, TelemetryBatch batch) {
    try {
      return c.sendTelemetry(batch);
    } catch (Exception e) {
      throw new RuntimeException(e);
    }
  }
}
