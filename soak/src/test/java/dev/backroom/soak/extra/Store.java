package dev.backroom.soak.extra;

import dev.backroom.harness.CloudProcess;
import dev.backroom.harness.Enrollment;
import dev.backroom.harness.HubAuth;
import dev.backroom.harness.HubProcess;
import dev.backroom.harness.Ports;
import dev.backroom.harness.Repo;
import dev.backroom.harness.TcpProxy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The ITs' world: a real cloud (H2), the hub's uplink through a {@link TcpProxy}, one enrolled
 * store and its real hub (TLS on). No agent: these components are about the hub's links, disk
 * and clock.
 */
final class Store implements AutoCloseable {
  final String run = UUID.randomUUID().toString().substring(0, 6);
  final String storeId;
  final Path dir;
  final CloudProcess cloud;
  final TcpProxy link;
  final Path hubDir;
  HubProcess hub;

  /**
   * @param hubDir the hub's data directory, null for one under the run directory
   * @param settings hub settings (environment) on top of {@link #fastSync()}
   */
  Store(String name, Path hubDir, Map<String, String> settings) {
    storeId = name + "-" + run;
    dir = runDir(storeId);
    cloud = CloudProcess.start(dir.resolve("cloud"), CloudProcess.Db.h2());
    link = TcpProxy.start(cloud.httpPort());
    cloud.createStore(storeId, Map.of("region", "eu"));
    this.hubDir = hubDir == null ? dir.resolve("hub") : hubDir;
    Enrollment.enroll(cloud, link.url(), storeId, this.hubDir);
    Map<String, String> env = new TreeMap<>();
    Map<String, String> all = fastSync();
    all.putAll(settings);
    // As HubProcess.start does with settings: backroom.sync.poll-wait -> BACKROOM_SYNC_POLL_WAIT.
    all.forEach((k, v) -> env.put(k.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_"), v));
    // The log beside the data directory, not in it: a full or unmounted data disk keeps it.
    try {
      hub = HubProcess.start(new HubProcess.Setup(this.hubDir, dir.resolve("hub.log"), Ports.free(),
          null, Ports.free(), Ports.free(), HubAuth.random(), List.of("-Xmx256m"), Map.of(), env));
    } catch (RuntimeException e) {
      close(); // the test never gets this object to close: no cloud left running
      throw e;
    }
  }

  /** Sync that reacts in test time (as the e2e tests' fastSyncHub). */
  static Map<String, String> fastSync() {
    Map<String, String> m = new TreeMap<>();
    m.put("backroom.sync.poll-wait", "5s");
    m.put("backroom.sync.report-interval", "1s");
    m.put("backroom.sync.request-timeout", "5s");
    m.put("backroom.sync.backoff-base", "200ms");
    m.put("backroom.sync.backoff-cap", "2s");
    m.put("backroom.telemetry.upload-interval", "200ms");
    m.put("backroom.telemetry.upload-timeout", "5s");
    m.put("backroom.telemetry.batch-max-messages", "200");
    return m;
  }

  static Path runDir(String name) {
    try {
      return Files.createDirectories(Repo.root().resolve("soak/target/runs/" + name));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    if (hub != null) {
      hub.stop();
    }
    cloud.stop();
    link.close();
  }
}
