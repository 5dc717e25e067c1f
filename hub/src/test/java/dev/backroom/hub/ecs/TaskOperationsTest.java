package dev.backroom.hub.ecs;

import static dev.backroom.hub.auth.AuthTesting.given;
import static dev.backroom.hub.ecs.EcsTesting.call;
import static dev.backroom.hub.ecs.EcsTesting.cli;
import static dev.backroom.hub.ecs.EcsTesting.key;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.backroom.hub.devices.DeviceRegistry;
import dev.backroom.hub.ecs.EcsTesting.Answer;
import dev.backroom.hub.ecs.EcsTesting.CliResult;
import dev.backroom.hub.ecs.EcsTesting.Key;
import dev.backroom.hub.mqtt.HubMqtt;
import dev.backroom.hub.web.Roles;
import dev.backroom.mqtt.message.Capabilities;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * RunTask, StartTask, StopTask, ListTasks and DescribeTasks at {@code /ecs}: the real AWS CLI
 * for what a pipeline does (its waiters included, against a device speaking the wire protocol
 * over the hub's broker), signed calls for the refusals. Each test has its own devices and
 * family, since the app is shared.
 */
@QuarkusTest
class TaskOperationsTest {
  static final String ARN = "arn:aws:ecs:us-east-1:000000000000:";

  @Inject HubMqtt mqtt;
  @Inject DeviceRegistry registry;

  private final String run = UUID.randomUUID().toString().substring(0, 8);
  private final List<String> bare = new CopyOnWriteArrayList<>();
  /** The CLI takes seconds to start; the test profile loses a silent device after 3 s. */
  private final ScheduledExecutorService beats = Executors.newSingleThreadScheduledExecutor();

  @BeforeEach
  void heartbeat() {
    beats.scheduleAtFixedRate(() -> bare.forEach(registry::onHeartbeat),
        0, 500, TimeUnit.MILLISECONDS);
  }

  @AfterEach
  void quiet() {
    beats.shutdownNow();
  }

  private String register(String family, String extra) {
    String f = family + "-" + run;
    given().contentType("application/json").body("""
        {"family":"%s","networkMode":"host",%s"containerDefinitions":[{"name":"main",
         "image":"backroom/busybox:1","memory":32,"command":["sh","-c","sleep 600"]}]}"""
        .formatted(f, extra)).post("/api/v1/task-definitions").then().statusCode(201);
    return f;
  }

  /** A device known only from its capabilities (no broker): enough to place on. */
  private String bareDevice(String name) {
    String id = name + "-" + run;
    bare.add(id);
    registry.onCapabilities(new Capabilities(id, "amd64", "linux", 4, 1024, 0,
        Map.of("ecstask", id, "ecs.cpu-architecture", "x86_64", "ecs.os-type", "linux"), "test"));
    return id;
  }

  private Answer ecs(Key k, String operation, String body) {
    return call(k, operation, body);
  }

  private static String on(String device) {
    return "[{\"type\":\"memberOf\",\"expression\":\"attribute:ecstask == " + device + "\"}]";
  }

  private static JsonNode ok(CliResult r) {
    assertEquals(0, r.exit(), r.out() + r.err());
    return r.json();
  }

  private static void assertRefused(Answer a, String type, String inMessage) {
    assertEquals(400, a.status(), a.body());
    assertEquals(type, a.type(), a.body());
    assertTrue(a.json().path("message").asText().contains(inMessage), a.body());
  }

  private static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }

  @Test
  void theCli_runsTasks_waitsForThemRunning_stopsOne_andSeesTheOtherExit() {
    Key k = key(Roles.OPERATOR);
    String family = register("life", "\"tags\":[{\"key\":\"app\",\"value\":\"till\"}],");
    try (TaskDevice device = new TaskDevice(mqtt.brokerUri(), "ecs-life-" + run)) {
      JsonNode ran = ok(cli(k, "run-task", "--cluster", "default", "--task-definition", family,
          "--count", "2", "--started-by", "ci-" + run, "--group", "batch",
          "--placement-constraints", on(device.id), "--propagate-tags", "TASK_DEFINITION",
          "--tags", "key=team,value=edge", "--overrides",
          """
          {"containerOverrides":[{"name":"main","environment":[{"name":"B","value":"2"}]}]}"""));
      assertEquals(0, ran.at("/failures").size(), ran.toString());
      assertEquals(2, ran.at("/tasks").size(), ran.toString());
      JsonNode first = ran.at("/tasks/0");
      assertEquals("PENDING", first.at("/lastStatus").asText());
      assertEquals("RUNNING", first.at("/desiredStatus").asText());
      assertEquals("EXTERNAL", first.at("/launchType").asText());
      assertEquals(ARN + "cluster/default", first.at("/clusterArn").asText());
      assertEquals(ARN + "task-definition/" + family + ":1",
          first.at("/taskDefinitionArn").asText());
      assertEquals(ARN + "container-instance/default/" + device.id,
          first.at("/containerInstanceArn").asText());
      assertEquals("ci-" + run, first.at("/startedBy").asText());
      assertEquals("batch", first.at("/group").asText());
      assertEquals("main", first.at("/overrides/containerOverrides/0/name").asText());
      assertEquals("backroom/busybox:1", first.at("/containers/0/image").asText());
      assertEquals("[{\"key\":\"app\",\"value\":\"till\"},{\"key\":\"team\",\"value\":\"edge\"}]",
          first.at("/tags").toString(), "the definition's tags propagated, then the request's");
      List<String> arns = new ArrayList<>();
      ran.at("/tasks").forEach(t -> arns.add(t.at("/taskArn").asText()));
      assertTrue(arns.get(0).startsWith(ARN + "task/default/run-"), arns.toString());

      JsonNode listed = ok(cli(k, "list-tasks", "--started-by", "ci-" + run));
      assertEquals(arns.stream().sorted().toList(), texts(listed.at("/taskArns")));
      assertEquals(arns.stream().sorted().toList(), texts(ok(cli(k, "list-tasks",
          "--container-instance", ARN + "container-instance/default/" + device.id))
          .at("/taskArns")));

      // The device starts both: the CLI's waiter sees them RUNNING.
      List<String> args = new ArrayList<>(List.of("wait", "tasks-running", "--tasks"));
      args.addAll(arns);
      await().atMost(Duration.ofSeconds(20)).until(() -> device.assigned().size() == 2);
      CliResult waited = cli(k, args.toArray(String[]::new));
      assertEquals(0, waited.exit(), waited.err());
      JsonNode described = ok(cli(k, "describe-tasks", "--tasks", arns.get(0), "--include",
          "TAGS"));
      JsonNode task = described.at("/tasks/0");
      assertEquals("RUNNING", task.at("/lastStatus").asText());
      JsonNode container = task.at("/containers/0");
      assertEquals("RUNNING", container.at("/lastStatus").asText());
      assertEquals("c-" + arns.get(0).substring(arns.get(0).lastIndexOf('/') + 1),
          container.at("/runtimeId").asText());
      assertEquals(18080, container.at("/networkBindings/0/hostPort").asInt());
      assertEquals(8080, container.at("/networkBindings/0/containerPort").asInt());
      assertEquals("tcp", container.at("/networkBindings/0/protocol").asText());
      assertEquals(Instant.parse(TaskDevice.STARTED_AT).toEpochMilli() / 1000.0,
          task.at("/startedAt").asDouble(), 0.001);
      assertEquals("edge", task.at("/tags/1/value").asText());

      // One is stopped by the pipeline: not replaced, UserInitiated with its reason.
      String stopped = arns.get(0);
      JsonNode stop = ok(cli(k, "stop-task", "--task", stopped, "--reason", "done here"));
      assertEquals("STOPPED", stop.at("/task/desiredStatus").asText());
      assertEquals("UserInitiated", stop.at("/task/stopCode").asText());
      assertEquals("done here", stop.at("/task/stoppedReason").asText());
      assertFalse(texts(ok(cli(k, "list-tasks", "--started-by", "ci-" + run)).at("/taskArns"))
          .contains(stopped), "a stopped task is no longer listed as RUNNING");
      assertTrue(texts(ok(cli(k, "list-tasks", "--started-by", "ci-" + run, "--desired-status",
          "STOPPED")).at("/taskArns")).contains(stopped));

      // The other's container exits 3: the task ends by itself.
      String other = arns.get(1);
      device.exit(other.substring(other.lastIndexOf('/') + 1), 3);
      List<String> both = new ArrayList<>(List.of("wait", "tasks-stopped", "--tasks"));
      both.addAll(arns);
      await().atMost(Duration.ofSeconds(20)).until(() -> device.assigned().isEmpty());
      CliResult waitedStop = cli(k, both.toArray(String[]::new));
      assertEquals(0, waitedStop.exit(), waitedStop.err());
      JsonNode end = ok(cli(k, "describe-tasks", "--tasks", stopped, other)).at("/tasks");
      assertEquals("STOPPED", end.at("/0/lastStatus").asText());
      assertTrue(end.at("/0/stoppedAt").isNumber(), end.toString());
      assertEquals("UserInitiated", end.at("/0/stopCode").asText());
      assertEquals("EssentialContainerExited", end.at("/1/stopCode").asText());
      assertEquals("STOPPED", end.at("/1/containers/0/lastStatus").asText());
      assertEquals(3, end.at("/1/containers/0/exitCode").asInt());
      assertEquals(Instant.parse(TaskDevice.FINISHED_AT).getEpochSecond(),
          end.at("/1/stoppedAt").asLong());
    }
  }

  @Test
  void startTask_placesOneOnEachNamedDevice_andAnUnknownOneIsMissing() {
    Key k = key(Roles.OPERATOR);
    String d = bareDevice("start");
    String family = register("start", "");
    JsonNode started = ok(cli(k, "start-task", "--task-definition", family,
        "--container-instances", ARN + "container-instance/default/" + d, "nowhere-" + run,
        "--started-by", "start-" + run));
    assertEquals(1, started.at("/tasks").size(), started.toString());
    assertEquals(ARN + "container-instance/default/" + d,
        started.at("/tasks/0/containerInstanceArn").asText());
    assertEquals("family:" + family, started.at("/tasks/0/group").asText());
    assertEquals(ARN + "container-instance/default/nowhere-" + run,
        started.at("/failures/0/arn").asText());
    assertEquals("MISSING", started.at("/failures/0/reason").asText());

    // Too big for the device it is pinned to: that device's own reason, no other's.
    Answer big = ecs(k, "StartTask", """
        {"taskDefinition":"%s","containerInstances":["%s"],"overrides":{"containerOverrides":
         [{"name":"main","memory":4096}]}}""".formatted(family, d));
    assertEquals(200, big.status(), big.body());
    assertEquals(0, big.json().at("/tasks").size(), big.body());
    assertEquals(1, big.json().at("/failures").size(), big.body());
    assertEquals("RESOURCE:MEMORY", big.json().at("/failures/0/reason").asText());
    assertEquals(ARN + "container-instance/default/" + d,
        big.json().at("/failures/0/arn").asText());
  }

  @Test
  void runTask_thatNoDeviceCanTake_answers200WithFailuresPerDevice() {
    Key k = key(Roles.OPERATOR);
    String d = bareDevice("full");
    String family = register("full", "");
    Answer a = ecs(k, "RunTask", """
        {"taskDefinition":"%s","placementConstraints":%s,
         "overrides":{"containerOverrides":[{"name":"main","memory":4096}]}}"""
        .formatted(ARN + "task-definition/" + family + ":1", on(d)));
    assertEquals(200, a.status(), a.body());
    assertEquals(0, a.json().at("/tasks").size());
    boolean memoryOnD = false;
    for (JsonNode f : a.json().at("/failures")) {
      memoryOnD |= f.at("/arn").asText().equals(ARN + "container-instance/default/" + d)
          && f.at("/reason").asText().equals("RESOURCE:MEMORY");
    }
    assertTrue(memoryOnD, a.body());
  }

  @Test
  void aClientToken_reusedWithOtherParameters_isAConflictNamingTheTasks() {
    Key k = key(Roles.OPERATOR);
    String d = bareDevice("token");
    String family = register("token", "");
    String body = """
        {"taskDefinition":"%s","placementConstraints":%s,"clientToken":"tok-%s"%s}""";
    Answer first = ecs(k, "RunTask", body.formatted(family, on(d), run, ""));
    assertEquals(200, first.status(), first.body());
    String arn = first.json().at("/tasks/0/taskArn").asText();
    Answer again = ecs(k, "RunTask", body.formatted(family, on(d), run, ""));
    assertEquals(arn, again.json().at("/tasks/0/taskArn").asText(), "same token, same tasks");
    Answer other = ecs(k, "RunTask", body.formatted(family, on(d), run,
        ",\"startedBy\":\"someone-else\""));
    assertRefused(other, "ConflictException", "other parameters");
    assertEquals(arn, other.json().at("/resourceIds/0").asText());
  }

  @Test
  void whatTheEdgeCannotHonour_isRefusedByName() {
    Key k = key(Roles.OPERATOR);
    String family = register("refuse", "");
    assertRefused(ecs(k, "RunTask", "{\"taskDefinition\":\"" + family + "\",\"bogus\":1}"),
        "InvalidParameterException", "Unknown parameter in input: \"bogus\"");
    assertRefused(ecs(k, "RunTask", "{\"taskDefinition\":\"" + family + "\","
        + "\"networkConfiguration\":{\"awsvpcConfiguration\":{\"subnets\":[\"s\"]}}}"),
        "InvalidParameterException", "networkConfiguration: awsvpc");
    assertRefused(ecs(k, "RunTask", "{\"taskDefinition\":\"" + family + "\","
        + "\"enableExecuteCommand\":true}"), "InvalidParameterException", "enableExecuteCommand");
    assertRefused(ecs(k, "RunTask", "{\"taskDefinition\":\"" + family + "\","
        + "\"propagateTags\":\"SERVICE\"}"), "InvalidParameterException", "propagateTags: SERVICE");
    assertRefused(ecs(k, "RunTask", "{\"taskDefinition\":\"" + family + "\","
        + "\"launchType\":\"FARGATE\"}"), "InvalidParameterException", "launchType");
    assertRefused(ecs(k, "RunTask", "{\"taskDefinition\":\"" + family + "\","
        + "\"overrides\":{\"taskRoleArn\":\"arn:aws:iam::1:role/x\"}}"),
        "InvalidParameterException", "taskRoleArn");
    assertRefused(ecs(k, "RunTask", "{\"taskDefinition\":\"nothing-" + run + "\"}"),
        "InvalidParameterException", "taskDefinition");
    assertRefused(ecs(k, "RunTask", "{\"taskDefinition\":\"" + family + "\",\"cluster\":\"x\"}"),
        "ClusterNotFoundException", "Cluster not found");
    assertRefused(ecs(k, "StopTask", "{\"task\":\"run-nothing" + run + "\"}"),
        "InvalidParameterException", "The referenced task was not found.");
    assertRefused(ecs(k, "ListTasks", "{\"serviceName\":\"nothing-" + run + "\"}"),
        "ServiceNotFoundException", "Service not found");
    assertRefused(ecs(k, "ListTasks", "{\"desiredStatus\":\"DONE\"}"),
        "InvalidParameterException", "desiredStatus");
    assertRefused(ecs(k, "DescribeTasks", "{\"tasks\":[]}"), "InvalidParameterException",
        "tasks: 1 to 100");
  }

  @Test
  void aViewersKey_readsTasks_butMayNotRunOrStopThem() {
    Key viewer = key(Roles.VIEWER);
    assertRefused(ecs(viewer, "RunTask", "{\"taskDefinition\":\"any\"}"),
        "AccessDeniedException", "RunTask needs operator");
    assertRefused(ecs(viewer, "StopTask", "{\"task\":\"any\"}"),
        "AccessDeniedException", "StopTask needs operator");
    assertEquals(200, ecs(viewer, "ListTasks", "{}").status());
  }

  @Test
  void describingUnknownTasks_answersFailuresMissing_andPendingMatchesNothing() {
    Key k = key(Roles.VIEWER);
    Answer a = ecs(k, "DescribeTasks", "{\"tasks\":[\"run-gone" + run + "\",\""
        + ARN + "task/elsewhere/run-x\"]}");
    assertEquals(200, a.status(), a.body());
    assertEquals(0, a.json().at("/tasks").size());
    assertEquals(ARN + "task/default/run-gone" + run, a.json().at("/failures/0/arn").asText());
    assertEquals("MISSING", a.json().at("/failures/0/reason").asText());
    assertEquals(ARN + "task/elsewhere/run-x", a.json().at("/failures/1/arn").asText());
    assertEquals("MISSING", a.json().at("/failures/1/reason").asText());
    Answer pending = ecs(k, "ListTasks", "{\"desiredStatus\":\"PENDING\"}");
    assertEquals(0, pending.json().at("/taskArns").size(), pending.body());
  }

  @Test
  void listTasks_pagesByNextToken() {
    Key k = key(Roles.OPERATOR);
    String d = bareDevice("page");
    String family = register("page", "");
    Answer ran = ecs(k, "RunTask", """
        {"taskDefinition":"%s","count":3,"placementConstraints":%s,"startedBy":"page-%s"}"""
        .formatted(family, on(d), run));
    assertEquals(3, ran.json().at("/tasks").size(), ran.body());
    List<String> seen = new ArrayList<>();
    String token = null;
    do {
      Answer page = ecs(k, "ListTasks", "{\"startedBy\":\"page-" + run + "\",\"maxResults\":2"
          + (token == null ? "" : ",\"nextToken\":\"" + token + "\"") + "}");
      assertEquals(200, page.status(), page.body());
      seen.addAll(texts(page.json().at("/taskArns")));
      token = page.json().path("nextToken").asText(null);
    } while (token != null);
    assertEquals(3, seen.size(), seen.toString());
    assertEquals(seen.stream().sorted().distinct().toList(), seen);
  }
}
