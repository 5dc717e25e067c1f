package dev.backroom.hub.telemetry;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.backroom.sync.batch.Gzip;
import dev.backroom.sync.wire.BatchReceipt;
import dev.backroom.sync.wire.SyncJson;
import dev.backroom.sync.wire.TelemetryBatch;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;

/**
 * TEST STAND-IN for the cloud's telemetry endpoint (the real one is sync/cloud): a JDK
 * HttpServer on 127.0.0.1 that speaks {@code POST /sync/v1/telemetry} as the contract says
 * (bearer credential, gzip JSON, gapless sequence: duplicate, accept, or 409 sequence_gap), and
 * can be scripted to fail the next requests.
 */
final class TelemetryCloudStandIn implements AutoCloseable {
  enum Fault {
    /** Answer 500 without storing. */
    SERVER_ERROR,
    /** Store the batch, then close the connection without an answer (a lost response). */
    STORE_THEN_DROP
  }

  /** One request as it arrived: its sequence and its exact gzip body. */
  record Received(long sequence, byte[] body) {}

  private final HttpServer server;
  private final String expectedAuthorization;
  private final Deque<Fault> faults = new ArrayDeque<>();
  private final List<Received> requests = new ArrayList<>();
  private final List<TelemetryBatch> stored = new ArrayList<>();
  private long lastAccepted;

  TelemetryCloudStandIn(String credentialToken) throws IOException {
    expectedAuthorization = "Bearer " + credentialToken;
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/sync/v1/telemetry", this::handle);
    server.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  synchronized void failNext(Fault... next) {
    faults.addAll(List.of(next));
  }

  synchronized List<Received> requests() {
    return List.copyOf(requests);
  }

  /** Batches stored, once each, in sequence order. */
  synchronized List<TelemetryBatch> stored() {
    return List.copyOf(stored);
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      if (!"POST".equals(ex.getRequestMethod())
          || !expectedAuthorization.equals(ex.getRequestHeaders().getFirst("Authorization"))
          || !"gzip".equals(ex.getRequestHeaders().getFirst("Content-Encoding"))) {
        answer(ex, 401, Map.of("error", "unauthorized", "message", "bad request line or headers"));
        return;
      }
      byte[] body;
      try (InputStream in = ex.getRequestBody()) {
        body = in.readAllBytes();
      }
      TelemetryBatch batch = SyncJson.read(Gzip.decompress(body, 64 << 20), TelemetryBatch.class);
      Fault fault;
      synchronized (this) {
        requests.add(new Received(batch.sequence(), body));
        fault = faults.poll();
        if (fault == Fault.SERVER_ERROR) {
          answer(ex, 500, Map.of("error", "internal", "message", "scripted failure"));
          return;
        }
        if (batch.sequence() > lastAccepted + 1) {
          answer(ex, 409, Map.of("error", "sequence_gap", "message", "gap",
              "expected", lastAccepted + 1));
          return;
        }
        boolean duplicate = batch.sequence() <= lastAccepted;
        if (!duplicate) {
          stored.add(batch);
          lastAccepted = batch.sequence();
        }
        if (fault == Fault.STORE_THEN_DROP) {
          return; // closes the exchange with no response: the hub sees a broken connection
        }
        answer(ex, 200, new BatchReceipt(lastAccepted, duplicate));
      }
    }
  }

  private static void answer(HttpExchange ex, int status, Object body) throws IOException {
    byte[] bytes = SyncJson.write(body);
    ex.getResponseHeaders().add("Content-Type", "application/json");
    ex.sendResponseHeaders(status, bytes.length);
    ex.getResponseBody().write(bytes);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
