package dev.backroom.cloud.ecs;

import static dev.backroom.cloud.support.Cloud.admin;
import static dev.backroom.cloud.support.Cloud.enrolledStore;
import static dev.backroom.cloud.support.Cloud.uniqueId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.backroom.cloud.ecs.EcsTesting.Answer;
import dev.backroom.cloud.ecs.EcsTesting.CliResult;
import dev.backroom.cloud.ecs.EcsTesting.Key;
import dev.backroom.cloud.support.Cloud;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * One-off tasks through the cloud's /ecs with the real AWS CLI: RunTask and StartTask become
 * desired TASK objects per store (seen in the stores' change rows), clientToken answers a retry
 * the same, StopTask puts a stop on the object, and the purge removes finished tasks' objects.
 */
@QuarkusTest
class CloudEcsRunTaskTest {
  private static final String ARN = "arn:aws:ecs:us-east-1:000000000000:";

  @Inject CloudTaskObjects objects;

  @Test
  void runTask_onAStore_putsOneTaskObjectPerTask_andATokenRetryIsAnsweredTheSame() {
    String store = uniqueId("s");
    String credential = enrolledStore(store, Map.of());
    Key operator = EcsTesting.key("operator");
    String family = register(operator, uniqueId("migrate"));
    long since = revision(credential);
    String token = uniqueId("tok");

    CliResult run = EcsTesting.cli(operator, "run-task", "--cluster", store, "--task-definition",
        family, "--count", "2", "--started-by", "ci-42", "--client-token", token, "--overrides",
        "{\"containerOverrides\":[{\"name\":\"main\",\"command\":[\"sh\",\"-c\",\"echo migrated\"]}]}");
    assertEquals(0, run.exit(), run.err());
    JsonNode tasks = run.json().path("tasks");
    assertEquals(2, tasks.size(), run.out());
    assertEquals(0, run.json().path("failures").size(), run.out());
    List<String> ids = new ArrayList<>();
    for (JsonNode t : tasks) {
      String arn = t.path("taskArn").asText();
      assertTrue(arn.matches(ARN.replace(".", "\\.") + "task/" + store + "/run-[0-9a-f]{16}"), arn);
      ids.add(arn.substring(arn.lastIndexOf('/') + 1));
      assertEquals("PROVISIONING", t.path("lastStatus").asText());
      assertEquals("RUNNING", t.path("desiredStatus").asText());
      assertEquals("ci-42", t.path("startedBy").asText());
      assertEquals("family:" + family, t.path("group").asText());
      assertEquals(ARN + "task-definition/" + family + ":1", t.path("taskDefinitionArn").asText());
      assertEquals("echo migrated", t.path("overrides").path("containerOverrides").get(0)
          .path("command").get(2).asText());
      assertEquals("main", t.path("containers").get(0).path("name").asText());
    }

    // the store's change rows: one TASK object per task, the whole definition in its spec
    JsonNode changes = changesSince(credential, since);
    List<String> names = new ArrayList<>();
    for (JsonNode c : changes) {
      assertEquals("TASK", c.path("kind").asText(), c.toString());
      assertEquals("UPSERT", c.path("op").asText());
      assertEquals(family, c.path("spec").path("taskDefinition").path("family").asText());
      assertEquals("ci-42", c.path("spec").path("request").path("startedBy").asText());
      assertEquals("pipeline:" + operator.id(), c.path("spec").path("requestedBy").asText());
      names.add(c.path("name").asText());
    }
    assertEquals(ids.stream().sorted().toList(), names.stream().sorted().toList());

    // the same request with the same token: the same tasks, nothing new for the store
    long after = revision(credential);
    CliResult again = EcsTesting.cli(operator, "run-task", "--cluster", store,
        "--task-definition", family, "--count", "2", "--started-by", "ci-42", "--client-token",
        token, "--overrides", "{\"containerOverrides\":[{\"name\":\"main\",\"command\":"
            + "[\"sh\",\"-c\",\"echo migrated\"]}]}");
    assertEquals(0, again.exit(), again.err());
    assertEquals(tasks, again.json().path("tasks"));
    assertEquals(after, revision(credential));
    // another request with the token is refused, naming the tasks it started
    Answer other = EcsTesting.call(operator, "RunTask", "{\"cluster\":\"" + store
        + "\",\"taskDefinition\":\"" + family + "\",\"count\":1,\"clientToken\":\"" + token
        + "\"}");
    assertEquals(400, other.status(), other.body());
    assertEquals("ConflictException", other.type(), other.body());
    assertTrue(other.body().contains(ids.get(0)), other.body());
  }

  @Test
  void runTask_onAGroup_putsATaskOnEveryStore_andStopTaskStopsOne() {
    String region = uniqueId("eu");
    String s1 = uniqueId("s");
    String s2 = uniqueId("s");
    String c1 = enrolledStore(s1, Map.of("region", region));
    String c2 = enrolledStore(s2, Map.of("region", region));
    String group = uniqueId("g");
    admin().body("{\"selector\":\"region=" + region + "\"}").put("/api/v1/store-groups/" + group)
        .then().statusCode(201);
    Key operator = EcsTesting.key("operator");
    String family = register(operator, uniqueId("warm"));
    long since1 = revision(c1);
    long since2 = revision(c2);

    CliResult run = EcsTesting.cli(operator, "run-task", "--cluster", group,
        "--task-definition", family + ":1");
    assertEquals(0, run.exit(), run.err());
    JsonNode tasks = run.json().path("tasks");
    assertEquals(2, tasks.size(), run.out());
    Map<String, String> idByStore = new LinkedHashMap<>();
    for (JsonNode t : tasks) {
      String shown = t.path("taskArn").asText().substring((ARN + "task/" + group + "/").length());
      idByStore.put(shown.substring(0, shown.indexOf('.')), shown.substring(shown.indexOf('.') + 1));
    }
    assertEquals(java.util.Set.of(s1, s2), idByStore.keySet());
    JsonNode ch1 = changesSince(c1, since1);
    assertEquals(1, ch1.size(), ch1.toString());
    assertEquals(idByStore.get(s1), ch1.get(0).path("name").asText());
    JsonNode ch2 = changesSince(c2, since2);
    assertEquals(1, ch2.size(), ch2.toString());
    assertEquals(idByStore.get(s2), ch2.get(0).path("name").asText());

    // StopTask by the group's ARN: the object gets a stop with the reason (an UPSERT)
    long before = revision(c1);
    long before2 = revision(c2);
    String arn = ARN + "task/" + group + "/" + s1 + "." + idByStore.get(s1);
    CliResult stop = EcsTesting.cli(operator, "stop-task", "--cluster", group, "--task", arn,
        "--reason", "migration aborted");
    assertEquals(0, stop.exit(), stop.err());
    assertEquals("STOPPED", stop.json().path("task").path("desiredStatus").asText());
    assertEquals("migration aborted", stop.json().path("task").path("stoppedReason").asText());
    JsonNode stopped = changesSince(c1, before);
    assertEquals(1, stopped.size(), stopped.toString());
    assertEquals("UPSERT", stopped.get(0).path("op").asText());
    assertEquals("migration aborted", stopped.get(0).path("spec").path("stop").path("reason")
        .asText());
    assertEquals("pipeline:" + operator.id(), stopped.get(0).path("spec").path("stop")
        .path("by").asText());
    // again: answered the same, nothing new for the store
    long stoppedRev = revision(c1);
    CliResult again = EcsTesting.cli(operator, "stop-task", "--cluster", group, "--task", arn);
    assertEquals(0, again.exit(), again.err());
    assertEquals(stoppedRev, revision(c1));
    // the other store's task is untouched
    assertEquals(before2, revision(c2));
  }

  @Test
  void purge_dropsTheObjectOnceTheStoreReportsTheTaskGone() {
    String store = uniqueId("s");
    String credential = enrolledStore(store, Map.of());
    Key operator = EcsTesting.key("operator");
    String family = register(operator, uniqueId("once"));
    CliResult run = EcsTesting.cli(operator, "run-task", "--cluster", store,
        "--task-definition", family);
    assertEquals(0, run.exit(), run.err());
    String arn = run.json().path("tasks").get(0).path("taskArn").asText();
    String id = arn.substring(arn.lastIndexOf('/') + 1);

    objects.purge(Instant.now()); // not reported yet: kept
    assertTrue(hasTask(store, id));
    report(credential, 1, id);    // the hub runs it
    objects.purge(Instant.now());
    assertTrue(hasTask(store, id));
    long before = revision(credential);
    report(credential, 2, null);  // and it ended
    objects.purge(Instant.now());
    assertFalse(hasTask(store, id));
    JsonNode gone = changesSince(credential, before);
    assertEquals("DELETE", gone.get(0).path("op").asText(), gone.toString());
    // the purged task cannot be stopped through the cloud any more
    Answer stop = EcsTesting.call(operator, "StopTask", "{\"cluster\":\"" + store
        + "\",\"task\":\"" + id + "\"}");
    assertEquals("InvalidParameterException", stop.type(), stop.body());
  }

  @Test
  void startTask_pinsToAReportedDevice_andRefusalsNameTheMember() {
    String store = uniqueId("s");
    String credential = enrolledStore(store, Map.of());
    Key operator = EcsTesting.key("operator");
    Key viewer = EcsTesting.key("viewer");
    String family = register(operator, uniqueId("pin"));
    report(credential, 1, null);

    CliResult start = EcsTesting.cli(operator, "start-task", "--cluster", store,
        "--task-definition", family, "--container-instances", "d1", "nowhere");
    assertEquals(0, start.exit(), start.err());
    assertEquals(1, start.json().path("tasks").size(), start.out());
    assertEquals(ARN + "container-instance/" + store + "/d1", start.json().path("tasks").get(0)
        .path("containerInstanceArn").asText());
    assertEquals("MISSING", start.json().path("failures").get(0).path("reason").asText());
    String name = start.json().path("tasks").get(0).path("taskArn").asText();
    JsonNode object = desiredTask(name.substring(name.lastIndexOf('/') + 1));
    assertEquals("d1", object.path("spec").path("containerInstance").asText());

    for (String[] refused : List.of(
        new String[] {"{\"taskDefinition\":\"" + family + "\",\"tags\":[{\"key\":\"k\","
            + "\"value\":\"v\"}]}", "tags"},
        new String[] {"{\"taskDefinition\":\"never-" + family + "\"}", "taskDefinition"},
        new String[] {"{\"taskDefinition\":\"" + family + "\",\"overrides\":"
            + "{\"containerOverrides\":[{\"name\":\"nope\"}]}}", "containerOverrides[0].name"},
        new String[] {"{\"taskDefinition\":\"" + family + "\",\"count\":11}", "count"},
        new String[] {"{\"taskDefinition\":\"" + family + "\",\"networkConfiguration\":"
            + "{\"awsvpcConfiguration\":{\"subnets\":[\"x\"]}}}", "networkConfiguration"})) {
      Answer a = EcsTesting.call(operator, "RunTask", "{\"cluster\":\"" + store + "\","
          + refused[0].substring(1));
      assertEquals(400, a.status(), a.body());
      assertEquals("InvalidParameterException", a.type(), a.body());
      assertTrue(a.body().contains(refused[1]), refused[1] + ": " + a.body());
    }
    Answer denied = EcsTesting.call(viewer, "RunTask", "{\"cluster\":\"" + store
        + "\",\"taskDefinition\":\"" + family + "\"}");
    assertEquals("AccessDeniedException", denied.type(), denied.body());
    Answer unknown = EcsTesting.call(operator, "StopTask", "{\"cluster\":\"" + store
        + "\",\"task\":\"run-0000000000000000\"}");
    assertEquals("InvalidParameterException", unknown.type(), unknown.body());
    assertTrue(unknown.body().contains("The referenced task was not found."), unknown.body());
  }

  private static String register(Key key, String family) {
    Answer a = EcsTesting.call(key, "RegisterTaskDefinition", "{\"family\":\"" + family
        + "\",\"containerDefinitions\":[{\"name\":\"main\",\"image\":\"backroom/busybox:1\","
        + "\"memory\":32,\"command\":[\"true\"]}]}");
    assertEquals(200, a.status(), a.body());
    return family;
  }

  private static long revision(String credential) {
    return Cloud.as(credential).get("/sync/v1/desired?since=0&wait=0").then().statusCode(200)
        .extract().<Number>path("revision").longValue();
  }

  private static JsonNode changesSince(String credential, long since) {
    String body = Cloud.as(credential).get("/sync/v1/desired?since=" + since + "&wait=0").then()
        .statusCode(200).extract().asString();
    try {
      return EcsTesting.JSON.readTree(body).path("changes");
    } catch (java.io.IOException e) {
      throw new AssertionError(body, e);
    }
  }

  private static JsonNode desiredTask(String name) {
    JsonNode all = EcsTesting.JSON.valueToTree(admin().get("/api/v1/desired").then()
        .statusCode(200).extract().as(List.class));
    for (JsonNode o : all) {
      if (o.path("kind").asText().equals("TASK") && o.path("name").asText().equals(name)) {
        return o;
      }
    }
    throw new AssertionError("no TASK object " + name);
  }

  private static boolean hasTask(String store, String id) {
    JsonNode state = EcsTesting.JSON.valueToTree(admin().get("/api/v1/stores/" + store
        + "/desired").then().statusCode(200).extract().as(Map.class));
    for (JsonNode o : state.path("objects")) {
      if (o.path("kind").asText().equals("TASK") && o.path("name").asText().equals(id)) {
        return true;
      }
    }
    return false;
  }

  /** A report with device d1 and, when given, the one-off task running on it. */
  private static void report(String credential, int sequence, String taskId) {
    Map<String, Object> device = new LinkedHashMap<>();
    device.put("deviceId", "d1");
    device.put("status", "ACTIVE");
    device.put("agentConnected", true);
    List<Map<String, Object>> tasks = new ArrayList<>();
    if (taskId != null) {
      tasks.add(Map.of("taskId", taskId, "deviceId", "d1", "taskFamily", "x", "desiredStatus",
          "RUNNING", "lastStatus", "RUNNING"));
    }
    Cloud.as(credential).body(Map.of("sequence", sequence, "sentAt", "2026-01-01T00:00:00Z",
        "devices", List.of(device), "tasks", tasks)).post("/sync/v1/reports").then()
        .statusCode(200);
  }
}
