package dev.backroom.bench;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Event;
import com.github.dockerjava.api.model.HostConfig;
import dev.backroom.harness.AgentProcess;
import dev.backroom.harness.DeviceRegistration;
import dev.backroom.harness.DockerEngine;
import dev.backroom.harness.HubAuth;
import dev.backroom.harness.HubProcess;
import dev.backroom.harness.Ports;
import dev.backroom.harness.Repo;
import dev.backroom.launcher.JavaOptions;
import java.io.Closeable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Desired-to-running latency: from the REST call that creates a service to the Docker engine
 * starting its last container, against a raw docker create + start of the same containers in the
 * same run. Two tasks, alternated iteration by iteration: one container, and two containers where
 * {@code app} dependsOn {@code db} START, so the agent must see db running before it creates app
 * (the baseline creates and starts db, then app, back to back). Both ends are timed the same way:
 * from just before the first call to the engine's own "start" event of the last container, so the
 * baseline and Backroom carry the same measurement error. The hub and agent run as users run them:
 * the hub's own Mosquitto with TLS, an enrolled agent, each with the launcher's JVM options and
 * environment ({@link JavaOptions}, BACKROOM_*_JAVA_OPTS honoured as ./backroom does).
 */
public final class DesiredToRunning {
  static final String USAGE = "usage: backroom bench desired-to-running [--iterations N (30)] [--warmup N (5)]";

  private static final String IMAGE = DockerEngine.TEST_IMAGE;

  private DesiredToRunning() {}

  public static void main(String[] args) throws Exception {
    BenchArgs opts = BenchArgs.parse(args, USAGE, java.util.Set.of("--iterations", "--warmup"));
    int iterations = opts.integer("--iterations", 30);
    int warmup = opts.integer("--warmup", 5);
    String run = UUID.randomUUID().toString().substring(0, 6);
    Path dir = Files.createDirectories(Repo.root().resolve("bench/target/runs/d2r-" + run));
    String device = "bench-" + run;
    Map<String, Long> starts = new ConcurrentHashMap<>();
    try (DockerEngine docker = DockerEngine.connect().requireImage(IMAGE);
         Closeable events = watchStarts(docker, starts);
         HubProcess hub = startHub(dir);
         AgentProcess agent = startAgent(hub, device, dir.resolve("agent"))) {
      awaitDevice(hub, device);
      hub.api().post("/api/v1/task-definitions", """
          {"family":"bench","networkMode":"none","containerDefinitions":[{"name":"app",
           "image":"%s","memory":16,"command":["sleep","3600"],"stopTimeout":1}]}"""
          .formatted(IMAGE)).expect(201);
      hub.api().post("/api/v1/task-definitions", """
          {"family":"bench-depends","networkMode":"none","containerDefinitions":[
           {"name":"db","image":"%1$s","memory":16,"command":["sleep","3600"],"stopTimeout":1},
           {"name":"app","image":"%1$s","memory":16,"command":["sleep","3600"],"stopTimeout":1,
            "dependsOn":[{"containerName":"db","condition":"START"}]}]}"""
          .formatted(IMAGE)).expect(201);
      List<Double> single = new ArrayList<>();
      List<Double> singleBase = new ArrayList<>();
      List<Double> depends = new ArrayList<>();
      List<Double> dependsBase = new ArrayList<>();
      for (int i = 0; i < warmup + iterations; i++) {
        String id = run + "-" + i;
        double b1 = backroomOnce(hub, docker, starts, "bench", id, device);
        double r1 = baselineOnce(docker, starts, id, List.of("app"));
        double b2 = backroomOnce(hub, docker, starts, "bench-depends", id + "d", device);
        double r2 = baselineOnce(docker, starts, id + "d", List.of("db", "app"));
        if (i >= warmup) {
          single.add(b1);
          singleBase.add(r1);
          depends.add(b2);
          dependsBase.add(r2);
          System.out.printf("iteration %2d: one container backroom %6.1f ms, docker %6.1f ms;"
              + " db+app backroom %6.1f ms, docker %6.1f ms%n", i - warmup + 1, b1, r1, b2, r2);
        }
      }
      DesiredToRunningReport.write(iterations, single, singleBase, depends, dependsBase);
      docker.removeDeviceContainers(device);
    }
  }

