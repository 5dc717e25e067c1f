package dev.backroom.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.dockerjava.api.model.Container;
import dev.backroom.harness.AgentProcess;
import dev.backroom.harness.DockerEngine;
import dev.backroom.harness.HubProcess;
import dev.backroom.harness.ManagedProcess;
import dev.backroom.harness.Repo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
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

/**
 * Standalone tasks (ECS RunTask) for real: a hub (its own Mosquitto, 3 s heartbeat timeout) and
 * two agents on the real Docker engine. A run-to-completion task ends STOPPED with its exit code
 * and its containers go; overrides of command and environment reach Docker; StopTask removes a
 * running one; a task on a lost device is stopped, not moved.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RunTaskIT {
  static final Duration CONVERGE = Duration.ofSeconds(60);

  final String run = UUID.randomUUID().toString().substring(0, 6);
  final String a = "rt-a-" + run;
  final String b = "rt-b-" + run;
  final String family = "job-" + run;
  Path dir;
  DockerEngine docker;
  HubProcess hub;
  AgentProcess agentA;
  AgentProcess agentB;

  @BeforeAll
  void start() throws Exception {
    docker = DockerEngine.connect().requireImage(DockerEngine.TEST_IMAGE);
    dir = Files.createDirectories(Repo.root().resolve("e2e/target/runs/runtask-" + run));
    hub = HubProcess.start(dir.resolve("hub"), null, Map.of(
        "backroom.devices.heartbeat-timeout", "3s", "backroom.devices.startup-grace", "15s"));
    agentA = AgentProcess.start(AgentProcess.Device.nuc(a), hub, dir.resolve(a));
    agentB = AgentProcess.start(AgentProcess.Device.nuc(b), hub, dir.resolve(b));
    await().atMost(CONVERGE).until(() -> hub.api().get("/api/v1/devices").json().size() == 2);
    // Exits with $CODE, 0 unless overridden; the base command would sleep instead.
    hub.api().post("/api/v1/task-definitions", """
        {"family":"%s","networkMode":"host","containerDefinitions":[{"name":"main",
         "image":"backroom/busybox:1","memory":16,"command":["sh","-c","sleep 3600"],
         "environment":[{"name":"CODE","value":"0"}]}]}""".formatted(family)).expect(201);
  }

  @AfterAll
  void stop() {
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
  void runToCompletion_countTwo_endsStoppedWithExitCode3_fromTheOverrides() {
    JsonNode answer = hub.api().post("/api/v1/tasks", """
        {"taskDefinition":"%s","count":2,"startedBy":"migrate",
         "overrides":{"containerOverrides":[{"name":"main","command":["sh","-c","exit $CODE"],
           "environment":[{"name":"CODE","value":"3"}]}]}}""".formatted(family)).expect(200).json();
    assertEquals(2, answer.get("tasks").size(), answer.toString());
    assertEquals(0, answer.get("failures").size(), answer.toString());
    List<String> ids = new ArrayList<>();
    answer.get("tasks").forEach(t -> ids.add(t.get("taskId").asText()));
    await().atMost(CONVERGE).untilAsserted(() -> {
      for (String id : ids) {
        JsonNode t = hub.api().get("/api/v1/tasks/" + id).expect(200).json();
        assertEquals("STOPPED", t.get("desiredStatus").asText(), t.toString());
        assertEquals("STOPPED", t.get("lastStatus").asText(), t.toString());
        assertEquals("EssentialContainerExited", t.get("stopCode").asText(), t.toString());
        assertEquals("Essential container in task exited", t.get("stoppedReason").asText());
        assertEquals(3, t.at("/containers/0/exitCode").asInt(), t.toString());
        assertEquals(0, t.at("/containers/0/restarts").asInt(), "never restarted: " + t);
      }
    });
    // Taken out of the assignment, the agent removes the exited containers.
    await().atMost(CONVERGE).untilAsserted(() -> {
      for (String id : ids) {
        assertEquals(List.of(), containers(id), "containers of " + id);
      }
    });
    JsonNode all = hub.api().get("/api/v1/tasks?desiredStatus=ALL&startedBy=migrate").json();
    assertEquals(2, all.size(), "nothing replaced them: " + all);
  }

  @Test
  @Order(2)
  void stopTask_removesARunningStandaloneTask() {
    String id = hub.api().post("/api/v1/tasks", """
        {"taskDefinition":"%s","placementConstraints":[{"type":"memberOf",
          "expression":"attribute:backroom.device-id == %s"}]}""".formatted(family, a))
        .expect(200).json().at("/tasks/0/taskId").asText();
    await().atMost(CONVERGE).untilAsserted(() -> {
      List<Container> running = containers(id).stream()
          .filter(c -> "running".equals(c.getState())).toList();
      assertEquals(1, running.size());
      assertTrue(running.get(0).getCommand().contains("sleep 3600"), running.get(0).getCommand());
      assertEquals("RUNNING", hub.api().get("/api/v1/tasks/" + id).json().get("lastStatus").asText());
    });
    JsonNode stopped = hub.api().post("/api/v1/tasks/" + id + "/stop",
        "{\"reason\":\"not needed\"}").expect(200).json();
    assertEquals("UserInitiated", stopped.get("stopCode").asText());
    await().atMost(CONVERGE).untilAsserted(() -> assertEquals(List.of(), containers(id)));
  }

  @Test
  @Order(3)
  void taskOnALostDevice_isStopped_notMoved() {
    String id = hub.api().post("/api/v1/tasks", """
        {"taskDefinition":"%s","placementConstraints":[{"type":"memberOf",
          "expression":"attribute:backroom.device-id == %s"}]}""".formatted(family, b))
        .expect(200).json().at("/tasks/0/taskId").asText();
    await().atMost(CONVERGE).until(() -> "RUNNING".equals(
        hub.api().get("/api/v1/tasks/" + id).json().get("lastStatus").asText()));
    agentB.stop();
    await().atMost(CONVERGE).untilAsserted(() -> {
      JsonNode t = hub.api().get("/api/v1/tasks/" + id).json();
      assertEquals("STOPPED", t.get("desiredStatus").asText(), t.toString());
      assertEquals("DeviceLost", t.get("stopCode").asText(), t.toString());
      assertEquals(b, t.get("deviceId").asText());
    });
    JsonNode mine = hub.api().get("/api/v1/tasks?family=" + family).json();
    assertEquals(0, mine.size(), "no standalone task was placed elsewhere: " + mine);
  }

  @Test
  @Order(4)
  void deregisteredRevisionAndEndedTasks_surviveAHubRestart() {
    hub.api().delete("/api/v1/task-definitions/" + family + ":1").expect(200);
    hub.restart();
    JsonNode td = hub.api().get("/api/v1/task-definitions/" + family + ":1").expect(200).json();
    assertEquals("INACTIVE", td.get("status").asText(), td.toString());
    assertTrue(td.hasNonNull("deregisteredAt"), td.toString());
    JsonNode refused = hub.api().post("/api/v1/tasks",
        "{\"taskDefinition\":\"" + family + ":1\"}").expect(400).json();
    assertEquals("taskDefinition", refused.at("/violations/0/path").asText(), refused.toString());
    JsonNode ended = hub.api().get("/api/v1/tasks?desiredStatus=STOPPED&startedBy=migrate").json();
    assertEquals(2, ended.size(), ended.toString());
    for (JsonNode t : ended) {
      assertEquals("EssentialContainerExited", t.get("stopCode").asText(), t.toString());
      assertEquals(3, t.at("/containers/0/exitCode").asInt(), t.toString());
      assertEquals("migrate", t.get("startedBy").asText());
    }
  }

  private List<Container> containers(String taskId) {
    return docker.containers(Map.of("backroom.task-id", taskId));
  }
}
