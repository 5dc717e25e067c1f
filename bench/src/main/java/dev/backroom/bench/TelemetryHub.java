package dev.backroom.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.backroom.harness.HubApi;
import dev.backroom.harness.HubAuth;
import dev.backroom.harness.ManagedProcess;
import dev.backroom.harness.Ports;
import dev.backroom.harness.Repo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The hub under test as a real process (its jar), restarted on the same data directory and
 * ports between phases: without {@code cloud-identity.json} it only ingests (the outbox fills,
 * nothing is uploaded), with it it drains to the cloud. A restart is how a store hub picks up a
 * new enrolment for certain, whatever the hub does when the file appears while it runs.
 */
final class TelemetryHub {
  static final String IDENTITY = "cloud-identity.json";

  private final TelemetryOptions o;
  private final Path dir;
  private final int httpPort = Ports.free();
  private final int mqttPort = Ports.free();
  private final int telemetryPort = Ports.free();
  private final HubAuth auth = HubAuth.random();
  private final HubApi api;
  private ManagedProcess process;
  private int starts;

  TelemetryHub(TelemetryOptions o, Path dir) {
    this.o = o;
    this.dir = dir;
    // With TLS the bench trusts only the store CA the hub makes in its data directory.
    this.api = o.tls() ? new HubApi("https://127.0.0.1:" + httpPort, auth.adminToken(), caFile())
        : new HubApi("http://127.0.0.1:" + httpPort, auth.adminToken());
  }

  private Path caFile() {
    return dataDir().resolve("tls").resolve("ca.pem");
  }

  Path dataDir() {
    return dir.resolve("hub-data");
  }

  int telemetryPort() {
    return telemetryPort;
  }

  private dev.backroom.harness.DeviceRegistration.Credential workloads;

  /** The workload credential publishers connect to the telemetry listener with. */
  dev.backroom.harness.DeviceRegistration.Credential workloads() {
    return workloads;
  }

  /**
   * How publishers reach the telemetry listener: over TLS trusting only the store CA (read from
   * the hub's data directory once it has started; the same CA a device's registration answer
   * carries), or plain with {@code --links plain}.
   */
  FleetLinks links() throws IOException {
    return o.tls() ? new FleetLinks(Files.readString(caFile()), Map.of(), true)
        : FleetLinks.plain();
  }

  HubApi api() {
    return api;
  }

  long pid() {
    return process.process().pid();
  }

  /** Starts the hub and waits until ready; returns the nanoTime it answered ready. */
  long start() throws InterruptedException {
    starts++;
    List<String> cmd = new ArrayList<>(List.of(Repo.java()));
    for (String opt : o.hubJavaOpts().trim().split("\\s+")) {
      if (!opt.isEmpty()) {
        cmd.add(opt);
      }
    }
    cmd.addAll(List.of("-Dbackroom.data-dir=" + dataDir().toAbsolutePath(),
        "-Dquarkus.http.port=" + httpPort, "-Dquarkus.http.host=127.0.0.1",
        "-Dbackroom.mqtt.port=" + mqttPort,
        "-Dbackroom.telemetry.port=" + telemetryPort,
        // The whole run's backlog must fit: an eviction would show up as loss.
        "-Dbackroom.telemetry.outbox-max-bytes=" + o.outboxMaxBytes()));
    if (!o.tls()) {
      // --links plain, explicitly: TLS off; the telemetry listener still demands a credential.
      cmd.add("-Dbackroom.tls.enabled=false");
    }
    for (String p : o.hubProps()) {
      cmd.add("-D" + p);
    }
    cmd.addAll(List.of("-jar", o.hubJar() != null ? o.hubJar() : Repo.hubJar().toString()));
    process = new ManagedProcess("hub", cmd, dir.resolve("hub-" + starts + ".log"),
        auth.environment()).start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (api.status("/q/health/ready") != 200) {
      if (!process.isAlive() || System.nanoTime() > deadline) {
        throw new IllegalStateException("hub not ready:\n" + process.tail(40));
      }
      Thread.sleep(20);
    }
    long ready = System.nanoTime();
    Ports.awaitOpen(telemetryPort, Duration.ofSeconds(10), process.process(), "hub telemetry listener");
    if (workloads == null) {
      // one enrolled device whose workload credential every publisher uses (kept in H2 across
      // the kill round's restart)
      workloads = dev.backroom.harness.DeviceRegistration.register(api, "bench-telemetry");
    }
    return ready;
  }

  /** SIGTERM; the hub shuts down cleanly. */
  void stop() {
    if (process != null) {
      process.stop();
    }
  }

  /** SIGKILL, like kill -9: no shutdown hook, no clean close of H2 or of the MQTT sessions. */
  void kill() {
    process.kill();
  }

  void installIdentity(Path identity) throws IOException {
    Path target = dataDir().resolve(IDENTITY);
    Files.createDirectories(dataDir());
    Files.copy(identity, target, StandardCopyOption.REPLACE_EXISTING);
    Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-------"));
  }

  void removeIdentity() throws IOException {
    Files.deleteIfExists(dataDir().resolve(IDENTITY));
  }

  /**
   * Messages waiting in the outbox, from GET /api/v1/telemetry: its {@code outboxMessages}
   * total; failing that a top-level numeric field whose name contains "queued", else the sum of
   * every such field below (per stream {@code queuedMessages}).
   */
  long queued() {
    JsonNode n = api.get("/api/v1/telemetry").expect(200).json();
    if (n.path("outboxMessages").isNumber()) {
      return n.get("outboxMessages").asLong();
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (e.getKey().toLowerCase().contains("queued") && e.getValue().isNumber()) {
        return e.getValue().asLong();
      }
    }
    long sum = sumQueued(n);
    if (sum < 0) {
      throw new IllegalStateException("GET /api/v1/telemetry has no queued count: " + n);
    }
    return sum;
  }

  private static long sumQueued(JsonNode n) {
    long sum = -1;
    if (n.isContainerNode()) {
      Iterator<Map.Entry<String, JsonNode>> fields = n.isObject() ? n.fields() : null;
      if (fields != null) {
        while (fields.hasNext()) {
          Map.Entry<String, JsonNode> e = fields.next();
          long v = e.getKey().toLowerCase().contains("queued") && e.getValue().isNumber()
              ? e.getValue().asLong() : sumQueued(e.getValue());
          sum = v < 0 ? sum : Math.max(sum, 0) + v;
        }
      } else {
        for (JsonNode c : n) {
          long v = sumQueued(c);
          sum = v < 0 ? sum : Math.max(sum, 0) + v;
        }
      }
    }
    return sum;
  }

  /** Sum of a Prometheus sample's values whose line carries every given label. */
  double metric(String name, String... labels) {
    String text = api.get("/q/metrics").expect(200).body();
    double sum = 0;
    for (String line : text.split("\n")) {
      if (!line.startsWith(name + "{") && !line.startsWith(name + " ")) {
        continue;
      }
      boolean all = true;
      for (String l : labels) {
        all &= line.contains(l);
      }
      if (all) {
        sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return sum;
  }

  String tail() {
    return process == null ? "" : process.tail(30);
  }
}
