package dev.backroom.hub.runtime;

import static dev.backroom.hub.auth.AuthTesting.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backroom.hub.mqtt.HubMqtt;
import dev.backroom.mqtt.Topics;
import dev.backroom.mqtt.codec.Decoded;
import dev.backroom.mqtt.codec.MessageCodec;
import dev.backroom.mqtt.message.Assignment;
import dev.backroom.mqtt.message.Capabilities;
import dev.backroom.mqtt.message.ContainerStatus;
import dev.backroom.mqtt.message.StatusReport;
import dev.backroom.mqtt.message.TaskStatus;
import dev.backroom.hub.enrollment.TestDevices;
import dev.backroom.mqtt.transport.PahoMqttTransport;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The hub against its real Mosquitto, with a scripted device speaking the wire protocol:
 * verifies placement reaches the device as a retained assignment, reports flow back into the
 * API, and junk on a status topic is dropped and counted without harm.
 */
@QuarkusTest
class HubOverMqttTest {
  private final MessageCodec codec = new MessageCodec();

  @Inject HubMqtt mqtt;
  @Inject MeterRegistry meters;

  @Test
  void deviceGetsItsAssignment_andItsStatusReachesTheApi() throws Exception {
    String device = "scripted-1";
    AtomicReference<Assignment> latest = new AtomicReference<>();
    try (PahoMqttTransport t = new PahoMqttTransport(TestDevices.enroll(device).options(mqtt.brokerUri()))) {
      t.subscribe(Topics.assignment(device), 1, m -> {
        if (codec.decode(m.payload(), Topics.ASSIGNMENT, device, Assignment.class)
            instanceof Decoded.Ok<Assignment> ok) {
          latest.set(ok.body());
        }
      });
      t.start();
      await().atMost(Duration.ofSeconds(10)).until(t::isConnected);
      Capabilities caps = new Capabilities(device, "arm64", "linux", 4, 4096, 1,
          Map.of("ecs.cpu-architecture", "arm64", "ecs.os-type", "linux"), "test");
      t.publish(Topics.capabilities(device), codec.encode(Topics.CAPABILITIES, device, 1, caps), 1, true);

      given().contentType("application/json").body("""
          {"family":"mqtt-td","containerDefinitions":[{"name":"main","image":"backroom/busybox:1","memory":32}]}""")
          .post("/api/v1/task-definitions").then().statusCode(201);
      given().contentType("application/json").body("""
          {"serviceName":"mqtt-svc","taskDefinition":"mqtt-td","desiredCount":2,
           "placementConstraints":[{"type":"memberOf","expression":"attribute:ecs.cpu-architecture == arm64"}]}""")
          .post("/api/v1/services").then().statusCode(201);

      await().atMost(Duration.ofSeconds(10)).until(() -> latest.get() != null
          && latest.get().tasks().size() == 2);
      Assignment a = latest.get();
      assertTrue(a.generation() >= 1);
      List<TaskStatus> statuses = a.tasks().stream().map(task -> new TaskStatus(task.taskId(),
          task.serviceName(), task.specHash(), TaskStatus.RUNNING, "UNKNOWN",
          List.of(new ContainerStatus("main", "c-" + task.taskId(), "running", null, "UNKNOWN", 0, null))))
          .toList();
      t.publish(Topics.status(device), codec.encode(Topics.STATUS, device, 2,
          new StatusReport(device, a.generation(), statuses)), 1, false);

      await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertEquals(2,
          (int) given().get("/api/v1/services/mqtt-svc").then().extract().path("runningCount")));

      given().delete("/api/v1/services/mqtt-svc").then().statusCode(204);
      await().atMost(Duration.ofSeconds(10)).until(() -> latest.get().tasks().isEmpty());
    }
  }

  @Test
  void malformedStatus_isDroppedAndCounted_andTheHubKeepsServing() throws Exception {
    double before = dropped();
    try (PahoMqttTransport t = new PahoMqttTransport(TestDevices.enroll("d1").options(mqtt.brokerUri()))) {
      t.start();
      await().atMost(Duration.ofSeconds(10)).until(t::isConnected);
      for (String junk : List.of("", "{", "null", "{\"v\":2}", "{\"v\":1,\"type\":\"heartbeat\","
          + "\"deviceId\":\"d1\",\"ts\":1,\"body\":{\"deviceId\":\"d1\"}}")) {
        t.publish(Topics.status("d1"), junk.getBytes(StandardCharsets.UTF_8), 1, false);
      }
      t.publish("backroom/v1/devices/d1/status/extra", "x".getBytes(StandardCharsets.UTF_8), 1, false);
    }
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertEquals(before + 5, dropped(), 0.001));
    given().get("/q/health/ready").then().statusCode(200);
    given().get("/api/v1/devices").then().statusCode(200);
  }

  private double dropped() {
    return meters.find("backroom.mqtt.dropped").tag("kind", "status").counters().stream()
        .mapToDouble(c -> c.count()).sum();
  }
}
