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
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A chain's pipeline pointed at the cloud: the real AWS CLI against a real cloud process, one
 * enrolled store whose hub and agent run on the real Docker engine. The service is created on a
 * store group (a named label selector), reaches the store through sync, runs, and goes again.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CloudEcsPipelineIT {
  static final Duration CONVERGE = CloudStore.CONVERGE;

  CloudStore chain;
  String run;
  String store;
  String device;
  String group;
  String family;
  CloudProcess cloud;
  HubProcess hub;
  DockerEngine docker;

  @BeforeAll
  void start() throws Exception {
    chain = CloudStore.start("cloud-ecs", Map.of("region", "eu", "format", "mini"));
    run = chain.run;
    store = chain.store;
    device = chain.device;
    group = "eu-mini-" + run;
    family = "web-" + run;
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
  void createServiceOnAStoreGroup_runsInTheStore_andDeleteServiceRemovesIt() throws Exception {
    cloud.api().put("/api/v1/store-groups/" + group, "{\"selector\":\"region=eu,format=mini\"}")
        .expect(201);
    EcsPipeline pipeline = chain.pipeline("operator");

    JsonNode clusters = pipeline.cli("list-clusters").expectSuccess().json();
    assertTrue(clusters.toString().contains(":cluster/" + store), clusters.toString());
    assertTrue(clusters.toString().contains(":cluster/" + group), clusters.toString());

    String td = CloudStore.webTaskDefinition(family);
    pipeline.cli("register-task-definition", "--cli-input-json", pipeline.inputFile("td.json", td))
        .expectSuccess();
    pipeline.cli("create-service", "--cluster", group, "--service-name", "web",
        "--task-definition", family, "--desired-count", "2").expectSuccess();
    await().atMost(CONVERGE).untilAsserted(() -> {
      List<Container> running = docker.running(Map.of("backroom.device-id", device,
          "backroom.service", "web"));
      assertEquals(2, running.size(), running.toString());
    });
    JsonNode described = pipeline.cli("describe-services", "--cluster", group, "--services", "web")
        .expectSuccess().json();
    assertEquals(2, described.at("/services/0/desiredCount").asInt(), described.toString());
    // the SDK against the same URL
    try (software.amazon.awssdk.services.ecs.EcsClient sdk = pipeline.sdk()) {
      var services = sdk.describeServices(r -> r.cluster(group).services("web")).services();
      assertEquals(1, services.size());
      assertEquals(2, services.get(0).desiredCount());
      assertTrue(sdk.listClusters().clusterArns().stream().anyMatch(a -> a.endsWith("/" + store)));
    }

    pipeline.cli("delete-service", "--cluster", group, "--service", "web", "--force")
        .expectSuccess();
    await().atMost(CONVERGE).untilAsserted(() -> assertEquals(0, docker.containers(
        Map.of("backroom.device-id", device, "backroom.service", "web")).size()));
  }

  @Test
  void runTaskOnAStoreGroup_startsTheContainerOnce_andStopTaskStopsIt() throws Exception {
    cloud.api().put("/api/v1/store-groups/jobs-" + run, "{\"selector\":\"region=eu\"}")
        .expect(201);
    EcsPipeline pipeline = chain.pipeline("operator");
    String job = "migrate-" + run;
    String td = CloudStore.webTaskDefinition(job);
    pipeline.cli("register-task-definition", "--cli-input-json", pipeline.inputFile("job.json", td))
        .expectSuccess();

    JsonNode ran = pipeline.cli("run-task", "--cluster", "jobs-" + run, "--task-definition", job,
        "--started-by", "ci-migrate", "--overrides", "{\"containerOverrides\":[{\"name\":\"web\","
            + "\"command\":[\"sh\",\"-c\",\"echo migrating; sleep 300\"]}]}")
        .expectSuccess().json();
    String arn = ran.at("/tasks/0/taskArn").asText();
    assertEquals("PROVISIONING", ran.at("/tasks/0/lastStatus").asText(), ran.toString());
    String id = arn.substring(arn.indexOf(store + ".") + store.length() + 1);
    await().atMost(CONVERGE).untilAsserted(() -> {
      List<Container> running = docker.running(Map.of("backroom.task-id", id));
      assertEquals(1, running.size(), running.toString());
      assertTrue(running.get(0).getCommand().contains("migrating"), running.get(0).getCommand());
    });
    JsonNode runs = hub.api().get("/api/v1/events?kind=task-run&taskId=" + id).json();
    assertEquals(1, runs.size(), runs.toString());
    assertEquals("pipeline:" + pipeline.key().id(), runs.at("/0/actor").asText());

    pipeline.cli("stop-task", "--cluster", "jobs-" + run, "--task", arn, "--reason", "done")
        .expectSuccess();
    await().atMost(CONVERGE).untilAsserted(() -> assertEquals(0,
        docker.running(Map.of("backroom.task-id", id)).size()));
    JsonNode stopped = hub.api().get("/api/v1/tasks/" + id).json();
    assertEquals("STOPPED", stopped.get("desiredStatus").asText(), stopped.toString());
    assertEquals("done", stopped.get("stoppedReason").asText(), stopped.toString());
  }

  @Test
  void putAttributesThroughTheCloud_reachTheDevice_andShowInTheCloudOnceReported()
      throws Exception {
    cloud.api().put("/api/v1/store-groups/attrs-" + run, "{\"selector\":\"region=eu\"}")
        .expect(201);
    EcsPipeline pipeline = chain.pipeline("operator");
    String cluster = "attrs-" + run;
    String target = "targetType=container-instance,targetId=" + store + "." + device;
    pipeline.cli("put-attributes", "--cluster", cluster, "--attributes",
        "name=rack,value=r7," + target).expectSuccess();
    await().atMost(CONVERGE).untilAsserted(() -> assertEquals("r7",
        hub.api().get("/api/v1/devices").json().at("/0/attributes/rack").asText()));
    JsonNode put = hub.api().get("/api/v1/events?kind=device-attributes-put").json();
    assertEquals("cloud", put.at("/0/origin").asText(), put.toString());
    await().atMost(CONVERGE).untilAsserted(() -> assertTrue(pipeline.cli("list-attributes",
        "--cluster", cluster, "--target-type", "container-instance", "--attribute-name", "rack")
        .expectSuccess().json().toString().contains("\"r7\"")));

    pipeline.cli("delete-attributes", "--cluster", cluster, "--attributes", "name=rack,"
        + target).expectSuccess();
    await().atMost(CONVERGE).untilAsserted(() -> assertTrue(
        hub.api().get("/api/v1/devices").json().at("/0/attributes/rack").isMissingNode()));
  }
}
