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
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Task definitions and services written through the cloud's /ecs with the real AWS CLI, and the
 * desired objects they become (read back through the operator's REST API).
 */
@QuarkusTest
class CloudEcsWritesTest {
  private static final String ARN = "arn:aws:ecs:us-east-1:000000000000:";

  @Test
  void taskDefinitions_registerFromAFile_describeListAndDeregister() throws IOException {
    Key operator = EcsTesting.key("operator");
    String family = uniqueId("td");
    assertEquals(1, register(operator, family));
    assertEquals(2, register(operator, family));

    CliResult latest = EcsTesting.cli(operator, "describe-task-definition", "--task-definition",
        family, "--include", "TAGS");
    assertEquals(0, latest.exit(), latest.err());
    JsonNode td = latest.json().path("taskDefinition");
    assertEquals(ARN + "task-definition/" + family + ":2", td.path("taskDefinitionArn").asText());
    assertEquals("512", td.path("memory").asText());
    assertEquals("pipeline:" + operator.id(), td.path("registeredBy").asText());
    assertEquals("[]", latest.json().path("tags").toString());

    CliResult list = EcsTesting.cli(operator, "list-task-definitions", "--family-prefix", family,
        "--sort", "DESC");
    assertEquals(0, list.exit(), list.err());
    assertEquals(List.of(ARN + "task-definition/" + family + ":2",
        ARN + "task-definition/" + family + ":1"), texts(list.json().path("taskDefinitionArns")));

    CliResult gone = EcsTesting.cli(operator, "deregister-task-definition", "--task-definition",
        family + ":1");
    assertEquals(0, gone.exit(), gone.err());
    assertEquals("INACTIVE", gone.json().path("taskDefinition").path("status").asText());
    CliResult families = EcsTesting.cli(operator, "list-task-definition-families",
        "--family-prefix", family);
    assertEquals(List.of(family), texts(families.json().path("families")), families.out());
    CliResult inactive = EcsTesting.cli(operator, "list-task-definitions", "--family-prefix",
        family, "--status", "INACTIVE");
    assertEquals(List.of(ARN + "task-definition/" + family + ":1"),
        texts(inactive.json().path("taskDefinitionArns")));

    // a reserved tag key is refused with its path (nothing registered), and so is a bad
    // definition
    Answer tagged = EcsTesting.call(operator, "RegisterTaskDefinition", "{\"family\":\"" + family
        + "\",\"containerDefinitions\":[{\"name\":\"a\",\"image\":\"x\",\"memory\":8}],"
        + "\"tags\":[{\"key\":\"aws:k\",\"value\":\"v\"}]}");
    assertEquals(400, tagged.status(), tagged.body());
    assertEquals("InvalidParameterException", tagged.type(), tagged.body());
    assertTrue(tagged.body().contains("tags[0].key: the aws: prefix is reserved"), tagged.body());
    Answer bad = EcsTesting.call(operator, "RegisterTaskDefinition", "{\"family\":\"" + family
        + "\",\"containerDefinitions\":[{\"name\":\"a\",\"imagee\":\"x\"}]}");
    assertEquals(400, bad.status(), bad.body());
    assertEquals("ClientException", bad.type(), bad.body());
    assertTrue(bad.body().contains("imagee"), bad.body());
  }

  @Test
  void serviceOnAStore_becomesADesiredObject_andRunsItsLifecycle() throws IOException {
    String store = uniqueId("s");
    String credential = enrolledStore(store, Map.of("region", uniqueId("r")));
    Key operator = EcsTesting.key("operator");
    String family = uniqueId("web");
    register(operator, family);
    register(operator, family);
    String service = uniqueId("svc");

    CliResult created = EcsTesting.cli(operator, "create-service", "--cluster", store,
        "--service-name", service, "--task-definition", family + ":1", "--desired-count", "2");
    assertEquals(0, created.exit(), created.err());
    assertEquals(ARN + "service/" + store + "/" + service,
        created.json().path("service").path("serviceArn").asText());
    JsonNode td = desired("TASK_DEFINITION", family).orElseThrow();
    assertEquals("store.id=" + store, td.path("selector").asText());
    assertEquals(family, td.path("spec").path("family").asText());
    assertFalse(td.path("spec").has("revision"), td.toString());
    JsonNode svc = desired("SERVICE", service).orElseThrow();
    assertEquals("store.id=" + store, svc.path("selector").asText());
    assertEquals(family, svc.path("spec").path("taskDefinition").asText());
    assertEquals(2, svc.path("spec").path("desiredCount").asInt());

    CliResult before = EcsTesting.cli(operator, "describe-services", "--cluster", store,
        "--services", service, "missing-one");
    assertEquals(0, before.exit(), before.err());
    JsonNode s = before.json().path("services").get(0);
    assertEquals(2, s.path("desiredCount").asInt(), before.out());
    assertEquals(0, s.path("runningCount").asInt());
    assertEquals(ARN + "task-definition/" + family + ":1", s.path("taskDefinition").asText());
    assertEquals(1, s.path("deployments").size());
    assertEquals("PRIMARY", s.path("deployments").get(0).path("status").asText());
    assertEquals("IN_PROGRESS", s.path("deployments").get(0).path("rolloutState").asText());
    assertEquals("MISSING", before.json().path("failures").get(0).path("reason").asText());

    // the store reports both tasks running: the waiter sees a stable service
    report(credential, 1, service, "RUNNING", "RUNNING");
    CliResult stable = EcsTesting.cli(operator, "wait", "services-stable", "--cluster", store,
        "--services", service);
    assertEquals(0, stable.exit(), stable.err());

    CliResult updated = EcsTesting.cli(operator, "update-service", "--cluster", store,
        "--service", service, "--task-definition", family + ":2", "--desired-count", "3");
    assertEquals(0, updated.exit(), updated.err());
    assertEquals(ARN + "task-definition/" + family + ":2",
        updated.json().path("service").path("taskDefinition").asText());
    assertEquals(3, updated.json().path("service").path("desiredCount").asInt());
    assertEquals(3, desired("SERVICE", service).orElseThrow().path("spec").path("desiredCount")
        .asInt());
    CliResult forced = EcsTesting.cli(operator, "update-service", "--cluster", store,
        "--service", service, "--force-new-deployment");
    assertEquals(0, forced.exit(), forced.err());
    assertEquals(1, desired("SERVICE", service).orElseThrow().path("redeploys").asInt());

    CliResult listed = EcsTesting.cli(operator, "list-services", "--cluster", store);
    assertEquals(List.of(ARN + "service/" + store + "/" + service),
        texts(listed.json().path("serviceArns")));

    Answer unforced = EcsTesting.call(operator, "DeleteService", "{\"cluster\":\"" + store
        + "\",\"service\":\"" + service + "\"}");
    assertEquals(400, unforced.status(), unforced.body());
    assertEquals("InvalidParameterException", unforced.type());
    CliResult deleted = EcsTesting.cli(operator, "delete-service", "--cluster", store,
        "--service", service, "--force");
    assertEquals(0, deleted.exit(), deleted.err());
    assertEquals("DRAINING", deleted.json().path("service").path("status").asText());
    assertTrue(desired("SERVICE", service).isEmpty());
    assertTrue(desired("TASK_DEFINITION", family).isEmpty(), "no service of the store uses it");
    CliResult after = EcsTesting.cli(operator, "describe-services", "--cluster", store,
        "--services", service);
    assertEquals("MISSING", after.json().path("failures").get(0).path("reason").asText());
  }

  @Test
  void serviceOnAGroup_getsTheGroupsSelector_andCountsEveryStore() throws IOException {
    String region = uniqueId("eu");
    String s1 = uniqueId("s");
    String s2 = uniqueId("s");
    String c1 = enrolledStore(s1, Map.of("region", region));
    String c2 = enrolledStore(s2, Map.of("region", region));
    String group = uniqueId("g");
    String selector = admin().body("{\"selector\":\"region=" + region + "\"}")
        .put("/api/v1/store-groups/" + group).then().statusCode(201).extract().path("selector");
    Key operator = EcsTesting.key("operator");
    String family = uniqueId("web");
    register(operator, family);
    String service = uniqueId("svc");

    CliResult created = EcsTesting.cli(operator, "create-service", "--cluster", group,
        "--service-name", service, "--task-definition", family, "--desired-count", "1");
    assertEquals(0, created.exit(), created.err());
    assertEquals(selector, desired("SERVICE", service).orElseThrow().path("selector").asText());
    assertEquals(selector, desired("TASK_DEFINITION", family).orElseThrow().path("selector")
        .asText());
    // the same create again (a retry) answers the service; a different one is refused
    CliResult again = EcsTesting.cli(operator, "create-service", "--cluster", group,
        "--service-name", service, "--task-definition", family + ":1", "--desired-count", "1");
    assertEquals(0, again.exit(), again.err());
    Answer different = EcsTesting.call(operator, "CreateService", "{\"cluster\":\"" + group
        + "\",\"serviceName\":\"" + service + "\",\"taskDefinition\":\"" + family
        + "\",\"desiredCount\":5}");
    assertEquals("InvalidParameterException", different.type(), different.body());

    report(c1, 1, service, "RUNNING");
    report(c2, 1, service, "PENDING");
    CliResult d = EcsTesting.cli(operator, "describe-services", "--cluster", ARN + "cluster/"
        + group, "--services", ARN + "service/" + group + "/" + service);
    assertEquals(0, d.exit(), d.err());
    JsonNode s = d.json().path("services").get(0);
    assertEquals(2, s.path("desiredCount").asInt(), "1 per store, 2 stores: " + d.out());
    assertEquals(1, s.path("runningCount").asInt());
    assertEquals(1, s.path("pendingCount").asInt());
    // the store cluster lists no service: the group's object is not the store's own
    CliResult storeList = EcsTesting.cli(operator, "list-services", "--cluster", s1);
    assertEquals(0, storeList.json().path("serviceArns").size(), storeList.out());
  }

  @Test
  void refusals_viewerWrites_unknownCluster_unknownService_inactiveDefinition() {
    String store = uniqueId("s");
    enrolledStore(store, Map.of());
    Key viewer = EcsTesting.key("viewer");
    Key operator = EcsTesting.key("operator");
    Answer denied = EcsTesting.call(viewer, "CreateService", "{\"cluster\":\"" + store
        + "\",\"serviceName\":\"x\",\"taskDefinition\":\"x\"}");
    assertEquals(400, denied.status(), denied.body());
    assertEquals("AccessDeniedException", denied.type(), denied.body());
    Answer deniedTd = EcsTesting.call(viewer, "RegisterTaskDefinition", "{\"family\":\"x\","
        + "\"containerDefinitions\":[{\"name\":\"a\",\"image\":\"x\",\"memory\":8}]}");
    assertEquals("AccessDeniedException", deniedTd.type(), deniedTd.body());

    Answer noCluster = EcsTesting.call(operator, "DescribeServices",
        "{\"cluster\":\"nowhere-" + uniqueId("c") + "\",\"services\":[\"x\"]}");
    assertEquals(400, noCluster.status(), noCluster.body());
    assertEquals("ClusterNotFoundException", noCluster.type(), noCluster.body());
    Answer noService = EcsTesting.call(operator, "UpdateService", "{\"cluster\":\"" + store
        + "\",\"service\":\"none\",\"desiredCount\":1}");
    assertEquals("ServiceNotFoundException", noService.type(), noService.body());
    Answer noDefinition = EcsTesting.call(operator, "CreateService", "{\"cluster\":\"" + store
        + "\",\"serviceName\":\"x\",\"taskDefinition\":\"never-registered:1\"}");
    assertEquals("InvalidParameterException", noDefinition.type(), noDefinition.body());
    Answer awsvpc = EcsTesting.call(operator, "CreateService", "{\"cluster\":\"" + store
        + "\",\"serviceName\":\"x\",\"taskDefinition\":\"x\",\"networkConfiguration\":{}}");
    assertEquals("InvalidParameterException", awsvpc.type(), awsvpc.body());
    assertTrue(awsvpc.body().contains("networkConfiguration"), awsvpc.body());
  }

  /**
   * Registers ecs/td.json as {@code family} with the CLI, with a fresh STORE_MODE value: the
   * same signed body twice within a second is a replay. Answers the revision the cloud gave.
   */
  private static int register(Key key, String family) throws IOException {
    String json;
    try (InputStream in = CloudEcsWritesTest.class.getResourceAsStream("/ecs/td.json")) {
      json = new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("FAMILY", family)
          .replace("\"edge\"", "\"" + uniqueId("edge") + "\"");
    }
    Path file = Files.createTempFile("td", ".json");
    Files.writeString(file, json);
    try {
      CliResult r = EcsTesting.cli(key, "register-task-definition", "--cli-input-json",
          "file://" + file);
      assertEquals(0, r.exit(), r.err());
      return r.json().path("taskDefinition").path("revision").asInt();
    } finally {
      Files.delete(file);
    }
  }

  private static Optional<JsonNode> desired(String kind, String name) {
    JsonNode all = EcsTesting.JSON.valueToTree(admin().get("/api/v1/desired").then()
        .statusCode(200).extract().as(List.class));
    for (JsonNode o : all) {
      if (o.path("kind").asText().equals(kind) && o.path("name").asText().equals(name)) {
        return Optional.of(o);
      }
    }
    return Optional.empty();
  }

  private static void report(String credential, int sequence, String service,
      String... statuses) {
    List<Map<String, Object>> tasks = new java.util.ArrayList<>();
    for (int i = 0; i < statuses.length; i++) {
      tasks.add(Map.of("taskId", service + "-" + i, "serviceName", service, "lastStatus",
          statuses[i]));
    }
    Cloud.as(credential).body(Map.of("sequence", sequence, "sentAt", "2026-01-01T00:00:00Z",
        "devices", List.of(), "tasks", tasks)).post("/sync/v1/reports").then().statusCode(200);
  }

  private static List<String> texts(JsonNode array) {
    List<String> out = new java.util.ArrayList<>();
    array.forEach(a -> out.add(a.asText()));
    return out;
  }
}
