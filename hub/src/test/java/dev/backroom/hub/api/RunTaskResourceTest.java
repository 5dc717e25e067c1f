package dev.backroom.hub.api;

import static dev.backroom.hub.auth.AuthTesting.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.backroom.hub.auth.AuthTesting;
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
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * ECS RunTask, StopTask, DeregisterTaskDefinition and DeleteTaskDefinitions through the API:
 * status codes, answer shapes, and every refusal with its path and reason. Each test has its
 * own device (matched by a unique attribute) and family, since the app is shared.
 */
@QuarkusTest
class RunTaskResourceTest {
  @Inject DeviceRegistry registry;

  private final String run = UUID.randomUUID().toString().substring(0, 8);
  private final List<String> devices = new ArrayList<>();

  /** A device only this test's constraint matches, 4 CPUs and 1024 MiB, seen just now. */
  private String device(String name) {
    String id = seen(name);
    devices.add(id);
    return id;
  }

  /** A device like {@link #device}, heard from now and not heartbeated after. */
  private String seen(String name) {
    String id = name + "-" + run;
    registry.onCapabilities(new Capabilities(id, "amd64", "linux", 4, 1024, 0,
        Map.of("runtask", id, "ecs.cpu-architecture", "x86_64", "ecs.os-type", "linux"), "test"));
    return id;
  }

  private static String on(String device) {
    return "\"placementConstraints\":[{\"type\":\"memberOf\",\"expression\":\"attribute:runtask == "
        + device + "\"}]";
  }

  private String register(String family, int memory) {
    String f = family + "-" + run;
    given().contentType("application/json").body("""
        {"family":"%s","networkMode":"host","containerDefinitions":[{"name":"main",
         "image":"backroom/busybox:1","memory":%d,"command":["sh","-c","echo base"],
         "environment":[{"name":"A","value":"1"}]}]}""".formatted(f, memory))
        .post("/api/v1/task-definitions").then().statusCode(201);
    return f;
  }

  /** Heartbeats this test's devices first: the test profile loses a device after 3 s. */
  private JsonPath runTask(String body, int status) {
    devices.forEach(registry::onHeartbeat);
    return given().contentType("application/json").body(body).post("/api/v1/tasks")
        .then().statusCode(status).extract().jsonPath();
  }

