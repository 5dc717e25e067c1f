package dev.backroom.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.backroom.config.json.Json;
import dev.backroom.harness.AgentProcess;
import dev.backroom.harness.DockerEngine;
import dev.backroom.harness.EcsPipeline;
import dev.backroom.harness.HubProcess;
import dev.backroom.harness.Repo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.core.internal.waiters.ResponseOrException;
import software.amazon.awssdk.core.waiters.WaiterOverrideConfiguration;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.NetworkMode;
import software.amazon.awssdk.services.ecs.waiters.EcsWaiter;

/**
 * What the ECS protocol costs a pipeline: register a task definition, create a service of one
 * task, and wait until it is stable, through the AWS SDK for Java v2 (SigV4, JSON 1.1, the SDK's
 * own services-stable waiter) against the same three steps through the REST API (bearer token,
 * polling GET /api/v1/services/{name} for the same condition), alternated in one run on one hub
 * and agent as users run them (hub's Mosquitto, TLS). Both sides poll every
 * {@value #POLL_MS} ms, so the waiter's 15 s default does not decide the figure.
 */
public final class EcsApi {
  static final String USAGE = "usage: backroom bench ecs-api [--iterations N (20)] [--warmup N (3)]";

  static final long POLL_MS = 100;
  private static final String IMAGE = DockerEngine.TEST_IMAGE;

  private EcsApi() {}

  public static void main(String[] args) throws Exception {
    BenchArgs opts = BenchArgs.parse(args, USAGE, java.util.Set.of("--iterations", "--warmup"));
    int iterations = opts.integer("--iterations", 20);
    int warmup = opts.integer("--warmup", 3);
    String run = UUID.randomUUID().toString().substring(0, 6);
    Path dir = Files.createDirectories(Repo.root().resolve("bench/target/runs/ecs-api-" + run));
    String device = "bench-" + run;
    try (DockerEngine docker = DockerEngine.connect().requireImage(IMAGE);
         HubProcess hub = HubProcess.start(dir.resolve("hub"), null, Map.of());
         AgentProcess agent = AgentProcess.start(AgentProcess.Device.nuc(device), hub,
             dir.resolve("agent"))) {
      awaitDevice(hub, device);
      EcsPipeline pipeline = EcsPipeline.forHub(hub, "operator", dir.resolve("pipeline"));
      List<Double> ecs = new ArrayList<>();
      List<Double> rest = new ArrayList<>();
      try (EcsClient sdk = pipeline.sdk();
           EcsWaiter waiter = EcsWaiter.builder().client(sdk).overrideConfiguration(
               WaiterOverrideConfiguration.builder().maxAttempts(600)
                   .backoffStrategy(a -> Duration.ofMillis(POLL_MS)).build()).build()) {
        for (int i = 0; i < warmup + iterations; i++) {
          String id = run + "-" + i;
          double viaEcs = ecsOnce(sdk, waiter, "e" + id);
          double viaRest = restOnce(hub, "r" + id);
          cleanUp(hub, docker, "e" + id);
          cleanUp(hub, docker, "r" + id);
          if (i >= warmup) {
            ecs.add(viaEcs);
            rest.add(viaRest);
            System.out.printf("iteration %2d: ECS (SDK) %7.1f ms, REST %7.1f ms%n",
                i - warmup + 1, viaEcs, viaRest);
          }
        }
      }
      report(iterations, ecs, rest);
      docker.removeDeviceContainers(device);
    }
  }

  private static double ecsOnce(EcsClient sdk, EcsWaiter waiter, String id) {
    long t0 = System.nanoTime();
    sdk.registerTaskDefinition(r -> r.family("f" + id).networkMode(NetworkMode.NONE)
        .containerDefinitions(ContainerDefinition.builder().name("app").image(IMAGE).memory(16)
            .command("sleep", "3600").stopTimeout(1).build()));
    sdk.createService(r -> r.serviceName("s" + id).taskDefinition("f" + id).desiredCount(1));
    ResponseOrException<?> done = waiter.waitUntilServicesStable(r -> r.services("s" + id))
        .matched();
    if (done.response().isEmpty()) {
      throw new IllegalStateException("services-stable failed for s" + id + ": "
          + done.exception());
    }
    return (System.nanoTime() - t0) / 1e6;
  }

