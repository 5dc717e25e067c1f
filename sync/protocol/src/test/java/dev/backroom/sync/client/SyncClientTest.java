package dev.backroom.sync.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backroom.sync.auth.StoreCredential;
import dev.backroom.sync.batch.Gzip;
import dev.backroom.sync.metrics.ByteMeter;
import dev.backroom.sync.wire.BatchReceipt;
import dev.backroom.sync.wire.ChangeOp;
import dev.backroom.sync.wire.DesiredChanges;
import dev.backroom.sync.wire.DesiredKind;
import dev.backroom.sync.wire.EnrollRequest;
import dev.backroom.sync.wire.EnrollResponse;
import dev.backroom.sync.wire.ReportBatch;
import dev.backroom.sync.wire.SyncJson;
import dev.backroom.sync.wire.TelemetryBatch;
import dev.backroom.sync.wire.TelemetryMessage;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class SyncClientTest {
  private static final Instant T = Instant.parse("2026-11-22T10:00:00Z");
  private static final StoreCredential CRED = StoreCredential.issue("S1", new Random(1));
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final Map<String, Long> bytes = new ConcurrentHashMap<>();
  private final ByteMeter meter = (c, d, n) -> bytes.merge(c.tag() + "/" + d.tag(), n, Long::sum);
  private FakeCloud cloud;
  private SyncClient client;

  @BeforeEach
  void start() throws IOException {
    cloud = new FakeCloud();
    client = new SyncClient(http, cloud.uri(), CRED, meter, Duration.ofSeconds(5));
  }

  @AfterEach
  void stop() {
    cloud.close();
  }

  @Test
  void enroll_postsTheActivation_withoutCredential() throws Exception {
    cloud.answer("/sync/v1/enroll", 200,
        "{\"storeId\":\"S1\",\"credential\":\"" + CRED.token() + "\",\"cloudUrl\":\"" + cloud.uri() + "\"}");
    EnrollResponse r = SyncClient.enroll(http, cloud.uri(), new EnrollRequest("a1", "CODE", "hub"),
        meter, Duration.ofSeconds(5));

    assertEquals(new EnrollResponse("S1", CRED.token(), cloud.uri().toString()), r);
    FakeCloud.Received got = cloud.received.get(0);
    assertEquals("POST", got.method());
    assertEquals(null, got.header("Authorization"));
    assertEquals(new EnrollRequest("a1", "CODE", "hub"), SyncJson.read(got.body(), EnrollRequest.class));
    assertEquals((long) got.body().length, bytes.get("enroll/up"));
  }

  @Test
  void fetchDesired_sendsSinceAndCappedWait_withTheCredential() throws Exception {
    cloud.answer("/sync/v1/desired", 200, "{\"storeId\":\"S1\",\"revision\":9,\"full\":false,"
        + "\"changes\":[{\"kind\":\"SERVICE\",\"name\":\"web\",\"op\":\"DELETE\"}]}");
    DesiredChanges d = client.fetchDesired(7, 600);

    assertEquals(9, d.revision());
    assertEquals(DesiredKind.SERVICE, d.changes().get(0).kind());
    assertEquals(ChangeOp.DELETE, d.changes().get(0).op());
    FakeCloud.Received got = cloud.received.get(0);
    assertEquals("/sync/v1/desired?since=7&wait=60", got.pathAndQuery());
    assertEquals("Bearer " + CRED.token(), got.header("Authorization"));
    assertTrue(bytes.get("desired/down") > 0);
  }

  @Test
  void fetchDesired_refusesAnotherStoresState() {
    cloud.answer("/sync/v1/desired", 200, "{\"storeId\":\"S2\",\"revision\":1,\"full\":true}");
    IOException e = assertThrows(IOException.class, () -> client.fetchDesired(0, 0));
    assertTrue(e.getMessage().contains("store S2"), e.getMessage());
  }

  @Test
  void ack_postsTheRevision_andAcceptsAnEmptyAnswer() throws Exception {
    cloud.answer("/sync/v1/desired/ack", 204, "");
    client.ackDesired(12);
    assertEquals("{\"revision\":12}", new String(cloud.received.get(0).body()));
  }

  @Test
  void reports_arePostedAsJson() throws Exception {
    cloud.answer("/sync/v1/reports", 200, "{\"acceptedSequence\":3,\"duplicate\":true}");
    ReportBatch batch = new ReportBatch(3, T, List.of(), List.of(), List.of(), List.of());
    assertEquals(new BatchReceipt(3, true), client.sendReports(batch));
    FakeCloud.Received got = cloud.received.get(0);
    assertEquals(batch, SyncJson.read(got.body(), ReportBatch.class));
    assertEquals("application/json", got.header("Content-type"));
  }

  @Test
  void telemetry_isGzipped_andMeteredCompressed() throws Exception {
    cloud.answer("/sync/v1/telemetry", 200, "{\"acceptedSequence\":1,\"duplicate\":false}");
    TelemetryBatch batch = new TelemetryBatch(1, List.of(
        new TelemetryMessage("temp", 1, T, "x".repeat(5000), null)), List.of());
    assertEquals(new BatchReceipt(1, false), client.sendTelemetry(batch));

    FakeCloud.Received got = cloud.received.get(0);
    assertEquals("gzip", got.header("Content-encoding"));
    assertEquals(batch, SyncJson.read(Gzip.decompress(got.body(), 1 << 20), TelemetryBatch.class));
    assertEquals((long) got.body().length, bytes.get("telemetry/up"));
    assertTrue(got.body().length < 1000);
  }

  @Test
  void anAnswerStalledHalfWay_failsWithinTheDeadline() throws Exception {
    try (java.net.ServerSocket server = new java.net.ServerSocket(0, 1,
        java.net.InetAddress.getLoopbackAddress())) {
      Thread stall = new Thread(() -> {
        try (java.net.Socket s = server.accept()) {
          s.getInputStream().read(new byte[4096]);
          s.getOutputStream().write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
              + "Content-Length: 1000\r\n\r\n{\"storeId\":").getBytes());
          s.getOutputStream().flush();
          Thread.sleep(20_000); // headers sent, body never finished
        } catch (Exception ignored) {
          // the client gave up and closed the connection: that is the point
        }
      });
      stall.setDaemon(true);
      stall.start();
      SyncClient slow = new SyncClient(http, URI.create("http://127.0.0.1:" + server.getLocalPort()),
          CRED, meter, Duration.ofMillis(500));
      long t0 = System.nanoTime();
      assertThrows(java.net.http.HttpTimeoutException.class, () -> slow.fetchDesired(0, 0));
      long ms = (System.nanoTime() - t0) / 1_000_000;
      assertTrue(ms < 5_000, "gave up after " + ms + " ms");
    }
  }

  @Test
  void persistedBatches_areSentByteForByte() throws Exception {
    cloud.answer("/sync/v1/reports", 200, "{\"acceptedSequence\":7,\"duplicate\":false}");
    cloud.answer("/sync/v1/telemetry", 200, "{\"acceptedSequence\":2,\"duplicate\":true}");
    byte[] report = "{\"sequence\":7,\"events\":[]}".getBytes();
    byte[] telemetry = Gzip.compress("{\"sequence\":2,\"messages\":[]}".getBytes());

    assertEquals(new BatchReceipt(7, false), client.sendReports(report));
    assertEquals(new BatchReceipt(2, true), client.sendTelemetryGzipped(telemetry));

    assertArrayEquals(report, cloud.received.get(0).body());
    assertArrayEquals(telemetry, cloud.received.get(1).body());
    assertEquals("gzip", cloud.received.get(1).header("Content-encoding"));
    assertEquals((long) telemetry.length, bytes.get("telemetry/up"));
  }

  record Refusal(String name, int status, String body, String error, OptionalLong expected,
      boolean retryable) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Refusal> refusals() {
    return Stream.of(
        new Refusal("sequence gap carries expected", 409,
            "{\"error\":\"sequence_gap\",\"message\":\"expected 4\",\"expected\":4}", "sequence_gap",
            OptionalLong.of(4), false),
        new Refusal("bad credential", 401, "{\"error\":\"unauthorized\",\"message\":\"no\"}",
            "unauthorized", OptionalLong.empty(), false),
        new Refusal("cloud down", 503, "{\"error\":\"unavailable\",\"message\":\"later\"}",
            "unavailable", OptionalLong.empty(), true),
        new Refusal("rate limited", 429, "", "http_429", OptionalLong.empty(), true),
        new Refusal("proxy page", 502, "<html>bad gateway</html>", "http_502", OptionalLong.empty(),
            true));
  }

  @ParameterizedTest
  @MethodSource("refusals")
  void errorStatus_becomesSyncHttpException(Refusal c) {
    cloud.answer("/sync/v1/reports", c.status(), c.body());
    SyncHttpException e = assertThrows(SyncHttpException.class, () -> client.sendReports(
        new ReportBatch(5, T, null, null, null, null)));
    assertEquals(c.status(), e.status());
    assertEquals(c.error(), e.error());
    assertEquals(c.expected(), e.expected());
    assertEquals(c.retryable(), e.retryable());
  }

  @Test
  void unreadableAnswer_isAnIOExceptionNamingThePath() {
    cloud.answer("/sync/v1/reports", 200, "{\"acceptedSequence\":\"x\"}");
    IOException e = assertThrows(IOException.class, () -> client.sendReports(
        new ReportBatch(1, T, null, null, null, null)));
    assertFalse(e instanceof SyncHttpException);
    assertTrue(e.getMessage().contains("/sync/v1/reports"), e.getMessage());
    assertTrue(e.getMessage().contains("acceptedSequence"), e.getMessage());
  }

  @Test
  void unreachableCloud_isAnIOException() throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    SyncClient dead = new SyncClient(http, URI.create("http://127.0.0.1:" + port), CRED, meter,
        Duration.ofSeconds(2));
    assertThrows(IOException.class, () -> dead.ackDesired(1));
  }
}
