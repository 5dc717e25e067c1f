package dev.backroom.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.dockerjava.api.model.Container;
import dev.backroom.harness.CloudProcess;
import dev.backroom.harness.DockerEngine;
import dev.backroom.harness.EcsPipeline;
import dev.backroom.harness.HubProcess;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A pipeline pointed at one store's cluster on the cloud: the real AWS CLI against a real cloud
 * process, one enrolled store whose hub and agent run on the real Docker engine. A forced
 * deployment ({@code update-service --force-new-deployment}) reaches the store through sync and
 * its hub replaces the service's containers (new ids, same definition), audited by the cloud;
 * a one-off task that exits 3 on the store is seen through the cloud, which knows it only from
 * the hub's reports, by {@code wait tasks-stopped} and {@code describe-tasks}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CloudEcsStoreClusterIT {
  static final Duration CONVERGE = CloudStore.CONVERGE;

  CloudStore chain;
  String run;
  String store;
  String device;
  CloudProcess cloud;
  HubProcess hub;
  DockerEngine docker;

  @BeforeAll
  void start() throws Exception {
    chain = CloudStore.start("cloud-store-cluster", Map.of("region", "eu"));
    run = chain.run;
    store = chain.store;
    device = chain.device;
    cloud = chain.cloud;
    hub = chain.hub;
    docker = chain.docker;
  }

  @AfterAll
  void stop() {
    if (chain != null) {
      chain.close();
    }
  }

  @Test
  void forceNewDeployment_onTheCloud_replacesTheStoresContainers() throws Exception {
    EcsPipeline pipeline = chain.pipeline("operator");
    String keyId = pipeline.key().id();
    String family = "web-" + run;
    String td = CloudStore.webTaskDefinition(family);
    pipeline.cli("register-task-definition", "--cli-input-json", pipeline.inputFile("td.json", td))
        .expectSuccess();
    pipeline.cli("create-service", "--cluster", store, "--service-name", "web",
        "--task-definition", family, "--desired-count", "2").expectSuccess();
    Set<String> before = new HashSet<>();
    await().atMost(CONVERGE).untilAsserted(() -> {
      List<Container> running = web();
      assertEquals(2, running.size(), running.toString());
      before.clear();
      running.forEach(c -> before.add(c.getId()));
    });
    long revision = revision();

    JsonNode forced = pipeline.cli("update-service", "--cluster", store, "--service", "web",
        "--force-new-deployment").expectSuccess().json();
    assertEquals("ACTIVE", forced.at("/service/status").asText(), forced.toString());
    assertEquals(revision + 1, revision(), "the forced deployment moved the store's revision");
    // every container of the service replaced by one of the same definition
    await().atMost(CONVERGE).untilAsserted(() -> {
      List<Container> running = web();
      assertEquals(2, running.size(), running.toString());
      for (Container c : running) {
        assertTrue(!before.contains(c.getId()), "container " + c.getId() + " still runs");
      }
    });
    JsonNode events = hub.api().get("/api/v1/events?kind=service-updated&serviceName=web")
        .expect(200).json();
    assertTrue(events.toString().contains("new deployment forced"), events.toString());

    JsonNode audit = cloud.api().get("/api/v1/audit").expect(200).json();
    boolean audited = false;
    for (JsonNode e : audit) {
      audited |= e.path("operation").asText().equals("ecs:UpdateService")
          && e.path("accessKeyId").asText().equals(keyId)
          && e.path("outcome").asText().equals("OK")
          && e.path("target").asText().equals("cluster=" + store + " service=web");
    }
    assertTrue(audited, audit.toString());

    pipeline.cli("delete-service", "--cluster", store, "--service", "web", "--force")
        .expectSuccess();
    await().atMost(CONVERGE).untilAsserted(() -> assertEquals(0, docker.containers(
        Map.of("backroom.device-id", device, "backroom.service", "web")).size()));
  }

  private long revision() {
    return cloud.api().get("/api/v1/stores/" + store).expect(200).json().get("revision").asLong();
  }

  private List<Container> web() {
    return docker.running(Map.of("backroom.device-id", device, "backroom.service", "web"));
  }

  @Test
  void aTaskExiting3OnTheStore_showsExitCode3ThroughTheCloud() {
    String family = "job-" + run;
    hub.api().post("/api/v1/task-definitions", """
        {"family":"%s","networkMode":"host","containerDefinitions":[{"name":"main",
         "image":"%s","memory":16,"command":["sh","-c","sleep 2; exit 3"]}]}"""
        .formatted(family, DockerEngine.TEST_IMAGE)).expect(201);
    String id = hub.api().post("/api/v1/tasks", """
        {"taskDefinition":"%s","startedBy":"ci-%s"}""".formatted(family, run)).expect(200)
        .json().at("/tasks/0/taskId").asText();
    EcsPipeline pipeline = chain.pipeline("viewer");
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
