package dev.backroom.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.dockerjava.api.model.Container;
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
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@code aws ecs update-service --force-new-deployment} against the cloud: the real AWS CLI and a
 * real cloud process, one enrolled store whose hub and agent run on the real Docker engine. The
 * forced deployment reaches the store through sync and its hub replaces the service's
 * containers (new container ids, same task definition); the cloud audits the call.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CloudRedeployIT {
  static final Duration CONVERGE = Duration.ofSeconds(90);

  final String run = UUID.randomUUID().toString().substring(0, 6);
  final String store = "store-" + run;
  final String device = "nuc-" + run;
  final String family = "web-" + run;
  Path dir;
  DockerEngine docker;
  CloudProcess cloud;
  HubProcess hub;
  AgentProcess agent;

  @BeforeAll
  void start() throws Exception {
    docker = DockerEngine.connect().requireImage(DockerEngine.TEST_IMAGE);
    dir = Files.createDirectories(Repo.root().resolve("e2e/target/runs/cloud-redeploy-" + run));
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
  void forceNewDeployment_onTheCloud_replacesTheStoresContainers() throws Exception {
    JsonNode k = cloud.api().post("/api/v1/access-keys",
        "{\"role\":\"operator\",\"description\":\"chain CI\"}").expect(201).json();
    String keyId = k.get("accessKeyId").asText();
    EcsPipeline pipeline = new EcsPipeline(cloud.url() + "/ecs", null, new EcsPipeline.Key(
        keyId, k.get("secretAccessKey").asText()), dir.resolve("ci"));
    String td = Files.readString(Repo.root().resolve("e2e/src/test/resources/ecs/web-taskdef.json"))
        .replace("FAMILY", family);
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
}
