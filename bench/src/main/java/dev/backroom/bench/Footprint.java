package dev.backroom.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.backroom.harness.AgentProcess;
import dev.backroom.harness.CloudProcess;
import dev.backroom.harness.DeviceRegistration;
import dev.backroom.harness.DockerEngine;
import dev.backroom.harness.HubAuth;
import dev.backroom.harness.HubProcess;
import dev.backroom.harness.ManagedProcess;
import dev.backroom.harness.Ports;
import dev.backroom.harness.Repo;
import dev.backroom.launcher.ClassArchive;
import dev.backroom.launcher.JavaOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What Backroom costs an edge appliance, run as users run it: the hub, its Mosquitto, an agent
 * and the cloud started with the launcher's own JVM options and environment
 * ({@link JavaOptions}), TLS and authentication on, every device enrolled. The hub carries
 * {@code --devices} simulated enrolled devices and {@code --tasks} tasks on them; one real agent
 * runs {@code --containers} real containers on the Docker engine. After the fleet settles, each
 * process's resident memory and CPU are read from /proc over an idle window. Start to ready is
 * measured from the process's start: the hub until /q/health/ready answers 200, the agent until
 * its broker connection is up, the cloud until its operator API answers. Hub and agent start as
 * an appliance starts them after its first start: with the class archive that first start
 * wrote ({@link ClassArchive}).
 */
public final class Footprint {
  private Footprint() {}

  public static void main(String[] args) throws Exception {
    FootprintOptions o = FootprintOptions.parse(args);
    String run = UUID.randomUUID().toString().substring(0, 6);
    Path dir = Files.createDirectories(Repo.root().resolve("bench/target/runs/footprint-" + run));
    Map<String, String> env = System.getenv();
    FootprintResults results = new FootprintResults(o, env);
    String device = "agent-" + run;
    try (DockerEngine docker = DockerEngine.connect().requireImage(DockerEngine.TEST_IMAGE)) {
      HubProcess hub = startHub(dir, env, results);
      try (FootprintFleet fleet = new FootprintFleet(hub, o.devices())) {
        results.enrolmentS(fleet.connect());
        AgentProcess agent = startAgent(hub, device, dir.resolve("agent"), env, results);
        try {
          FootprintWorkload.run(hub, device, o, fleet, results);
          firstRunEnds(hub, dir.resolve("hub/cds"));
          idle(hub, agent, o, results);
          restarts(hub, o, results);
        } finally {
          agent.stop();
          docker.removeDeviceContainers(device);
        }
      } finally {
        hub.stop();
      }
    }
    cloud(dir, env, o, results);
    results.write(o.out());
  }

  /**
   * The hub's first start: new database, CA, and a class archive written at its stop. It runs
   * until the fleet and the workload have been served (firstRunEnds), as an appliance's first
   * run serves its store for days before its first restart; an archive written by a start
   * stopped right at ready would lack what serving a store loads (H2's value types, the
   * workload's JSON, the fleet's MQTT path), and every later start would read those again.
   */
  private static HubProcess startHub(Path dir, Map<String, String> env, FootprintResults r) {
    long t0 = System.nanoTime();
    Path cds = dir.resolve("hub/cds");
    HubProcess hub = HubProcess.start(new HubProcess.Setup(dir.resolve("hub"),
        dir.resolve("hub/hub.log"), Ports.free(), null, Ports.free(), Ports.free(),
        HubAuth.random(), JavaOptions.hub(env), Map.of(), JavaOptions.hubEnvironment(env)),
        o -> ClassArchive.options(cds, "hub", Repo.hubJar(), o));
    r.hubFirstStartMs(ms(t0));
    System.out.printf("  hub pid %d ready in %.0f ms (first start: new database, CA and class"
        + " archive)%n", hub.process().pid(), ms(t0));
    return hub;
  }

  /** The first run's stop writes the class archive; the hub then starts again with it. */
  private static void firstRunEnds(HubProcess hub, Path cds) {
    hub.stop();
    requireArchive(cds, hub);
    long t0 = System.nanoTime();
    hub.startAgain();
    hub.awaitReady(java.time.Duration.ofSeconds(60));
    System.out.printf("  hub pid %d ready in %.0f ms (with the class archive its first run"
        + " wrote)%n", hub.process().pid(), ms(t0));
  }

