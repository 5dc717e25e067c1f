package dev.backroom.hub.standalone;

import static dev.backroom.hub.auth.AuthTesting.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backroom.config.model.ContainerDefinition;
import dev.backroom.config.model.KeyValuePair;
import dev.backroom.hub.enrollment.TestDevices;
import dev.backroom.hub.mqtt.HubMqtt;
import dev.backroom.mqtt.Topics;
import dev.backroom.mqtt.codec.Decoded;
import dev.backroom.mqtt.codec.MessageCodec;
import dev.backroom.mqtt.message.AssignedTask;
import dev.backroom.mqtt.message.Assignment;
import dev.backroom.mqtt.message.Capabilities;
import dev.backroom.mqtt.message.ContainerStatus;
import dev.backroom.mqtt.message.StatusReport;
import dev.backroom.mqtt.message.TaskStatus;
import dev.backroom.mqtt.transport.PahoMqttTransport;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Standalone tasks through the hub and its real Mosquitto, with a scripted device speaking the
 * wire protocol: verifies that the assignment carries the overridden definition (run once), and
 * that a task the device reports STOPPED with exit code 3 is recorded so and leaves the
 * assignment, with no replacement.
 */
@QuarkusTest
class StandaloneOverMqttTest {
  private final MessageCodec codec = new MessageCodec();

  @Inject HubMqtt mqtt;

  @Test
  void countTwoWithOverrides_reachTheDevice_andAnExitEndsTheTaskWithItsCode() throws Exception {
    String device = "scripted-rt-" + UUID.randomUUID().toString().substring(0, 6);
    AtomicReference<Assignment> latest = new AtomicReference<>();
    try (PahoMqttTransport t = new PahoMqttTransport(
        TestDevices.enroll(device).options(mqtt.brokerUri()))) {
      t.subscribe(Topics.assignment(device), 1, m -> {
        if (codec.decode(m.payload(), Topics.ASSIGNMENT, device, Assignment.class)
            instanceof Decoded.Ok<Assignment> ok) {
          latest.set(ok.body());
        }
      });
      t.start();
      await().atMost(Duration.ofSeconds(10)).until(t::isConnected);
      Capabilities caps = new Capabilities(device, "amd64", "linux", 4, 4096, 0,
          Map.of("ecs.cpu-architecture", "x86_64", "ecs.os-type", "linux", "rt", device), "test");
      t.publish(Topics.capabilities(device), codec.encode(Topics.CAPABILITIES, device, 1, caps), 1,
          true);

      String family = "exit3-" + device;
      given().contentType("application/json").body("""
          {"family":"%s","networkMode":"host","containerDefinitions":[{"name":"main",
           "image":"backroom/busybox:1","memory":32,"command":["sh","-c","sleep 60"],
           "environment":[{"name":"A","value":"1"}]}]}""".formatted(family))
          .post("/api/v1/task-definitions").then().statusCode(201);
      JsonPath answer = given().contentType("application/json").body("""
          {"taskDefinition":"%s","count":2,
           "placementConstraints":[{"type":"memberOf","expression":"attribute:rt == %s"}],
           "overrides":{"containerOverrides":[{"name":"main","command":["sh","-c","exit 3"],
             "environment":[{"name":"B","value":"2"}]}]}}""".formatted(family, device))
          .post("/api/v1/tasks").then().statusCode(200).extract().jsonPath();
      List<String> ids = answer.getList("tasks.taskId");
      assertEquals(2, ids.size(), answer.prettify());

      await().atMost(Duration.ofSeconds(10)).until(() -> latest.get() != null
          && latest.get().tasks().size() == 2);
      Assignment a = latest.get();
      for (AssignedTask task : a.tasks()) {
        assertTrue(ids.contains(task.taskId()));
        assertNull(task.serviceName());
        ContainerDefinition main = task.taskDefinition().containers().get(0);
        assertEquals(List.of("sh", "-c", "exit 3"), main.command());
        assertEquals(List.of(new KeyValuePair("A", "1"), new KeyValuePair("B", "2")),
            main.environment());
        assertFalse(main.restartPolicyOrDefault().shouldRestart(3, 0),
            "a RunTask container without restartPolicy runs once");
      }

      // The first task's container exits 3 for good; the second still runs.
      String done = a.tasks().get(0).taskId();
      List<TaskStatus> statuses = a.tasks().stream().map(task -> task.taskId().equals(done)
          ? new TaskStatus(task.taskId(), null, task.specHash(), TaskStatus.STOPPED, "UNKNOWN",
              List.of(new ContainerStatus("main", "c-" + task.taskId(), "exited", 3, "UNKNOWN", 0,
                  "exited 3, policy never after 0 restarts")))
          : new TaskStatus(task.taskId(), null, task.specHash(), TaskStatus.RUNNING, "UNKNOWN",
              List.of(new ContainerStatus("main", "c-" + task.taskId(), "running", null,
                  "UNKNOWN", 0, null)))).toList();
      t.publish(Topics.status(device), codec.encode(Topics.STATUS, device, 2,
          new StatusReport(device, a.generation(), statuses)), 1, false);

      await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
          given().get("/api/v1/tasks/" + done).then().statusCode(200)
              .body("desiredStatus", equalTo("STOPPED"))
              .body("lastStatus", equalTo("STOPPED"))
              .body("stopCode", equalTo("EssentialContainerExited"))
              .body("stoppedReason", equalTo("Essential container in task exited"))
              .body("containers[0].exitCode", equalTo(3)));
      await().atMost(Duration.ofSeconds(10)).until(() -> latest.get().tasks().size() == 1);
      assertEquals(ids.stream().filter(id -> !id.equals(done)).toList(),
          latest.get().tasks().stream().map(AssignedTask::taskId).toList(),
          "the ended task leaves the assignment and nothing replaces it");
      given().get("/api/v1/tasks?family=" + family).then().body("taskId",
          equalTo(ids.stream().filter(id -> !id.equals(done)).toList()));

      // Stopping the other one empties the device's assignment.
      String other = latest.get().tasks().get(0).taskId();
      given().contentType("application/json").body("{}").post("/api/v1/tasks/" + other + "/stop")
          .then().statusCode(200).body("stopCode", equalTo("UserInitiated"));
      await().atMost(Duration.ofSeconds(10)).until(() -> latest.get().tasks().isEmpty());
    }
  }
}
