package dev.backroom.hub.telemetry;

import dev.backroom.hub.config.HubConfig;
import dev.backroom.hub.store.StorageHealth;
import dev.backroom.hub.tls.StoreTls;
import dev.backroom.sync.auth.CloudIdentity;
import dev.backroom.sync.client.SyncClient;
import dev.backroom.sync.outbox.StreamPolicy;
import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.jboss.logging.Logger;

/**
 * Builds the telemetry parts from config and runs them: writer first (it loads the ledger from
 * H2), then the listener, then the uploader; stopped in reverse. The parts are plain objects;
 * this bean only wires them to Quarkus (data source, Vert.x, metrics, lifecycle).
 */
@ApplicationScoped
public class TelemetryService {
  private static final Logger LOG = Logger.getLogger(TelemetryService.class);

  @Inject TelemetryConfig config;
  @Inject HubConfig hub;
  /** Workload credentials, checked by whoever hands them out (enrolment). */
  @Inject TelemetryAuth workloads;
  @Inject StoreTls storeTls;
  @Inject AgroalDataSource dataSource;
  @Inject Vertx vertx;
  @Inject MeterRegistry meters;
  @Inject StorageHealth storageHealth;

  private final Clock clock = Clock.systemUTC();
  private final OutboxLedger ledger = new OutboxLedger();
  private StreamPolicy.Table policies;
  private OutboxWriter writer;
  private TelemetryListener listener;
  private TelemetryUploader uploader;
  private volatile int port = -1;

  void onStart(@Observes StartupEvent e) throws Exception {
    policies = policies(config);
    if (!config.enabled()) {
      LOG.info("telemetry listener disabled");
      return;
    }
    TelemetryMetrics metrics = new TelemetryMetrics(meters, ledger);
    // A backlog is more than one upload batch; while one drains, rows of cut batches wait, up
    // to about a quarter of the outbox bound (or four batches, if more), for their delete.
    long maxDeadRows = Math.max(4L * config.batchMaxMessages(),
        config.outboxMaxBytes() / 4 / (OutboxBytes.ROW_OVERHEAD + 200));
    writer = new OutboxWriter(dataSource, clock, policies, config.outboxMaxBytes(),
        config.queueMaxMessages(), ledger, metrics, config.batchMaxMessages(), maxDeadRows,
        storageHealth);
    writer.start();
    listener = new TelemetryListener(vertx, config.host(), config.port(),
        config.maxMessageBytes(), hub.mqtt().allowAnonymous() ? TelemetryAuth.ACCEPT_ALL
            : workloads, writer, metrics);
    storeTls.ca().ifPresent(ca -> listener.withTls(ca.serverChainFile().toString(),
        ca.serverKeyFile().toString()));
    port = listener.start();
    BatchCutter cutter = new BatchCutter(dataSource, clock, ledger, config.batchMaxMessages(),
        config.batchMaxBytes(), config.gzipLevel());
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(10)).build();
    uploader = new TelemetryUploader(Path.of(hub.dataDir()), writer, cutter,
        (CloudIdentity id) -> new SyncClient(http, id.cloudUri(), id.storeCredential(),
            metrics.byteMeter(), config.uploadTimeout())::sendTelemetryGzipped,
        clock, new SecureRandom(), SyncClient.RETRY, config.uploadInterval());
    uploader.start();
    LOG.infof("telemetry listener on %s:%d; outbox holds %d messages, %d bytes", config.host(),
        port, ledger.totalMessages(), ledger.totalBytes());
  }

  void onStop(@Observes ShutdownEvent e) {
    if (listener != null) {
      listener.stop();
    }
    if (uploader != null) {
      uploader.stop();
    }
    if (writer != null) {
      writer.stop();
    }
  }

  /** The port the telemetry listener is bound to (useful with port 0); -1 when disabled. */
  public int listenerPort() {
    return port;
  }

  /** The in-memory counters, to check them against a rebuild from H2 (tests). */
  List<OutboxLedger.StreamView> ledgerSnapshot() {
    return ledger.snapshot();
  }

  public TelemetryView view() {
    Map<String, OutboxLedger.StreamView> known = new HashMap<>();
    ledger.snapshot().forEach(s -> known.put(s.stream(), s));
    TreeSet<String> names = new TreeSet<>(known.keySet());
    names.addAll(config.streams().keySet());
    List<TelemetryView.Stream> streams = new ArrayList<>();
    for (String name : names) {
      OutboxLedger.StreamView s = known.getOrDefault(name,
          new OutboxLedger.StreamView(name, 1, 0, 0, 0, 0));
      StreamPolicy p = policies.of(name);
      streams.add(new TelemetryView.Stream(name, p.priority(), p.ttl().toSeconds(),
          s.queuedMessages(), s.queuedBytes(), s.nextSeq(),
          Map.of(OutboxLedger.OVERFLOW, s.droppedOverflow(), OutboxLedger.TTL, s.droppedTtl())));
    }
    TelemetryUploader.State u = uploader == null ? new TelemetryUploader.State() : uploader.state();
    return new TelemetryView(config.enabled(), port, ledger.totalBytes(), ledger.totalMessages(),
        config.outboxMaxBytes(), new TelemetryView.Upload(u.enrolled, u.pendingSequence,
            u.lastAcceptedSequence, u.lastUploadAt, u.lastError), streams);
  }

  static StreamPolicy.Table policies(TelemetryConfig config) {
    Map<String, StreamPolicy> streams = new HashMap<>();
    config.streams().forEach((name, s) ->
        streams.put(name, new StreamPolicy(s.priority(), s.ttl().orElse(config.defaultTtl()))));
    return new StreamPolicy.Table(streams, new StreamPolicy(0, config.defaultTtl()));
  }
}
