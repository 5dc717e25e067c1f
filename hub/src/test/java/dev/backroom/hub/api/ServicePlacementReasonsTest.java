package dev.backroom.hub.api;

import static dev.backroom.hub.auth.AuthTesting.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import dev.backroom.config.json.Json;
import dev.backroom.config.model.TaskDefinition;
import dev.backroom.hub.enrollment.TestDevices;
import dev.backroom.hub.mqtt.HubMqtt;
import dev.backroom.hub.store.TaskDefinitionStore;
import dev.backroom.mqtt.Topics;
import dev.backroom.mqtt.codec.MessageCodec;
import dev.backroom.mqtt.message.Capabilities;
import dev.backroom.mqtt.transport.PahoMqttTransport;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The scheduler's refusals for host ports and the task definition's runtimePlatform reach the
 * service view as its unplaced reasons, on a running hub with one scripted x86_64 device.
 */
@QuarkusTest
class ServicePlacementReasonsTest {
  private static final String DEVICE = "reasons-dev-1";
  private static final String ONLY_HERE =
      "[{\"type\":\"memberOf\",\"expression\":\"attribute:role == reasons\"}]";

  private final MessageCodec codec = new MessageCodec();

  @Inject HubMqtt mqtt;
  @Inject TaskDefinitionStore store;

  @Test
  void takenHostPort_andForeignArchitecture_areNamedInTheServiceView() throws Exception {
    try (PahoMqttTransport t = new PahoMqttTransport(
        TestDevices.enroll(DEVICE).options(mqtt.brokerUri()))) {
      t.start();
      await().atMost(Duration.ofSeconds(10)).until(t::isConnected);
      Capabilities caps = new Capabilities(DEVICE, "amd64", "linux", 4, 4096, 0,
          Map.of("ecs.cpu-architecture", "x86_64", "ecs.os-type", "linux", "role", "reasons"),
          "test");
      t.publish(Topics.capabilities(DEVICE), codec.encode(Topics.CAPABILITIES, DEVICE, 1, caps),
          1, true);
      await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> given()
          .get("/api/v1/devices/" + DEVICE).then().statusCode(200));

      // Straight into the store: which port mappings the API accepts is the validator's part.
      register("""
          {"family":"reasons-web","containerDefinitions":[{"name":"web","image":"backroom/busybox:1",
           "memory":32,"portMappings":[{"containerPort":80,"hostPort":8080}]}]}""");
      register("""
          {"family":"reasons-collector","networkMode":"host","containerDefinitions":[{"name":"c",
           "image":"backroom/busybox:1","memory":32,"portMappings":[{"containerPort":8080}]}]}""");
      register("""
          {"family":"reasons-arm","runtimePlatform":{"cpuArchitecture":"ARM64",
           "operatingSystemFamily":"LINUX"},"containerDefinitions":[{"name":"m",
           "image":"backroom/busybox:1","memory":32}]}""");
      service("reasons-web", "reasons-web", 1);
      await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> given()
          .get("/api/v1/tasks?serviceName=reasons-web").then().body("size()", equalTo(1)));
      service("reasons-collector", "reasons-collector", 1);
      service("reasons-arm", "reasons-arm", 1);

      await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> given()
          .get("/api/v1/services/reasons-collector").then().statusCode(200)
          .body("unplaced[0].reasonByDevice.'" + DEVICE + "'",
              equalTo("host port 8080/tcp in use on the device (service reasons-web)")));
      await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> given()
          .get("/api/v1/services/reasons-arm").then().statusCode(200)
          .body("unplaced[0].reasonByDevice.'" + DEVICE + "'",
              equalTo("arch arm64 required (runtimePlatform ARM64)")));

      for (String s : new String[] {"reasons-web", "reasons-collector", "reasons-arm"}) {
        given().delete("/api/v1/services/" + s).then().statusCode(204);
      }
    }
  }

  private void register(String json) {
    store.register(Json.read(json, TaskDefinition.class));
  }

  private static void service(String name, String family, int count) {
    given().contentType("application/json").body("""
        {"serviceName":"%s","taskDefinition":"%s","desiredCount":%d,"placementConstraints":%s}"""
        .formatted(name, family, count, ONLY_HERE))
        .post("/api/v1/services").then().statusCode(201);
  }
}
