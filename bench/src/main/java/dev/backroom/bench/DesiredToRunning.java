package dev.backroom.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Event;
import com.github.dockerjava.api.model.HostConfig;
import dev.backroom.config.json.Json;
import dev.backroom.e2e.AgentProcess;
import dev.backroom.e2e.DockerEngine;
import dev.backroom.e2e.HubProcess;
import dev.backroom.e2e.Repo;
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
 * starting its container, against a raw docker create + start of the same image and limits in
 * the same run. Both ends are timed the same way: from just before the first call to the engine's
 * own "start" event, so the baseline and Backroom carry the same measurement error.
 */
public final class DesiredToRunning {
  private static final String IMAGE = DockerEngine.TEST_IMAGE;

  private DesiredToRunning() {}

  public static void main(String[] args) throws Exception {
    int iterations = intArg(args, "--iterations", 30);
    int warmup = intArg(args, "--warmup", 5);
    String run = UUID.randomUUID().toString().substring(0, 6);
    Path dir = Files.createDirectories(Repo.root().resolve("bench/target/runs/d2r-" + run));
    String device = "bench-" + run;
    Map<String, Long> starts = new ConcurrentHashMap<>();
    try (DockerEngine docker = DockerEngine.connect().requireImage(IMAGE);
         Closeable events = watchStarts(docker, starts);
         HubProcess hub = HubProcess.start(dir.resolve("hub"), null, Map.of());
         AgentProcess agent = AgentProcess.start(AgentProcess.Device.nuc(device), hub,
             dir.resolve("agent"))) {
      awaitDevice(hub, device);
      hub.api().post("/api/v1/task-definitions", """
          {"family":"bench","networkMode":"none","containerDefinitions":[{"name":"main",
           "image":"%s","memory":16,"command":["sleep","3600"]}]}""".formatted(IMAGE)).expect(201);
      List<Double> backroom = new ArrayList<>();
      List<Double> baseline = new ArrayList<>();
      for (int i = 0; i < warmup + iterations; i++) {
        double b = backroomOnce(hub, docker, starts, run + "-" + i, device);
        double r = baselineOnce(docker, starts, run + "-" + i);
        if (i >= warmup) {
          backroom.add(b);
          baseline.add(r);
          System.out.printf("iteration %2d: backroom %6.1f ms, docker %6.1f ms%n", i - warmup + 1, b, r);
        }
      }
      report(backroom, baseline, iterations);
      docker.removeDeviceContainers(device);
    }
  }

  private static double backroomOnce(HubProcess hub, DockerEngine docker, Map<String, Long> starts,
      String id, String device) throws InterruptedException {
    String service = "bench-" + id;
    long t0 = epochNanos();
    hub.api().post("/api/v1/services", "{\"serviceName\":\"" + service
        + "\",\"taskDefinition\":\"bench\",\"desiredCount\":1}").expect(201);
    long started = awaitStart(starts, "service:" + service);
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

  private static double baselineOnce(DockerEngine docker, Map<String, Long> starts, String id)
      throws InterruptedException {
    long t0 = epochNanos();
    String container = docker.client().createContainerCmd(IMAGE).withName("bench-raw-" + id)
        .withCmd("sleep", "3600").withLabels(Map.of("bench.raw", id))
        .withHostConfig(HostConfig.newHostConfig().withNetworkMode("none")
            .withMemory(16L * 1024 * 1024)).exec().getId();
    docker.client().startContainerCmd(container).exec();
    long started = awaitStart(starts, "raw:" + id);
    docker.client().removeContainerCmd(container).withForce(true).exec();
    return (started - t0) / 1e6;
  }

  private static Closeable watchStarts(DockerEngine docker, Map<String, Long> starts) {
    return docker.client().eventsCmd().withEventFilter("start")
        .exec(new ResultCallback.Adapter<Event>() {
          @Override
          public void onNext(Event e) {
            Map<String, String> attrs = e.getActor() == null ? Map.of() : e.getActor().getAttributes();
            if (attrs.containsKey("backroom.service")) {
              starts.put("service:" + attrs.get("backroom.service"), e.getTimeNano());
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

  private static void report(List<Double> backroom, List<Double> baseline, int iterations)
      throws Exception {
    double median = Stats.median(backroom);
    double baseMedian = Stats.median(baseline);
    ObjectNode out = Json.mapper().createObjectNode();
    out.put("benchmark", "desired-to-running");
    out.put("iterations", iterations);
    out.put("median_ms", Stats.round(median));
    out.put("p95_ms", Stats.round(Stats.percentile(backroom, 95)));
    out.put("baseline_median_ms", Stats.round(baseMedian));
    out.put("baseline_p95_ms", Stats.round(Stats.percentile(baseline, 95)));
    out.put("ratio", Math.round(median / baseMedian * 1000.0) / 1000.0);
    out.put("overhead_median_ms", Stats.round(median - baseMedian));
    out.put("baseline", "docker-java create + start of the same image, limits and network mode");
    out.put("measured_at", Instant.now().toString());
    out.put("cpus", Runtime.getRuntime().availableProcessors());
    out.put("java", System.getProperty("java.version"));
    out.putPOJO("samples_ms", backroom);
    out.putPOJO("baseline_samples_ms", baseline);
    Path file = Repo.root().resolve("bench/results/desired-to-running.json");
    Files.createDirectories(file.getParent());
    Files.writeString(file, Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(out) + "\n");
    System.out.printf("%ndesired-to-running over %d iterations%n", iterations);
    System.out.printf("  backroom: median %.1f ms, p95 %.1f ms%n", median, Stats.percentile(backroom, 95));
    System.out.printf("  docker:   median %.1f ms, p95 %.1f ms%n", baseMedian, Stats.percentile(baseline, 95));
    System.out.printf("  ratio %.3f, overhead %.1f ms at the median (goal: ratio <= 1.2, overhead <= 150 ms)%n",
        median / baseMedian, median - baseMedian);
    System.out.println("  written to " + file);
  }

  private static long epochNanos() {
    Instant now = Instant.now();
    return now.getEpochSecond() * 1_000_000_000L + now.getNano();
  }

  private static int intArg(String[] args, String name, int dflt) {
    for (int i = 0; i + 1 < args.length; i++) {
      if (args[i].equals(name)) {
        return Integer.parseInt(args[i + 1]);
      }
    }
    return dflt;
  }
}
