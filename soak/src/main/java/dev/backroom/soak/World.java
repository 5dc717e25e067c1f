package dev.backroom.soak;

import dev.backroom.harness.AgentProcess;
import dev.backroom.harness.CloudProcess;
import dev.backroom.harness.DeviceRegistration;
import dev.backroom.harness.DockerEngine;
import dev.backroom.harness.Enrollment;
import dev.backroom.harness.HubAuth;
import dev.backroom.harness.HubProcess;
import dev.backroom.harness.ManagedProcess;
import dev.backroom.harness.MosquittoProcess;
import dev.backroom.harness.Ports;
import dev.backroom.launcher.JavaOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The store under test: the real cloud, a hub enrolled to it (its own Mosquitto, or an external
 * one in mosquitto mode), three agents on the real Docker engine. Production configuration: TLS,
 * authentication, the broker's ACLs, the launcher's JVM options and the agents' default
 * heartbeat, keep-alive and stop timeout; what differs is listed in {@link #setup()}.
 */
final class World implements AutoCloseable {
  /** A process faults can kill, freeze and bring back. */
  record Part(String name, Kind kind, ManagedProcess process, Runnable startAgain) {
    enum Kind { HUB, AGENT, CLOUD, BROKER }
  }

  final String run;
  final Path dir;
  final SoakOptions.Mode mode;
  final String store;
  final List<String> devices = new ArrayList<>();
  final Map<String, AgentProcess> agents = new LinkedHashMap<>();
  final List<Part> parts = new ArrayList<>();
  DockerEngine docker;
  CloudProcess cloud;
  MosquittoProcess broker;
  HubProcess hub;

  private World(String run, Path dir, SoakOptions.Mode mode) {
    this.run = run;
    this.dir = dir;
    this.mode = mode;
    this.store = "soak-" + run;
    for (String d : List.of("a", "b", "c")) {
      devices.add("soak-" + run + "-" + d);
    }
  }

  /** Starts everything, or stops what it started and throws. */
  static World start(String run, Path dir, SoakOptions.Mode mode, List<SoakExtension> extensions,
      Log log) {
    World w = new World(run, dir, mode);
    try {
      w.docker = DockerEngine.connect().requireImage(DockerEngine.TEST_IMAGE);
      log.line("starting the cloud");
      w.cloud = CloudProcess.start(dir.resolve("cloud"), CloudProcess.Db.h2(),
          CloudProcess.newAdminToken(), Map.of(), JavaOptions.cloud(Map.of()));
      w.cloud.createStore(w.store, Map.of("soak", run));
      String cloudUrl = w.cloud.url();
      Path hubDir = dir.resolve("hub");
      for (SoakExtension x : extensions) {
        cloudUrl = x.hubCloudUrl(cloudUrl);
        hubDir = x.hubDataDir(hubDir);
      }
      Enrollment.enroll(w.cloud, cloudUrl, w.store, hubDir);
      Map<String, String> settings = new TreeMap<>();
      String external = null;
      if (mode == SoakOptions.Mode.MOSQUITTO) {
        log.line("starting the external Mosquitto (dynamic security)");
        w.broker = MosquittoProcess.startSecured(dir.resolve("mosquitto"));
        external = w.broker.uri();
        settings.putAll(w.broker.hubSettings());
      }
      log.line("starting the hub");
      Map<String, String> env = new TreeMap<>(JavaOptions.hubEnvironment(Map.of()));
      settings.forEach((k, v) -> env.put(k.toUpperCase(java.util.Locale.ROOT)
          .replaceAll("[^A-Z0-9]", "_"), v));
      extensions.forEach(x -> env.putAll(x.hubEnvironment()));
      // The log outside the data directory, which an extension may make a small filesystem.
      w.hub = HubProcess.start(new HubProcess.Setup(hubDir, dir.resolve("hub.log"), Ports.free(),
          external, Ports.free(),
          Ports.free(), HubAuth.random(), JavaOptions.hub(Map.of()), Map.of(), env));
      // The three registrations side by side: each is a JVM of its own, seconds on a busy machine.
      log.line("registering and starting the agents of " + w.devices);
      List<java.util.concurrent.CompletableFuture<AgentProcess>> starts = new ArrayList<>();
      for (String d : w.devices) {
        starts.add(java.util.concurrent.CompletableFuture.supplyAsync(() -> startAgent(w, d)));
      }
      RuntimeException failed = null;
      for (var f : starts) { // every started agent recorded, so that close() stops it
        try {
          AgentProcess a = f.join();
          w.agents.put(a.deviceId(), a);
        } catch (java.util.concurrent.CompletionException e) {
          failed = e.getCause() instanceof RuntimeException r ? r : e;
        }
      }
      if (failed != null) {
        throw failed;
      }
      w.parts.add(new Part("hub", Part.Kind.HUB, w.hub, w.hub::startAgain));
      w.parts.add(new Part("cloud", Part.Kind.CLOUD, w.cloud, w.cloud::startAgain));
      for (AgentProcess a : w.agents.values()) {
        w.parts.add(new Part("agent " + a.deviceId(), Part.Kind.AGENT, a, a::start));
      }
      if (w.broker != null) {
        MosquittoProcess b = w.broker;
        w.parts.add(new Part("mosquitto", Part.Kind.BROKER, b, () -> {
          b.start();
          Ports.awaitOpen(b.port(), Duration.ofSeconds(10), b.process(), "mosquitto");
        }));
      }
      log.line("waiting for the three devices to be ACTIVE");
      long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
      while (activeDevices(w) < w.devices.size()) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("devices not ACTIVE within 120 s: "
              + w.hub.api().get("/api/v1/devices").body());
        }
        Ports.sleep(500);
      }
      return w;
    } catch (RuntimeException e) {
      w.close();
      throw new StartException(e);
    }
  }

  /** The store did not start: no engine, no image, a process not ready in time. */
  static final class StartException extends RuntimeException {
    StartException(RuntimeException cause) {
      super(cause.getMessage(), cause);
    }
  }

  private static AgentProcess startAgent(World w, String d) {
    Path data = w.dir.resolve(d);
    DeviceRegistration.registerAgent(w.hub, d, data);
    return AgentProcess.start(d, JavaOptions.agent(Map.of()), JavaOptions.agentEnvironment(Map.of()),
        List.of("--device-id", d, "--broker", w.hub.brokerUri(), "--data-dir",
            data.toAbsolutePath().toString(), "--arch", "x86_64", "--gpus", "0"),
        data.resolve("agent.log"));
  }

  private static int activeDevices(World w) {
    int n = 0;
    for (var d : w.hub.api().get("/api/v1/devices").json()) {
      if (w.devices.contains(d.path("deviceId").asText())
          && "ACTIVE".equals(d.path("status").asText())) {
        n++;
      }
    }
    return n;
  }

  /** Where this run differs from a production store, for the result's {@code setup} block. */
  Map<String, String> setup() {
    Map<String, String> s = new LinkedHashMap<>();
    s.put("processes", "cloud (H2), hub (" + (broker == null ? "its own Mosquitto" : "external Mosquitto")
        + "), 3 agents (x86_64, no GPU) on one Docker engine " + DockerEngine.host());
    s.put("configuration", "production defaults: TLS, authentication, broker ACLs, the launcher's"
        + " JVM options, agent heartbeat 30 s, keep-alive 20 s, stop timeout 30 s, hub heartbeat"
        + " timeout 90 s");
    s.put("differs", "all processes on 127.0.0.1 of one machine; the three devices share one"
        + " Docker engine (each sees only its own containers by label); the cloud runs on H2"
        + " over plain HTTP on loopback"
        + (broker == null ? "" : "; the external Mosquitto listens in plain MQTT on loopback"
            + " (dynamic security, anonymous refused), as the harness's secured broker does"));
    return s;
  }

  /** Every process log, by part name, for the log scan. */
  Map<String, Path> logs() {
    Map<String, Path> m = new LinkedHashMap<>();
    for (Part p : parts) {
      m.put(p.name(), p.process().log());
    }
    return m;
  }

  /** The device a part runs, or null for the hub, cloud and broker. */
  static String deviceOf(Part p) {
    return p.kind() == Part.Kind.AGENT ? ((AgentProcess) p.process()).deviceId() : null;
  }

  @Override
  public void close() {
    for (AgentProcess a : agents.values()) {
      cont(a);
      a.stop();
    }
    for (ManagedProcess p : new ManagedProcess[] {hub, broker, cloud}) {
      if (p != null) {
        cont(p);
        p.stop();
      }
    }
    if (docker != null) {
      for (String d : devices) {
        docker.removeDeviceContainers(d);
      }
      // The task-scoped volumes of tasks still assigned when the agents stopped.
      for (var v : docker.client().listVolumesCmd().withFilter("label", List.of("soak.run=" + run))
          .exec().getVolumes()) {
        try {
          docker.client().removeVolumeCmd(v.getName()).exec();
        } catch (RuntimeException e) {
          // in use or gone: nothing to do at the end of a run
        }
      }
      docker.close();
    }
  }

  /** A frozen process cannot stop: thaw it first (harmless when it runs). */
  private static void cont(ManagedProcess p) {
    if (p.isAlive()) {
      Signals.send(p.process().pid(), "CONT");
    }
  }
}
