package dev.backroom.hub.api;

import static dev.backroom.hub.auth.AuthTesting.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

import dev.backroom.config.json.Json;
import dev.backroom.config.model.TaskDefinition;
import dev.backroom.hub.enrollment.TestDevices;
import dev.backroom.hub.store.TaskDefinitionStore;
import dev.backroom.hub.mqtt.HubMqtt;
import dev.backroom.mqtt.Topics;
import dev.backroom.mqtt.codec.Decoded;
import dev.backroom.mqtt.codec.MessageCodec;
import dev.backroom.mqtt.message.Assignment;
import dev.backroom.mqtt.message.AssignedTask;
import dev.backroom.mqtt.message.Capabilities;
import dev.backroom.mqtt.message.ContainerStatus;
import dev.backroom.mqtt.message.NetworkBinding;
import dev.backroom.mqtt.message.StatusReport;
import dev.backroom.mqtt.message.TaskStatus;
import dev.backroom.mqtt.transport.PahoMqttTransport;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The ports a device reports for a task's containers reach the task API in ECS's
 * {@code networkBindings} shape and the task page, through a scripted device on the hub's real
 * Mosquitto.
 */
@QuarkusTest
class TaskNetworkBindingsTest {
  private final MessageCodec codec = new MessageCodec();

  @Inject HubMqtt mqtt;
  @Inject TaskDefinitionStore store;

  @Test
  void reportedBindings_areServedPerContainer_andShownOnTheTaskPage() throws Exception {
    String device = "ports-dev-1";
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
          Map.of("ecs.cpu-architecture", "x86_64", "ecs.os-type", "linux", "role", "ports"),
          "test");
      t.publish(Topics.capabilities(device), codec.encode(Topics.CAPABILITIES, device, 1, caps),
          1, true);

      // Straight into the store: what the API accepts of portMappings is the validator's
      // business and tested there; here only the report's way back matters.
      TaskDefinition td = store.register(Json.read("""
          {"family":"ports-td","containerDefinitions":[{"name":"web","image":"backroom/busybox:1",
           "memory":32,"portMappings":[{"containerPort":80,"hostPort":0},
           {"containerPort":53,"hostPort":5353,"protocol":"udp"}]},
           {"name":"side","image":"backroom/busybox:1","memory":32}]}""", TaskDefinition.class));
      assertEquals("bridge", td.networkMode());
      given().contentType("application/json").body("""
          {"serviceName":"ports-svc","taskDefinition":"ports-td","desiredCount":1,
           "placementConstraints":[{"type":"memberOf","expression":"attribute:role == ports"}]}""")
          .post("/api/v1/services").then().statusCode(201);

      await().atMost(Duration.ofSeconds(10)).until(() -> latest.get() != null
          && latest.get().tasks().size() == 1);
      Assignment a = latest.get();
      AssignedTask task = a.tasks().get(0);
      TaskStatus status = new TaskStatus(task.taskId(), task.serviceName(), task.specHash(),
          TaskStatus.RUNNING, "UNKNOWN", List.of(
              new ContainerStatus("web", "c-web", "running", null, "UNKNOWN", 0, null, List.of(
                  new NetworkBinding("0.0.0.0", 80, 32768, "tcp"),
                  new NetworkBinding("0.0.0.0", 53, 5353, "udp"))),
              new ContainerStatus("side", "c-side", "running", null, "UNKNOWN", 0, null)));
      t.publish(Topics.status(device), codec.encode(Topics.STATUS, device, 2,
          new StatusReport(device, a.generation(), List.of(status))), 1, false);

      String path = "/api/v1/tasks/" + task.taskId();
      await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> given().get(path).then()
          .statusCode(200).body("lastStatus", equalTo("RUNNING")));
      given().get(path).then().statusCode(200)
          .body("containers.find { it.name == 'web' }.networkBindings", hasSize(2))
          .body("containers.find { it.name == 'web' }.networkBindings[0].bindIP",
              equalTo("0.0.0.0"))
          .body("containers.find { it.name == 'web' }.networkBindings[0].containerPort",
              equalTo(80))
          .body("containers.find { it.name == 'web' }.networkBindings[0].hostPort",
              equalTo(32768))
          .body("containers.find { it.name == 'web' }.networkBindings[0].protocol",
              equalTo("tcp"))
          .body("containers.find { it.name == 'web' }.networkBindings[1].hostPort",
              equalTo(5353))
          .body("containers.find { it.name == 'web' }.networkBindings[1].protocol",
              equalTo("udp"))
          .body("containers.find { it.name == 'side' }.networkBindings", nullValue());
      given().get("/api/v1/tasks?serviceName=ports-svc").then().statusCode(200)
          .body("[0].containers.find { it.name == 'web' }.networkBindings[0].hostPort",
              equalTo(32768));
      given().get("/tasks/" + task.taskId()).then().statusCode(200)
          .body(containsString("data-testid=\"ports-web\"><code>0.0.0.0:32768&rarr;80/tcp</code>"
              + " <code>0.0.0.0:5353&rarr;53/udp</code></td>"))
          .body(containsString("data-testid=\"ports-side\">-</td>"));

      given().delete("/api/v1/services/ports-svc").then().statusCode(204);
    }
  }
}
