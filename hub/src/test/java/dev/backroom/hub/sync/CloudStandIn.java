package dev.backroom.hub.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.backroom.sync.wire.BatchReceipt;
import dev.backroom.sync.wire.ChangeOp;
import dev.backroom.sync.wire.DesiredChange;
import dev.backroom.sync.wire.DesiredChanges;
import dev.backroom.sync.wire.ErrorBody;
import dev.backroom.sync.wire.ReportBatch;
import dev.backroom.sync.wire.RevisionAck;
import dev.backroom.sync.wire.SequenceGapBody;
import dev.backroom.sync.wire.SyncJson;
import dev.backroom.sync.wire.SyncPaths;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * TEST STAND-IN for the cloud sync endpoint (the real one is sync/cloud): a JDK HttpServer on
 * 127.0.0.1 that speaks docs/sync-protocol.md for one store, with switches to fail on purpose.
 * It keeps every report attempt so tests can check resends are byte-identical.
 */
final class CloudStandIn implements AutoCloseable {
  /** How the stand-in treats a store call. */
  enum Mode { NORMAL, FAIL_500, DROP, STORE_THEN_DROP, REFUSE_CREDENTIAL }

  record Attempt(long sequence, byte[] body) {}

  static volatile CloudStandIn current;

  final String storeId;
  final String credential;
  private final HttpServer server;
  private volatile Mode mode = Mode.NORMAL;
  private long revision;
  private boolean fullNext;
  private final Map<String, DesiredChange> objects = new LinkedHashMap<>();
  private final List<Long> logRevisions = new ArrayList<>();
  private final List<DesiredChange> log = new ArrayList<>();
  private long acked;
  private long lastAccepted;
  private final List<ReportBatch> accepted = new ArrayList<>();
  /** Batches refused as invalid; every test checks that there are none. */
  final List<String> invalid = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final List<Attempt> attempts = new ArrayList<>();
  private final List<Long> duplicates = new ArrayList<>();

  CloudStandIn(String storeId, String credential) throws IOException {
    this.storeId = storeId;
    this.credential = credential;
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(SyncPaths.DESIRED, this::handle);
    server.createContext(SyncPaths.REPORTS, this::handle);
    server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
    server.start();
  }

  URI url() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  void mode(Mode m) {
    mode = m;
  }

  /** A new revision with these changes. */
  synchronized long publish(DesiredChange... changes) {
    revision++;
    for (DesiredChange c : changes) {
      String key = c.kind() + "/" + c.name();
      if (c.op() == ChangeOp.DELETE) {
        objects.remove(key);
      } else {
        objects.put(key, c);
      }
      log.add(c);
      logRevisions.add(revision);
    }
    notifyAll();
    return revision;
  }

  /** The next desired answer is a full snapshot, as after the cloud's change-log horizon. */
  synchronized void fullSnapshotNext() {
    fullNext = true;
  }

  synchronized long acked() {
    return acked;
  }

  synchronized List<ReportBatch> accepted() {
    return List.copyOf(accepted);
  }

  synchronized List<Attempt> attempts() {
    return List.copyOf(attempts);
  }

