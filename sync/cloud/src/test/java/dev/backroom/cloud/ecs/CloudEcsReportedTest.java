package dev.backroom.cloud.ecs;

import static dev.backroom.cloud.support.Cloud.admin;
import static dev.backroom.cloud.support.Cloud.enrolledStore;
import static dev.backroom.cloud.support.Cloud.uniqueId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.backroom.cloud.ecs.EcsTesting.Answer;
import dev.backroom.cloud.ecs.EcsTesting.CliResult;
import dev.backroom.cloud.ecs.EcsTesting.Key;
import dev.backroom.cloud.support.Cloud;
import io.quarkus.test.junit.QuarkusTest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Tasks, container instances and attributes on the cloud's /ecs, read from what stores report
 * (report batches shaped as a hub writes them: its device views and task records), with the real
 * AWS CLI; a StopTask of a task a hub started is refused naming where to call.
 */
@QuarkusTest
class CloudEcsReportedTest {
  private static final String ARN = "arn:aws:ecs:us-east-1:000000000000:";

  /** Two stores of a group, each reporting one device and one task; returns [s1, s2, group]. */
  private static List<String> fleet() {
    String region = uniqueId("eu");
    String s1 = uniqueId("s");
    String s2 = uniqueId("s");
    report(enrolledStore(s1, Map.of("region", region)), "d1", "front", "web-1", "RUNNING");
    report(enrolledStore(s2, Map.of("region", region)), "d1", "back", "web-1", "PENDING");
    String group = uniqueId("g");
    admin().body("{\"selector\":\"region=" + region + "\"}").put("/api/v1/store-groups/" + group)
        .then().statusCode(201);
    return List.of(s1, s2, group);
  }

