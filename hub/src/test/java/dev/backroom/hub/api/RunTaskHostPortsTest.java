package dev.backroom.hub.api;

import static dev.backroom.hub.auth.AuthTesting.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.backroom.hub.devices.DeviceRegistry;
import dev.backroom.mqtt.message.Capabilities;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * RunTask counts the host ports that tasks already on a device bind, a service's or an earlier
 * RunTask's, as the control loop does: a bridge task asking for a taken host port never lands
 * where its container could not start. Each test has its own devices and family.
 */
@QuarkusTest
class RunTaskHostPortsTest {
  @Inject DeviceRegistry registry;

  private final String run = UUID.randomUUID().toString().substring(0, 8);
  private final List<String> devices = new ArrayList<>();

  /** A device with this test's {@code porttest} attribute and its own {@code pt} attribute. */
  private String device(String name) {
    String id = name + "-" + run;
    registry.onCapabilities(new Capabilities(id, "amd64", "linux", 4, 1024, 0,
        Map.of("porttest", run, "pt", id, "ecs.cpu-architecture", "x86_64",
            "ecs.os-type", "linux"), "test"));
    devices.add(id);
    return id;
  }

  private static String where(String attribute, String value) {
    return "\"placementConstraints\":[{\"type\":\"memberOf\",\"expression\":\"attribute:"
        + attribute + " == " + value + "\"}]";
  }

  /** A bridge definition publishing container port 80 on host port 8080. */
  private String register(String family) {
    String f = family + "-" + run;
    given().contentType("application/json").body("""
        {"family":"%s","networkMode":"bridge","containerDefinitions":[{"name":"web",
         "image":"backroom/busybox:1","memory":32,
         "portMappings":[{"containerPort":80,"hostPort":8080}]}]}""".formatted(f))
        .post("/api/v1/task-definitions").then().statusCode(201);
    return f;
  }

  /** Heartbeats this test's devices first: the test profile loses a device after 3 s. */
  private JsonPath runTask(String body) {
    devices.forEach(registry::onHeartbeat);
    return given().contentType("application/json").body(body).post("/api/v1/tasks")
        .then().statusCode(200).extract().jsonPath();
  }

  /** The one failure for {@code device}, as reason and detail. */
  private static List<String> failureOn(JsonPath answer, String device) {
    List<Map<String, String>> mine = answer.<Map<String, String>>getList("failures").stream()
        .filter(f -> device.equals(f.get("arn"))).toList();
    assertEquals(1, mine.size(), answer.prettify());
    return List.of(mine.get(0).get("reason"), mine.get(0).get("detail"));
  }

  @Test
  void serviceHoldsThePort_runTaskFailsThere_andLandsOnAnotherDevice() {
    String d = device("svc-d");
    String e = device("svc-e");
    String family = register("pt-svc");
    String service = "web-" + run;
    given().contentType("application/json").body("""
        {"serviceName":"%s","taskDefinition":"%s:1","desiredCount":1,%s}"""
        .formatted(service, family, where("pt", d))).post("/api/v1/services").then()
        .statusCode(201);
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
      devices.forEach(registry::onHeartbeat);
      given().get("/api/v1/tasks?serviceName=" + service).then()
          .body("deviceId", equalTo(List.of(d)));
    });

    JsonPath onD = runTask("""
        {"taskDefinition":"%s",%s}""".formatted(family, where("pt", d)));
    assertEquals(List.of(), onD.getList("tasks"), onD.prettify());
    assertEquals(List.of("RESOURCE:PORTS",
        "host port 8080/tcp in use on the device (service " + service + ")"), failureOn(onD, d));

    JsonPath either = runTask("""
        {"taskDefinition":"%s",%s}""".formatted(family, where("porttest", run)));
    assertEquals(List.of(e), either.getList("tasks.deviceId"), either.prettify());
    given().delete("/api/v1/services/" + service).then().statusCode(204);
  }

  @Test
  void earlierRunTaskHoldsThePort_aLaterRunTaskFailsThere() {
    String d = device("two-d");
    String family = register("pt-two");
    JsonPath first = runTask("""
        {"taskDefinition":"%s",%s}""".formatted(family, where("pt", d)));
    assertEquals(List.of(d), first.getList("tasks.deviceId"), first.prettify());
    String holder = first.getString("tasks[0].taskId");

    JsonPath second = runTask("""
        {"taskDefinition":"%s",%s}""".formatted(family, where("pt", d)));
    assertEquals(List.of(), second.getList("tasks"), second.prettify());
    assertEquals(List.of("RESOURCE:PORTS", "host port 8080/tcp in use on the device (task "
        + holder + " of group family:" + family + ")"), failureOn(second, d));
  }

  @Test
  void twoTasksOfOneRunTask_neverShareTheDevicesPort() {
    String d = device("one-d");
    String family = register("pt-one");
    JsonPath answer = runTask("""
        {"taskDefinition":"%s","count":2,%s}""".formatted(family, where("pt", d)));
    assertEquals(List.of(d), answer.getList("tasks.deviceId"), answer.prettify());
    assertEquals(List.of("RESOURCE:PORTS", "host port 8080/tcp in use on the device (another"
        + " task of group family:" + family + " in this request)"), failureOn(answer, d));
  }
}