  synchronized List<Long> duplicates() {
    return List.copyOf(duplicates);
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      Mode m = mode;
      String auth = ex.getRequestHeaders().getFirst("Authorization");
      if (m == Mode.REFUSE_CREDENTIAL || !("Bearer " + credential).equals(auth)) {
        send(ex, 401, SyncJson.write(new ErrorBody("unauthorized", "credential refused")));
        return;
      }
      byte[] body = ex.getRequestBody().readAllBytes();
      String path = ex.getRequestURI().getPath();
      if (path.equals(SyncPaths.REPORTS)) {
        reports(ex, body, m);
        return;
      }
      if (m == Mode.DROP || m == Mode.STORE_THEN_DROP) {
        return; // closed without an answer, like a crashed or unplugged cloud
      }
      if (m == Mode.FAIL_500) {
        send(ex, 500, SyncJson.write(new ErrorBody("internal", "stand-in fails on purpose")));
      } else if (path.equals(SyncPaths.DESIRED_ACK)) {
        synchronized (this) {
          acked = Math.max(acked, SyncJson.read(body, RevisionAck.class).revision());
        }
        send(ex, 200, "{}".getBytes());
      } else {
        send(ex, 200, SyncJson.write(desired(ex.getRequestURI().getQuery())));
      }
    }
  }

  private synchronized DesiredChanges desired(String query) {
    Map<String, Long> q = new LinkedHashMap<>();
    for (String kv : query.split("&")) {
      String[] p = kv.split("=");
      q.put(p[0], Long.parseLong(p[1]));
    }
    long since = q.get(SyncPaths.PARAM_SINCE);
    long deadline = System.currentTimeMillis() + q.get(SyncPaths.PARAM_WAIT) * 1000;
    while (revision <= since && !fullNext && System.currentTimeMillis() < deadline) {
      try {
        wait(Math.max(1, deadline - System.currentTimeMillis()));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    if (since == 0 || fullNext) {
      fullNext = false;
      return new DesiredChanges(storeId, revision, true, List.copyOf(objects.values()));
    }
    Map<String, DesiredChange> collapsed = new LinkedHashMap<>();
    for (int i = 0; i < log.size(); i++) {
      if (logRevisions.get(i) > since) {
        DesiredChange c = log.get(i);
        collapsed.remove(c.kind() + "/" + c.name());
        collapsed.put(c.kind() + "/" + c.name(), c);
      }
    }
    return new DesiredChanges(storeId, Math.max(since, revision), false, List.copyOf(collapsed.values()));
  }

  private void reports(HttpExchange ex, byte[] body, Mode m) throws IOException {
    ReportBatch batch = SyncJson.read(body, ReportBatch.class);
    BatchReceipt receipt;
    synchronized (this) {
      attempts.add(new Attempt(batch.sequence(), body));
      if (m == Mode.DROP) {
        return;
      }
      if (m == Mode.FAIL_500) {
        send(ex, 500, SyncJson.write(new ErrorBody("internal", "stand-in fails on purpose")));
        return;
      }
      // The real cloud validates every batch with the protocol's rules; so does the stand-in,
      // so a hub that sends what the cloud would refuse fails here rather than in production.
      List<dev.backroom.config.validate.Violation> problems =
          dev.backroom.sync.batch.BatchValidator.validate(batch);
      if (!problems.isEmpty()) {
        invalid.add(problems.toString());
        send(ex, 400, SyncJson.write(new ErrorBody("bad_request", problems.toString())));
        return;
      }
      if (batch.sequence() > lastAccepted + 1) {
        send(ex, 409, SyncJson.write(SequenceGapBody.of(lastAccepted + 1, batch.sequence())));
        return;
      }
      boolean duplicate = batch.sequence() <= lastAccepted;
      if (duplicate) {
        duplicates.add(batch.sequence());
      } else {
        accepted.add(batch);
        lastAccepted = batch.sequence();
      }
      receipt = new BatchReceipt(lastAccepted, duplicate);
    }
    if (m == Mode.STORE_THEN_DROP) {
      return; // stored, but the receipt never reaches the hub
    }
    send(ex, 200, SyncJson.write(receipt));
  }

  private static void send(HttpExchange ex, int status, byte[] body) throws IOException {
    ex.getResponseHeaders().set("Content-Type", "application/json");
    ex.sendResponseHeaders(status, body.length);
    ex.getResponseBody().write(body);
  }

  static DesiredChange upsert(dev.backroom.sync.wire.DesiredKind kind, String name, String json) {
    return new DesiredChange(kind, name, ChangeOp.UPSERT, SyncJson.read(json.getBytes(), JsonNode.class));
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