  private static double restOnce(HubProcess hub, String id) throws InterruptedException {
    long t0 = System.nanoTime();
    hub.api().post("/api/v1/task-definitions", """
        {"family":"f%s","networkMode":"none","containerDefinitions":[{"name":"app",
         "image":"%s","memory":16,"command":["sleep","3600"],"stopTimeout":1}]}"""
        .formatted(id, IMAGE)).expect(201);
    hub.api().post("/api/v1/services", "{\"serviceName\":\"s" + id + "\",\"taskDefinition\":\"f"
        + id + "\",\"desiredCount\":1}").expect(201);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (true) {
      // one request a poll, as the waiter makes one DescribeServices a poll; a new service has
      // one deployment, so running == desired is services-stable's condition here
      JsonNode s = hub.api().get("/api/v1/services/s" + id).expect(200).json();
      if (s.get("runningCount").asInt() == s.get("desiredCount").asInt()) {
        return (System.nanoTime() - t0) / 1e6;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("s" + id + " not stable within 60 s: " + s);
      }
      Thread.sleep(POLL_MS);
    }
  }

  private static void cleanUp(HubProcess hub, DockerEngine docker, String id)
      throws InterruptedException {
    hub.api().delete("/api/v1/services/s" + id).expect(204);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!docker.containers(Map.of("backroom.service", "s" + id)).isEmpty()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("containers of s" + id + " were not removed");
      }
      Thread.sleep(20);
    }
  }

  private static void report(int iterations, List<Double> ecs, List<Double> rest)
      throws Exception {
    ObjectNode out = Json.mapper().createObjectNode();
    out.put("benchmark", "ecs-api");
    out.put("iterations", iterations);
    BenchStamp.stamp(out);
    String commit = out.get("commit").asText();
    ObjectNode setup = out.putObject("setup");
    setup.put("hub", "hub jar as ./backroom hub runs it: its own Mosquitto (managed), TLS on"
        + " (both clients trust the store CA), H2 on disk, default heap");
    setup.put("agent", "one enrolled agent on the private dockerd, networkMode none,"
        + " image backroom/busybox:1 present");
    setup.put("ecs_client", "AWS SDK for Java v2 2.59.1 EcsClient, url-connection-client,"
        + " SigV4 with a pipeline access key (operator), its services-stable waiter with a fixed"
        + " " + POLL_MS + " ms delay");
    setup.put("rest_client", "java.net.http with a bearer token: POST task definition, POST"
        + " service, GET the service every " + POLL_MS + " ms until running = desired");
    setup.put("cpus", Runtime.getRuntime().availableProcessors());
    setup.put("java", System.getProperty("java.version"));
    double median = Stats.median(ecs);
    double restMedian = Stats.median(rest);
    out.put("task", "register-task-definition + create-service (1 task) + wait services-stable");
    out.put("ecs_median_ms", Stats.round(median));
    out.put("ecs_p95_ms", Stats.round(Stats.percentile(ecs, 95)));
    out.put("rest_median_ms", Stats.round(restMedian));
    out.put("rest_p95_ms", Stats.round(Stats.percentile(rest, 95)));
    out.put("ratio", Math.round(median / restMedian * 1000.0) / 1000.0);
    out.put("goal", "ratio <= 1.10 at the median");
    out.putPOJO("ecs_samples_ms", ecs.stream().map(Stats::round).toList());
    out.putPOJO("rest_samples_ms", rest.stream().map(Stats::round).toList());
    Path file = Repo.root().resolve("bench/results/ecs-api.json");
    Files.createDirectories(file.getParent());
    Files.writeString(file, Json.mapper().writerWithDefaultPrettyPrinter()
        .writeValueAsString(out) + "\n");
    System.out.printf("%necs-api over %d iterations (%s): ECS median %.1f ms (p95 %.1f), REST"
        + " median %.1f ms (p95 %.1f), ratio %.3f (goal <= 1.10)%n  written to %s%n", iterations,
        commit, median, Stats.percentile(ecs, 95), restMedian, Stats.percentile(rest, 95),
        median / restMedian, file);
  }

  private static void awaitDevice(HubProcess hub, String device) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!hub.api().get("/api/v1/devices").body().contains("\"" + device + "\"")) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("device " + device + " never registered");
      }
      Thread.sleep(100);
    }
  }
}