  private static double backroomOnce(HubProcess hub, DockerEngine docker, Map<String, Long> starts,
      String family, String id, String device) throws InterruptedException {
    String service = "bench-" + id;
    long t0 = epochNanos();
    hub.api().post("/api/v1/services", "{\"serviceName\":\"" + service
        + "\",\"taskDefinition\":\"" + family + "\",\"desiredCount\":1}").expect(201);
    long started = awaitStart(starts, "service:" + service + "/app");
    starts.keySet().removeIf(k -> k.startsWith("service:" + service + "/"));
    hub.api().delete("/api/v1/services/" + service).expect(204);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!docker.containers(Map.of("backroom.service", service)).isEmpty()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("container of " + service + " was not removed");
      }
      Thread.sleep(20);
    }
    return (started - t0) / 1e6;
  }

  /** Creates and starts {@code names} in order, as a script would; timed to the last start. */
  private static double baselineOnce(DockerEngine docker, Map<String, Long> starts, String id,
      List<String> names) throws InterruptedException {
    long t0 = epochNanos();
    List<String> ids = new ArrayList<>();
    for (String name : names) {
      String container = docker.client().createContainerCmd(IMAGE)
          .withName("bench-raw-" + id + "-" + name)
          .withCmd("sleep", "3600").withLabels(Map.of("bench.raw", id + "/" + name))
          .withStopTimeout(1)
          .withHostConfig(HostConfig.newHostConfig().withNetworkMode("none")
              .withMemory(16L * 1024 * 1024)).exec().getId();
      docker.client().startContainerCmd(container).exec();
      ids.add(container);
    }
    long started = awaitStart(starts, "raw:" + id + "/" + names.get(names.size() - 1));
    for (String container : ids) {
      docker.client().removeContainerCmd(container).withForce(true).exec();
    }
    starts.keySet().removeIf(k -> k.startsWith("raw:" + id + "/"));
    return (started - t0) / 1e6;
  }

  private static Closeable watchStarts(DockerEngine docker, Map<String, Long> starts) {
    return docker.client().eventsCmd().withEventFilter("start")
        .exec(new ResultCallback.Adapter<Event>() {
          @Override
          public void onNext(Event e) {
            Map<String, String> attrs = e.getActor() == null ? Map.of() : e.getActor().getAttributes();
            if (attrs.containsKey("backroom.service")) {
              starts.put("service:" + attrs.get("backroom.service") + "/"
                  + attrs.get("backroom.container"), e.getTimeNano());
            } else if (attrs.containsKey("bench.raw")) {
              starts.put("raw:" + attrs.get("bench.raw"), e.getTimeNano());
            }
          }
        });
  }

  private static long awaitStart(Map<String, Long> starts, String key) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      Long t = starts.remove(key);
      if (t != null) {
        return t;
      }
      Thread.sleep(1);
    }
    throw new IllegalStateException("no start event for " + key + " within 30 s");
  }

  private static void awaitDevice(HubProcess hub, String device) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      if (hub.api().get("/api/v1/devices").body().contains("\"" + device + "\"")) {
        return;
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException("device " + device + " never registered");
  }

  private static long epochNanos() {
    Instant now = Instant.now();
    return now.getEpochSecond() * 1_000_000_000L + now.getNano();
  }

  /** The hub as ./backroom hub starts it: the launcher's JVM options and environment. */
  private static HubProcess startHub(Path dir) {
    Map<String, String> env = System.getenv();
    return HubProcess.start(new HubProcess.Setup(dir.resolve("hub"), dir.resolve("hub/hub.log"),
        Ports.free(), null, Ports.free(), Ports.free(), HubAuth.random(), JavaOptions.hub(env),
        Map.of(), JavaOptions.hubEnvironment(env)));
  }

  /** The agent enrolled, then started as ./backroom agent starts it. */
  private static AgentProcess startAgent(HubProcess hub, String device, Path dataDir) {
    Map<String, String> env = System.getenv();
    DeviceRegistration.registerAgent(hub, device, dataDir);
    return AgentProcess.start(device, JavaOptions.agent(env), JavaOptions.agentEnvironment(env),
        List.of("--device-id", device, "--broker", hub.brokerUri(), "--data-dir",
            dataDir.toAbsolutePath().toString(),
            // busybox sleeps ignore SIGTERM as PID 1: a short grace keeps the clean-up between
            // iterations quick (it is not on the measured path)
            "--stop-timeout", "2"), dataDir.resolve("agent.log"));
  }
}