  @Test
  void countTwo_withOverrides_startsTwoStandaloneTasks_thatCarryThem() {
    String d = device("rt");
    String family = register("job", 64);
    JsonPath answer = runTask("""
        {"taskDefinition":"%s","count":2,"startedBy":"ci-%s",%s,
         "overrides":{"containerOverrides":[{"name":"main","command":["sh","-c","exit 3"],
           "environment":[{"name":"B","value":"2"}]}]}}""".formatted(family, run, on(d)), 200);
    assertEquals(2, answer.getList("tasks").size(), answer.prettify());
    assertEquals(List.of(), answer.getList("failures"));
    for (int i = 0; i < 2; i++) {
      String p = "tasks[" + i + "].";
      assertEquals(d, answer.getString(p + "deviceId"));
      assertEquals(null, answer.getString(p + "serviceName"));
      assertEquals("RUNNING", answer.getString(p + "desiredStatus"));
      assertEquals("PENDING", answer.getString(p + "lastStatus"));
      assertEquals("family:" + family, answer.getString(p + "group"));
      assertEquals("ci-" + run, answer.getString(p + "startedBy"));
      assertEquals(List.of("sh", "-c", "exit 3"),
          answer.getList(p + "overrides.containerOverrides[0].command"));
      assertEquals(1, answer.getInt(p + "taskRevision"));
    }
    given().get("/api/v1/tasks?startedBy=ci-" + run).then().statusCode(200).body("$", hasSize(2));
    given().get("/api/v1/tasks?family=" + family + "&desiredStatus=ALL").then().statusCode(200)
        .body("$", hasSize(2)).body("group", everyItem(equalTo("family:" + family)));
    // The audit log names what the request started.
    String first = answer.getString("tasks[0].taskId");
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
        given().get("/api/v1/audit?limit=50").then().statusCode(200)
            .body("target", hasItem(containsString(first))));
  }

  /**
   * Verifies each device's failure code: the one that matches but lacks memory, one that does not
   * match, one that is lost. The app is shared, so other tests' devices are in the answer too,
   * alive or lost depending on when they last heartbeated; only this test's own are asserted.
   */
  @Test
  void noDeviceWithRoom_isA200WithFailures_andNothingPending() {
    String d = device("full");
    String other = device("other");
    String lost = seen("gone");
    registry.onLifecycle(lost, false); // its last will: lost at once
    String family = register("big", 2048);
    runTask("""
        {"taskDefinition":"%s","count":3,"startedBy":"big-%s",%s}""".formatted(family, run, on(d)), 200);
    JsonPath answer = runTask("""
        {"taskDefinition":"%s","count":3,%s}""".formatted(family, on(d)), 200);
    assertEquals(List.of(), answer.getList("tasks"));
    List<Map<String, String>> mine = answer.<Map<String, String>>getList("failures").stream()
        .filter(f -> d.equals(f.get("arn"))).toList();
    assertEquals(1, mine.size(), answer.prettify());
    assertEquals("RESOURCE:MEMORY", mine.get(0).get("reason"));
    assertEquals("needs 2048 MiB, 1024 free", mine.get(0).get("detail"));
    given().get("/api/v1/tasks?startedBy=big-" + run + "&desiredStatus=ALL").then()
        .body("$", empty());
    // A device the constraint does not match: ATTRIBUTE; a lost one: AGENT, whatever it matches.
    assertEquals(List.of(Map.of("arn", other, "reason", "ATTRIBUTE",
        "detail", "constraint attribute:runtask == " + d + " not met")), failuresOf(answer, other));
    assertEquals(List.of(Map.of("arn", lost, "reason", "AGENT", "detail", "not schedulable: lost")),
        failuresOf(answer, lost));
  }

  private static List<Map<String, String>> failuresOf(JsonPath answer, String device) {
    return answer.<Map<String, String>>getList("failures").stream()
        .filter(f -> device.equals(f.get("arn"))).toList();
  }

  @Test
  void clientToken_sameParametersGiveTheSameTasks_otherParametersConflict() {
    String d = device("idem");
    String family = register("idem", 32);
    String body = """
        {"taskDefinition":"%s","clientToken":"tok-%s",%s}""".formatted(family, run, on(d));
    String first = runTask(body, 200).getString("tasks[0].taskId");
    assertEquals(first, runTask(body, 200).getString("tasks[0].taskId"));
    given().get("/api/v1/tasks?desiredStatus=ALL&family=" + family).then().body("$", hasSize(1));
    given().contentType("application/json").body("""
        {"taskDefinition":"%s","count":2,"clientToken":"tok-%s",%s}""".formatted(family, run, on(d)))
        .post("/api/v1/tasks").then().statusCode(409).body("error", equalTo("conflict"))
        .body("message", containsString("other parameters"));
  }

  @Test
  void stopTask_endsAStandaloneTask_userInitiated_withTheReason_andNoReplacement() {
    String d = device("stop");
    String family = register("stop", 32);
    String id = runTask("""
        {"taskDefinition":"%s",%s}""".formatted(family, on(d)), 200).getString("tasks[0].taskId");
    given().contentType("application/json").body("{\"reason\":\"wrong input file\"}")
        .post("/api/v1/tasks/" + id + "/stop").then().statusCode(200)
        .body("desiredStatus", equalTo("STOPPED"))
        .body("stopCode", equalTo("UserInitiated"))
        .body("stoppedReason", equalTo("wrong input file"))
        .body("stoppedAt", notNullValue());
    given().get("/api/v1/tasks?family=" + family).then().body("$", empty());
    given().get("/api/v1/tasks?family=" + family + "&desiredStatus=STOPPED").then()
        .body("taskId", equalTo(List.of(id)));
    given().contentType("application/json").body("{}").post("/api/v1/tasks/" + id + "/stop")
        .then().statusCode(409);
  }

  @Test
  void taskOnALostDevice_isStoppedWithItsReason_notMoved() {
    String d = device("lost");
    String family = register("lost", 32);
    String id = runTask("""
        {"taskDefinition":"%s",%s}""".formatted(family, on(d)), 200).getString("tasks[0].taskId");
    // No heartbeat follows: past the test profile's 3 s timeout the device is lost.
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().get("/api/v1/tasks/" + id)
        .then().body("desiredStatus", equalTo("STOPPED")).body("stopCode", equalTo("DeviceLost"))
        .body("stoppedReason", containsString("device lost")));
    given().get("/api/v1/tasks?family=" + family + "&desiredStatus=ALL").then()
        .body("$", hasSize(1)).body("[0].deviceId", equalTo(d));
  }

  @Test
  void viewer_cannotRunTasks() {
    AuthTesting.as(AuthTesting.tokenFor("rt-viewer-" + run, "viewer")).contentType("application/json")
        .body("{\"taskDefinition\":\"x\"}").post("/api/v1/tasks").then().statusCode(403);
  }

  /** One refusal of POST /api/v1/tasks: body, path, part of the reason. */
  record Refusal(String name, String body, String path, String reason) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Refusal> refusals() {
    return Stream.of(
        new Refusal("unknown field", "{\"taskDefinition\":\"x\",\"taskRoleArn\":\"a\"}",
            "taskRoleArn", "unknown field"),
        new Refusal("unknown override field", """
            {"taskDefinition":"x","overrides":{"containerOverrides":[{"name":"main","image":"y"}]}}""",
            "overrides.containerOverrides[0].image", "unknown field"),
        new Refusal("count out of range", "{\"taskDefinition\":\"x\",\"count\":11}", "count",
            "1 to 10"),
        new Refusal("no such definition", "{\"taskDefinition\":\"nothing-here\"}", "taskDefinition",
            "no ACTIVE revision"),
        new Refusal("no such revision", "{\"taskDefinition\":\"nothing-here:4\"}", "taskDefinition",
            "no registered task definition"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refusals")
  void refusal_is400WithPathAndReason(Refusal r) {
    given().contentType("application/json").body(r.body()).post("/api/v1/tasks").then()
        .statusCode(400).body("error", equalTo("invalid_request"))
        .body("violations.find { it.path == '" + r.path() + "' }.reason", containsString(r.reason()));
  }

  @Test
  void overrideOfAContainerNotInTheDefinition_is400WithThePath() {
    String family = register("ovr", 32);
    given().contentType("application/json").body("""
        {"taskDefinition":"%s","overrides":{"containerOverrides":[{"name":"sidecar","command":["x"]}]}}"""
        .formatted(family)).post("/api/v1/tasks").then().statusCode(400)
        .body("violations[0].path", equalTo("overrides.containerOverrides[0].name"))
        .body("violations[0].reason", containsString("has no container sidecar"));
    given().contentType("application/json").body("""
        {"taskDefinition":"%s","overrides":{"containerOverrides":[{"name":"main","memory":2}]}}"""
        .formatted(family)).post("/api/v1/tasks").then().statusCode(400)
        .body("violations.path", hasItem("overrides.containerOverrides[0].memory"));
  }

  @Test
  void deregisteredRevision_startsNothingNew_butItsServiceKeepsIt_andDeleteFollowsEcs() {
    String d = device("dereg");
    String family = register("dereg", 32);
    String service = "svc-" + run;
    given().contentType("application/json").body("""
        {"serviceName":"%s","taskDefinition":"%s:1","desiredCount":1,%s}"""
        .formatted(service, family, on(d))).post("/api/v1/services").then().statusCode(201);

    given().delete("/api/v1/task-definitions/" + family).then().statusCode(400)
        .body("violations[0].path", equalTo("taskDefinition"))
        .body("violations[0].reason", containsString("revision is required"));
    given().delete("/api/v1/task-definitions/" + family + ":1").then().statusCode(200)
        .body("status", equalTo("INACTIVE")).body("deregisteredAt", notNullValue())
        .body("family", equalTo(family));
    given().get("/api/v1/task-definitions/" + family + ":1").then().statusCode(200)
        .body("status", equalTo("INACTIVE"));
    given().get("/api/v1/task-definitions/" + family).then().statusCode(404);
    given().get("/api/v1/task-definitions?family=" + family + "&status=INACTIVE").then()
        .body("revision", equalTo(List.of(1)));

    given().contentType("application/json").body("{\"taskDefinition\":\"" + family + ":1\"}")
        .post("/api/v1/tasks").then().statusCode(400)
        .body("violations[0].path", equalTo("taskDefinition"))
        .body("violations[0].reason", containsString("INACTIVE"));
    given().contentType("application/json").body("""
        {"serviceName":"%s-2","taskDefinition":"%s:1","desiredCount":1}""".formatted(service, family))
        .post("/api/v1/services").then().statusCode(400)
        .body("violations[0].reason", containsString("INACTIVE"));
    // The service on it keeps it: a count change names the same revision.
    given().contentType("application/json").body("""
        {"serviceName":"%s","taskDefinition":"%s:1","desiredCount":2,%s}"""
        .formatted(service, family, on(d))).put("/api/v1/services/" + service).then().statusCode(200);

    given().contentType("application/json").body("{\"taskDefinitions\":[\"" + family + ":1\"]}")
        .post("/api/v1/task-definitions/delete").then().statusCode(409)
        .body("message", containsString("used by service " + service));
    given().delete("/api/v1/services/" + service).then().statusCode(204);
    // A second revision, ACTIVE, cannot be deleted.
    register("dereg", 32);
    given().contentType("application/json").body("{\"taskDefinitions\":[\"" + family + ":2\"]}")
        .post("/api/v1/task-definitions/delete").then().statusCode(400)
        .body("violations[0].path", equalTo("taskDefinitions[0]"))
        .body("violations[0].reason", containsString("deregister it first"));
    given().contentType("application/json").body("{\"taskDefinitions\":[\"" + family + ":1\"],\"x\":1}")
        .post("/api/v1/task-definitions/delete").then().statusCode(400)
        .body("violations[0].path", equalTo("x"));
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
        given().contentType("application/json").body("{\"taskDefinitions\":[\"" + family + ":1\"]}")
            .post("/api/v1/task-definitions/delete").then().statusCode(200)
            .body("taskDefinitions[0].status", equalTo("DELETED")));
    given().get("/api/v1/task-definitions/" + family + ":1").then().statusCode(404);
    given().get("/api/v1/task-definitions?family=" + family).then().body("revision", equalTo(List.of(2)));
    // Revision numbers never come round again.
    given().delete("/api/v1/task-definitions/" + family + ":2").then().statusCode(200);
    given().contentType("application/json").body("{\"taskDefinitions\":[\"" + family + ":2\"]}")
        .post("/api/v1/task-definitions/delete").then().statusCode(200);
    given().contentType("application/json").body("""
        {"family":"%s","containerDefinitions":[{"name":"main","image":"backroom/busybox:1","memory":32}]}"""
        .formatted(family)).post("/api/v1/task-definitions").then().statusCode(201)
        .body("revision", equalTo(3));
  }

  @Test
  void bareFamily_isItsLatestActiveRevision() {
    String family = register("latest", 32);
    register("latest", 32);
    given().delete("/api/v1/task-definitions/" + family + ":2").then().statusCode(200);
    given().get("/api/v1/task-definitions/" + family).then().statusCode(200)
        .body("revision", equalTo(1)).body("status", equalTo("ACTIVE"));
    String d = device("latest");
    runTask("{\"taskDefinition\":\"%s\",%s}".formatted(family, on(d)), 200);
    given().get("/api/v1/tasks?desiredStatus=ALL&family=" + family).then().body("taskRevision", equalTo(List.of(1)))
        .body("[0].stopCode", nullValue());
  }
}
