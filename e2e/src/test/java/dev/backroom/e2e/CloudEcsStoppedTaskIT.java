package dev.backroom.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.backroom.harness.AgentProcess;
import dev.backroom.harness.CloudProcess;
import dev.backroom.harness.DockerEngine;
import dev.backroom.harness.EcsPipeline;
import dev.backroom.harness.Enrollment;
import dev.backroom.harness.HubProcess;
import dev.backroom.harness.ManagedProcess;
import dev.backroom.harness.Repo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A one-off task that exits 3 on a store, seen through the cloud's /ecs: a real cloud, one
 * enrolled store whose hub and agent run it on the real Docker engine, and the real AWS CLI's
 * {@code wait tasks-stopped} and {@code describe-tasks} against the cloud, which knows the task
 * only from the hub's reports.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CloudEcsStoppedTaskIT {
  static final Duration CONVERGE = Duration.ofSeconds(90);

  final String run = UUID.randomUUID().toString().substring(0, 6);
  final String store = "store-" + run;
  final String device = "nuc-" + run;
  final String family = "job-" + run;
  Path dir;
  DockerEngine docker;
  CloudProcess cloud;
  HubProcess hub;
  AgentProcess agent;

  @BeforeAll
  void start() throws Exception {
    docker = DockerEngine.connect().requireImage(DockerEngine.TEST_IMAGE);
    dir = Files.createDirectories(Repo.root().resolve("e2e/target/runs/cloud-stopped-" + run));
    cloud = CloudProcess.start(dir.resolve("cloud"), CloudProcess.Db.h2());
    cloud.createStore(store, Map.of("region", "eu"));
    Enrollment.enroll(cloud, cloud.url(), store, dir.resolve("hub"));
    hub = HubProcess.start(dir.resolve("hub"), null, Map.of(), SyncSupport.fastSyncHub());
    agent = AgentProcess.start(AgentProcess.Device.nuc(device), hub, dir.resolve(device));
    await().atMost(CONVERGE).until(() -> hub.api().get("/api/v1/devices").json().size() == 1);
  }

  @AfterAll
  void stop() {
    for (ManagedProcess p : new ManagedProcess[] {agent, hub, cloud}) {
      if (p != null) {
        p.stop();
      }
    }
    if (docker != null) {
      docker.removeDeviceContainers(device);
      docker.close();
    }
  }

  @Test
  void aTaskExiting3OnTheStore_showsExitCode3ThroughTheCloud() {
    hub.api().post("/api/v1/task-definitions", """
        {"family":"%s","networkMode":"host","containerDefinitions":[{"name":"main",
         "image":"%s","memory":16,"command":["sh","-c","sleep 2; exit 3"]}]}"""
        .formatted(family, DockerEngine.TEST_IMAGE)).expect(201);
    String id = hub.api().post("/api/v1/tasks", """
        {"taskDefinition":"%s","startedBy":"ci-%s"}""".formatted(family, run)).expect(200)
        .json().at("/tasks/0/taskId").asText();
    JsonNode k = cloud.api().post("/api/v1/access-keys",
        "{\"role\":\"viewer\",\"description\":\"chain CI\"}").expect(201).json();
    EcsPipeline pipeline = new EcsPipeline(cloud.url() + "/ecs", null, new EcsPipeline.Key(
        k.get("accessKeyId").asText(), k.get("secretAccessKey").asText()), dir.resolve("ci"));
    String arn = "arn:aws:ecs:us-east-1:000000000000:task/" + store + "/" + id;

    // The cloud knows the task once a report carries it; then the waiter waits for STOPPED.
    await().atMost(CONVERGE).until(() -> pipeline.cli("describe-tasks", "--cluster", store,
        "--tasks", id).expectSuccess().json().at("/tasks").size() == 1);
    EcsPipeline.CliResult waited = pipeline.cli(Duration.ofMinutes(3), "wait", "tasks-stopped",
        "--cluster", store, "--tasks", arn);
    assertEquals(0, waited.exit(), waited.err());

    JsonNode task = pipeline.cli("describe-tasks", "--cluster", store, "--tasks", arn)
        .expectSuccess().json().at("/tasks/0");
    assertEquals("STOPPED", task.at("/lastStatus").asText(), task.toString());
    assertEquals("STOPPED", task.at("/desiredStatus").asText(), task.toString());
    assertEquals("EssentialContainerExited", task.at("/stopCode").asText(), task.toString());
    assertTrue(task.at("/stoppedAt").isNumber(), task.toString());
    assertEquals("main", task.at("/containers/0/name").asText(), task.toString());
    assertEquals(3, task.at("/containers/0/exitCode").asInt(), task.toString());
    assertEquals("STOPPED", task.at("/containers/0/lastStatus").asText(), task.toString());
    assertTrue(task.at("/containers/0/runtimeId").asText().length() >= 12, task.toString());
    assertEquals("ci-" + run, task.at("/startedBy").asText(), task.toString());

    JsonNode stopped = pipeline.cli("list-tasks", "--cluster", store, "--desired-status",
        "STOPPED", "--started-by", "ci-" + run).expectSuccess().json();
    assertEquals(arn, stopped.at("/taskArns/0").asText(), stopped.toString());
  }
}
