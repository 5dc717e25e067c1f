package dev.backroom.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.dockerjava.api.model.Container;
import dev.backroom.harness.AgentProcess;
import dev.backroom.harness.DockerEngine;
import dev.backroom.harness.EcsPipeline;
import dev.backroom.harness.EcsPipeline.CliResult;
import dev.backroom.harness.HubProcess;
import dev.backroom.harness.ManagedProcess;
import dev.backroom.harness.Repo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import software.amazon.awssdk.core.waiters.WaiterResponse;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.DescribeServicesResponse;
import software.amazon.awssdk.services.ecs.model.KeyValuePair;
import software.amazon.awssdk.services.ecs.model.NetworkMode;

/**
 * A CI/CD pipeline pointed at a store, unchanged but for its endpoint and key: the real AWS CLI
 * and the AWS SDK for Java v2 against a real hub (HTTPS, its own store CA) with two real agents
 * on the real Docker engine. Every step is checked against what Docker runs.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EcsPipelineIT {
  static final Duration CONVERGE = Duration.ofSeconds(90);
  static final Duration WAITER = Duration.ofMinutes(5);

  final String run = UUID.randomUUID().toString().substring(0, 6);
  final String a = "ecs-a-" + run;
  final String b = "ecs-b-" + run;
  final String family = "web-" + run;
  Path dir;
  DockerEngine docker;
  HubProcess hub;
  AgentProcess agentA;
  AgentProcess agentB;
  EcsPipeline pipeline;
  EcsClient sdk;

  @BeforeAll
  void start() throws Exception {
    docker = DockerEngine.connect().requireImage(DockerEngine.TEST_IMAGE);
    dir = Files.createDirectories(Repo.root().resolve("e2e/target/runs/ecs-pipeline-" + run));
    hub = HubProcess.start(dir.resolve("hub"), null, Map.of(
        "backroom.devices.heartbeat-timeout", "3s", "backroom.devices.startup-grace", "15s",
        "backroom.deployments.health-grace", "2s"));
    agentA = AgentProcess.start(AgentProcess.Device.nuc(a), hub, dir.resolve(a));
    agentB = AgentProcess.start(AgentProcess.Device.nuc(b), hub, dir.resolve(b));
    await().atMost(CONVERGE).until(() -> hub.api().get("/api/v1/devices").json().size() == 2);
    pipeline = EcsPipeline.forHub(hub, "operator", dir.resolve("pipeline"));
    sdk = pipeline.sdk();
  }

  @AfterAll
  void stop() {
    if (sdk != null) {
      sdk.close();
    }
    for (ManagedProcess p : new ManagedProcess[] {agentA, agentB, hub}) {
      if (p != null) {
        p.stop();
      }
    }
    if (docker != null) {
      docker.removeDeviceContainers(a);
      docker.removeDeviceContainers(b);
      docker.close();
    }
  }

  @Test
  @Order(1)
  void registerFromACliInputJsonFile_createService_waitServicesStable() throws Exception {
    String td = Files.readString(Repo.root().resolve("e2e/src/test/resources/ecs/web-taskdef.json"))
        .replace("FAMILY", family);
    CliResult registered = pipeline.cli("register-task-definition", "--cli-input-json",
        pipeline.inputFile("td.json", td)).expectSuccess();
    assertEquals(1, registered.json().at("/taskDefinition/revision").asInt(), registered.out());
    assertTrue(registered.json().at("/taskDefinition/taskDefinitionArn").asText()
        .endsWith(":task-definition/" + family + ":1"), registered.out());

    pipeline.cli("create-service", "--service-name", "web", "--task-definition", family,
        "--desired-count", "2").expectSuccess();
    pipeline.cli(WAITER, "wait", "services-stable", "--services", "web").expectSuccess();

    List<Container> running = webContainers();
    assertEquals(2, running.size(), running.toString());
    assertEquals(2, running.stream().map(c -> c.getLabels().get("backroom.device-id")).distinct()
        .count(), "spread over both devices");
    for (Container c : running) {
      assertEquals("hello-v1", env(c, "GREETING"));
    }
    JsonNode svc = pipeline.cli("describe-services", "--services", "web").expectSuccess().json()
        .at("/services/0");
    assertEquals(2, svc.get("runningCount").asInt(), svc.toString());
    assertEquals(1, svc.get("deployments").size(), svc.toString());
  }

  @Test
  @Order(2)
  void theSdk_registersRevision2_updatesTheService_andWaitsForIt() {
    var td = sdk.registerTaskDefinition(r -> r.family(family).networkMode(NetworkMode.NONE)
        .containerDefinitions(ContainerDefinition.builder().name("web")
            .image("backroom/busybox:1").memory(32).essential(true)
            .command("sh", "-c", "echo serving $GREETING; while true; do sleep 2; done")
            .environment(KeyValuePair.builder().name("GREETING").value("hello-v2").build())
            .build()));
    assertEquals(2, td.taskDefinition().revision());
    sdk.updateService(r -> r.service("web").taskDefinition(family + ":2"));
    WaiterResponse<DescribeServicesResponse> waited = sdk.waiter()
        .waitUntilServicesStable(r -> r.services("web"));
    assertTrue(waited.matched().response().isPresent(), waited.toString());
    await().atMost(CONVERGE).untilAsserted(() -> {
      List<Container> running = webContainers();
      assertEquals(2, running.size(), running.toString());
      for (Container c : running) {
        assertEquals("hello-v2", env(c, "GREETING"), "revision 2 everywhere");
      }
    });
    var svc = sdk.describeServices(r -> r.services("web")).services().get(0);
    assertTrue(svc.taskDefinition().endsWith(family + ":2"), svc.taskDefinition());
  }

  @Test
  @Order(3)
  void aOneOffTask_runs_andWaitTasksStopped_seesItsExitCode() {
    JsonNode ran = pipeline.cli("run-task", "--task-definition", family, "--started-by", "ci",
        "--overrides", "{\"containerOverrides\":[{\"name\":\"web\",\"command\":[\"sh\",\"-c\","
            + "\"echo migrating; exit 3\"]}]}").expectSuccess().json();
    assertEquals(0, ran.get("failures").size(), ran.toString());
    String taskArn = ran.at("/tasks/0/taskArn").asText();
    pipeline.cli(WAITER, "wait", "tasks-stopped", "--tasks", taskArn).expectSuccess();
    JsonNode task = pipeline.cli("describe-tasks", "--tasks", taskArn).expectSuccess().json()
        .at("/tasks/0");
    assertEquals("STOPPED", task.get("lastStatus").asText(), task.toString());
    assertEquals(3, task.at("/containers/0/exitCode").asInt(), task.toString());
    assertEquals("ci", task.get("startedBy").asText());
    String id = taskArn.substring(taskArn.lastIndexOf('/') + 1);
    await().atMost(CONVERGE).untilAsserted(() -> assertEquals(0,
        docker.containers(Map.of("backroom.task-id", id)).size(), "its container is gone"));
  }

  @Test
  @Order(4)
  void describeContainerInstances_showsBothDevices() {
    JsonNode listed = pipeline.cli("list-container-instances").expectSuccess().json();
    assertEquals(2, listed.get("containerInstanceArns").size(), listed.toString());
    List<String> arns = new java.util.ArrayList<>();
    listed.get("containerInstanceArns").forEach(n -> arns.add(n.asText()));
    List<String> args = new java.util.ArrayList<>(List.of("describe-container-instances",
        "--container-instances"));
    args.addAll(arns);
    JsonNode described = pipeline.cli(args.toArray(String[]::new)).expectSuccess().json();
    assertEquals(2, described.get("containerInstances").size(), described.toString());
    for (JsonNode ci : described.get("containerInstances")) {
      assertTrue(ci.get("agentConnected").asBoolean(), ci.toString());
      assertEquals("ACTIVE", ci.get("status").asText());
      assertTrue(ci.get("runningTasksCount").asInt() >= 1, ci.toString());
      assertTrue(ci.toString().contains("ecs.cpu-architecture"), ci.toString());
      assertTrue(ci.toString().contains("MEMORY"), ci.toString());
    }
  }

  @Test
  @Order(5)
  void stopTask_removesItsContainer_andTheServiceReplacesIt() {
    Container victim = webContainers().get(0);
    String taskId = victim.getLabels().get("backroom.task-id");
    JsonNode stopped = pipeline.cli("stop-task", "--task", taskId, "--reason", "pipeline test")
        .expectSuccess().json();
    assertEquals("STOPPED", stopped.at("/task/desiredStatus").asText(), stopped.toString());
    await().atMost(CONVERGE).untilAsserted(() -> {
      assertEquals(0, docker.containers(Map.of("backroom.task-id", taskId)).size());
      assertEquals(2, webContainers().size(), "the service keeps its count");
    });
  }

  @Test
  @Order(6)
  void deleteService_refusedWhileScaledUp_thenForced_removesEveryContainer() {
    CliResult refused = pipeline.cli("delete-service", "--service", "web");
    assertTrue(refused.exit() != 0 && refused.err().contains("InvalidParameterException"),
        refused.err());
    pipeline.cli("delete-service", "--service", "web", "--force").expectSuccess();
    await().atMost(CONVERGE).untilAsserted(() -> assertEquals(0,
        docker.containers(Map.of("backroom.service", "web")).size()));
    JsonNode gone = pipeline.cli("describe-services", "--services", "web").expectSuccess().json();
    boolean inactiveOrMissing = gone.get("failures").size() == 1
        || "INACTIVE".equals(gone.at("/services/0/status").asText());
    assertTrue(inactiveOrMissing, gone.toString());
  }

  List<Container> webContainers() {
    return docker.running(Map.of("backroom.service", "web")).stream()
        .filter(c -> c.getLabels().get("backroom.device-id").startsWith("ecs-"))
        .filter(c -> c.getLabels().get("backroom.device-id").endsWith(run)).toList();
  }

  String env(Container c, String name) {
    String[] env = docker.client().inspectContainerCmd(c.getId()).exec().getConfig().getEnv();
    for (String e : env == null ? new String[0] : env) {
      if (e.startsWith(name + "=")) {
        return e.substring(name.length() + 1);
      }
    }
    return null;
  }
}