  /** The archive the first start wrote at its stop, which the starts measured then map. */
  private static void requireArchive(Path dir, ManagedProcess p) {
    try (var files = Files.list(dir)) {
      if (files.noneMatch(f -> f.toString().endsWith(".jsa"))) {
        throw new IllegalStateException(p.name() + " wrote no class archive in " + dir
            + " at its stop:\n" + p.tail(20));
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /**
   * The agent as the launcher runs it ({@code BACKROOM_AGENT_JAVA_OPTS}, else the launcher's
   * default), enrolled by its own register command; ready when its broker connection is up.
   */
  private static AgentProcess startAgent(HubProcess hub, String device, Path dataDir,
      Map<String, String> env, FootprintResults r) throws Exception {
    DeviceRegistration.registerAgent(hub, device, dataDir);
    // The first start writes the agent's class archive at its stop; the second is measured.
    Path cds = dataDir.resolve("cds");
    AgentProcess first = startAgent(device, cds, env, dataDir, hub, "agent-first.log", r);
    first.stop();
    requireArchive(cds, first);
    return startAgent(device, cds, env, dataDir, hub, "agent.log", r);
  }

  private static AgentProcess startAgent(String device, Path cds, Map<String, String> env,
      Path dataDir, HubProcess hub, String log, FootprintResults r) throws Exception {
    boolean first = log.startsWith("agent-first");
    List<String> flags = new ArrayList<>(List.of("--device-id", device,
        "--broker", hub.brokerUri(), "--data-dir", dataDir.toAbsolutePath().toString(),
        // busybox sleeps ignore SIGTERM as PID 1: a short grace keeps the clean-up quick
        "--stop-timeout", "2"));
    long t0 = System.nanoTime();
    AgentProcess agent = AgentProcess.start(device,
        ClassArchive.options(cds, "agent", Repo.agentJar(), JavaOptions.agent(env)),
        JavaOptions.agentEnvironment(env), flags, dataDir.resolve(log));
    while (!Files.exists(agent.log()) || !Files.readString(agent.log()).contains("MQTT connected")) {
      if (!agent.isAlive() || ms(t0) > 60_000) {
        throw new IllegalStateException("agent not connected:\n" + agent.tail(40));
      }
      Thread.sleep(5);
    }
    if (first) {
      r.agentFirstStartMs(ms(t0));
    } else {
      r.agentStartMs(ms(t0));
    }
    System.out.printf("  agent pid %d connected in %.0f ms%s%n", agent.process().pid(), ms(t0),
        first ? " (first start: writes its class archive at its stop)"
            : " (with its class archive)");
    return agent;
  }

  /** The settled store, idle: RSS and CPU of hub, broker and agent over the window. */
  private static void idle(HubProcess hub, AgentProcess agent, FootprintOptions o,
      FootprintResults r) throws InterruptedException {
    System.out.printf("  settling %d s, then idle for %d s%n", o.settleS(), o.idleS());
    Thread.sleep(o.settleS() * 1000L);
    long hubPid = hub.process().pid();
    long brokerPid = brokerPid(hubPid);
    long agentPid = agent.process().pid();
    IdleWindow w = IdleWindow.measure(o.idleS(), hubPid, brokerPid, agentPid);
    r.idle(w, hubPid, brokerPid, agentPid);
  }

  /** The hub's start on its existing data (a power cut, an upgrade): the usual start in a store. */
  private static void restarts(HubProcess hub, FootprintOptions o, FootprintResults r) {
    List<Double> starts = new ArrayList<>();
    for (int i = 0; i < o.restarts(); i++) {
      hub.stop();
      long t0 = System.nanoTime();
      hub.startAgain();
      hub.awaitReady(java.time.Duration.ofSeconds(60));
      starts.add(ms(t0));
      System.out.printf("  hub restart %d: ready in %.0f ms%n", i + 1, ms(t0));
    }
    r.hubRestartsMs(starts);
  }

  private static void cloud(Path dir, Map<String, String> env, FootprintOptions o,
      FootprintResults r) throws InterruptedException {
    long t0 = System.nanoTime();
    try (CloudProcess cloud = CloudProcess.start(dir.resolve("cloud"), CloudProcess.Db.h2(),
        CloudProcess.newAdminToken(), Map.of(), JavaOptions.cloud(env), Ports.free(),
        dir.resolve("cloud/cloud.log"))) {
      r.cloudStartMs(ms(t0));
      Thread.sleep(o.settleS() * 1000L);
      long pid = cloud.process().pid();
      IdleWindow w = IdleWindow.measure(o.idleS(), pid);
      r.cloud(w, pid);
    }
  }

  /** The hub's own Mosquitto, its child process; -1 when it has none. */
  static long brokerPid(long hubPid) {
    return ProcessHandle.of(hubPid).stream().flatMap(ProcessHandle::children)
        .filter(c -> c.info().command().map(x -> x.endsWith("mosquitto")).orElse(false))
        .mapToLong(ProcessHandle::pid).findFirst().orElse(-1);
  }

  static double ms(long t0) {
    return (System.nanoTime() - t0) / 1e6;
  }

  static JsonNode services(HubProcess hub) {
    return hub.api().get("/api/v1/services").expect(200).json();
  }
}