  private static void report(String credential, String device, String zone, String task,
      String lastStatus) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("deviceId", device);
    view.put("status", "ACTIVE");
    view.put("agentConnected", true);
    view.put("lastSeen", "2026-01-01T00:00:00Z");
    view.put("agentVersion", "0.1.0");
    view.put("attributes", Map.of("zone", zone, "ecs.capability.external", ""));
    view.put("registeredResources", Map.of("cpu", 2048, "memory", 4096, "gpus", 1));
    view.put("remainingResources", Map.of("cpu", 1024, "memory", 3072, "gpus", 1));
    view.put("runningTasksCount", 1);
    view.put("pendingTasksCount", 0);
    Map<String, Object> t = new LinkedHashMap<>();
    t.put("taskId", task);
    t.put("serviceName", "web");
    t.put("deviceId", device);
    t.put("taskFamily", "web");
    t.put("taskRevision", 3);
    t.put("desiredStatus", "RUNNING");
    t.put("lastStatus", lastStatus);
    t.put("containers", List.of());
    t.put("createdAt", "2026-01-01T00:00:00Z");
    t.put("updatedAt", "2026-01-01T00:00:05Z");
    t.put("runningSince", "2026-01-01T00:00:05Z");
    Cloud.as(credential).body(Map.of("sequence", 1, "sentAt", "2026-01-01T00:00:06Z",
        "devices", List.of(view), "tasks", List.of(t))).post("/sync/v1/reports").then()
        .statusCode(200);
  }

  @Test
  void tasks_listedAndDescribed_perStoreAndPerGroup_waitersWork() {
    List<String> f = fleet();
    String s1 = f.get(0);
    String group = f.get(2);
    Key viewer = EcsTesting.key("viewer");

    CliResult own = EcsTesting.cli(viewer, "list-tasks", "--cluster", s1);
    assertEquals(0, own.exit(), own.err());
    assertEquals(ARN + "task/" + s1 + "/web-1", own.json().path("taskArns").get(0).asText());

    CliResult all = EcsTesting.cli(viewer, "list-tasks", "--cluster", group, "--service-name",
        "web");
    assertEquals(0, all.exit(), all.err());
    List<String> arns = new ArrayList<>();
    all.json().path("taskArns").forEach(a -> arns.add(a.asText()));
    assertEquals(2, arns.size(), all.out());
    assertTrue(arns.contains(ARN + "task/" + group + "/" + s1 + ".web-1"), arns.toString());

    CliResult d = EcsTesting.cli(viewer, "describe-tasks", "--cluster", group, "--tasks",
        s1 + ".web-1", "nobody.web-1", "web-1");
    assertEquals(0, d.exit(), d.err());
    JsonNode task = d.json().path("tasks").get(0);
    assertEquals("RUNNING", task.path("lastStatus").asText(), d.out());
    assertEquals(ARN + "container-instance/" + group + "/" + s1 + ".d1",
        task.path("containerInstanceArn").asText());
    assertEquals(ARN + "task-definition/web:3", task.path("taskDefinitionArn").asText());
    assertEquals("service:web", task.path("group").asText());
    assertEquals(2, d.json().path("failures").size(), d.out());
    assertEquals("MISSING", d.json().path("failures").get(0).path("reason").asText());

    CliResult running = EcsTesting.cli(viewer, "wait", "tasks-running", "--cluster", s1,
        "--tasks", "web-1");
    assertEquals(0, running.exit(), running.err());
    CliResult none = EcsTesting.cli(viewer, "list-tasks", "--cluster", s1, "--desired-status",
        "STOPPED");
    assertEquals(0, none.json().path("taskArns").size(), none.out());
  }

  @Test
  void containerInstances_filteredByReportedAttributes_andDescribed() {
    List<String> f = fleet();
    String s1 = f.get(0);
    String group = f.get(2);
    Key viewer = EcsTesting.key("viewer");

    CliResult front = EcsTesting.cli(viewer, "list-container-instances", "--cluster", group,
        "--filter", "attribute:zone == front");
    assertEquals(0, front.exit(), front.err());
    assertEquals(1, front.json().path("containerInstanceArns").size(), front.out());
    String arn = ARN + "container-instance/" + group + "/" + s1 + ".d1";
    assertEquals(arn, front.json().path("containerInstanceArns").get(0).asText());

    CliResult d = EcsTesting.cli(viewer, "describe-container-instances", "--cluster", s1,
        "--container-instances", "d1", "d9");
    assertEquals(0, d.exit(), d.err());
    JsonNode ci = d.json().path("containerInstances").get(0);
    assertEquals("ACTIVE", ci.path("status").asText(), d.out());
    assertTrue(ci.path("agentConnected").asBoolean(), d.out());
    assertEquals(2048, ci.path("registeredResources").get(0).path("integerValue").asInt());
    assertTrue(ci.path("registeredResources").toString().contains("GPU"), d.out());
    assertEquals("MISSING", d.json().path("failures").get(0).path("reason").asText());

    CliResult attrs = EcsTesting.cli(viewer, "list-attributes", "--cluster", group,
        "--target-type", "container-instance", "--attribute-name", "zone");
    assertEquals(0, attrs.exit(), attrs.err());
    assertEquals(2, attrs.json().path("attributes").size(), attrs.out());

    Answer bad = EcsTesting.call(viewer, "ListContainerInstances", "{\"cluster\":\"" + s1
        + "\",\"filter\":\"attribute:zone ==\"}");
    assertEquals(400, bad.status(), bad.body());
    assertEquals("InvalidParameterException", bad.type(), bad.body());
  }

  @Test
  void hubOnlyWrites_areRefused_sayingWhereToCallInstead() {
    List<String> f = fleet();
    String s1 = f.get(0);
    Key operator = EcsTesting.key("operator");
    // a task the hub started (here a service's) is stopped there; attributes are
    // CloudEcsAttributesTest's
    for (String[] call : List.<String[]>of(
        new String[] {"StopTask", "{\"cluster\":\"" + s1 + "\",\"task\":\"web-1\"}"})) {
      Answer a = EcsTesting.call(operator, call[0], call[1]);
      assertEquals(400, a.status(), call[0] + ": " + a.body());
      assertEquals("ClientException", a.type(), a.body());
      assertTrue(a.json().path("message").asText().contains("--cluster " + s1), a.body());
      assertTrue(a.header("x-amzn-RequestId") != null, call[0]);
    }
    Answer unknown = EcsTesting.call(operator, "RunTask", "{\"cluster\":\"nowhere\","
        + "\"taskDefinition\":\"web\"}");
    assertEquals("ClusterNotFoundException", unknown.type(), unknown.body());
    CliResult cli = EcsTesting.cli(operator, "stop-task", "--cluster", f.get(2), "--task",
        s1 + ".web-1");
    assertTrue(cli.exit() != 0 && cli.err().contains("--cluster " + s1), cli.err());
  }

  @Test
  void aBodyOverTheLimit_isRefusedInEcsShape() {
    String big = "{\"clusters\":[\"" + "x".repeat(9_000_000) + "\"]}";
    Answer a = EcsTesting.call(EcsTesting.key("viewer"), "DescribeClusters", big);
    assertEquals(413, a.status(), a.body().length() > 300 ? a.body().substring(0, 300) : a.body());
    assertEquals("ClientException", a.type(), a.body());
    assertEquals("ClientException", a.header("x-amzn-ErrorType"));
    assertTrue(a.header("x-amzn-RequestId") != null);
    assertTrue(a.json().path("message").asText().contains("limit"), a.body());
  }
}
