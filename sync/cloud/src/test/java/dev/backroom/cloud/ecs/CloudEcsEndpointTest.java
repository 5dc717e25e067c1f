package dev.backroom.cloud.ecs;

import static dev.backroom.cloud.support.Cloud.admin;
import static dev.backroom.cloud.support.Cloud.enrolledStore;
import static dev.backroom.cloud.support.Cloud.uniqueId;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.backroom.cloud.ecs.EcsTesting.Answer;
import dev.backroom.cloud.ecs.EcsTesting.CliResult;
import dev.backroom.cloud.ecs.EcsTesting.Key;
import io.quarkus.test.junit.QuarkusTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The cloud's /ecs with the real AWS CLI and SDK-signed requests: stores and store groups as
 * clusters, SigV4 with the cloud's access keys, refusals in ECS shape.
 */
@QuarkusTest
class CloudEcsEndpointTest {
  private static final String ARN = "arn:aws:ecs:us-east-1:000000000000:cluster/";

  @Test
  void listClusters_namesEveryStoreAndGroup_withPaging() {
    String region = uniqueId("eu");
    String s1 = uniqueId("s");
    String s2 = uniqueId("s");
    enrolledStore(s1, Map.of("region", region, "format", "mini"));
    enrolledStore(s2, Map.of("region", region));
    String group = uniqueId("g");
    admin().body("{\"selector\":\"region=" + region + ",format=mini\"}")
        .put("/api/v1/store-groups/" + group).then().statusCode(201);
    Key viewer = EcsTesting.key("viewer");

    CliResult all = EcsTesting.cli(viewer, "list-clusters");
    assertEquals(0, all.exit(), all.err());
    List<String> arns = new ArrayList<>();
    all.json().path("clusterArns").forEach(a -> arns.add(a.asText()));
    assertTrue(arns.containsAll(List.of(ARN + s1, ARN + s2, ARN + group)), arns.toString());

    // one at a time, the CLI's own paging walks them all
    CliResult paged = EcsTesting.cli(viewer, "list-clusters", "--page-size", "1");
    assertEquals(0, paged.exit(), paged.err());
    assertEquals(arns.size(), paged.json().path("clusterArns").size());
    Answer first = EcsTesting.call(viewer, "ListClusters", "{\"maxResults\":1}");
    assertEquals(200, first.status(), first.body());
    assertEquals(1, first.json().path("clusterArns").size());
    assertNotNull(first.json().path("nextToken").asText(null));
  }

  @Test
  void describeClusters_storesAndGroups_unknownIsMissing() {
    String region = uniqueId("eu");
    String s1 = uniqueId("s");
    String s2 = uniqueId("s");
    enrolledStore(s1, Map.of("region", region, "format", "mini"));
    enrolledStore(s2, Map.of("region", region, "format", "mini"));
    String group = uniqueId("eu-mini");
    admin().body("{\"selector\":\"region=" + region + ",format=mini\"}")
        .put("/api/v1/store-groups/" + group).then().statusCode(201);
    admin().get("/api/v1/store-groups/" + group).then().statusCode(200)
        .body("stores.size()", org.hamcrest.Matchers.equalTo(2));

    CliResult r = EcsTesting.cli(EcsTesting.key("viewer"), "describe-clusters", "--clusters",
        group, ARN + s1, "nowhere", "--include", "STATISTICS");
    assertEquals(0, r.exit(), r.err());
    JsonNode clusters = r.json().path("clusters");
    assertEquals(2, clusters.size(), r.out());
    assertEquals(group, clusters.get(0).path("clusterName").asText());
    assertEquals(ARN + group, clusters.get(0).path("clusterArn").asText());
    assertEquals("ACTIVE", clusters.get(0).path("status").asText());
    // no store has reported yet: nothing registered, nothing running
    assertEquals(0, clusters.get(0).path("registeredContainerInstancesCount").asInt(-1));
    assertEquals(0, clusters.get(0).path("runningTasksCount").asInt(-1));
    assertEquals(s1, clusters.get(1).path("clusterName").asText());
    JsonNode failures = r.json().path("failures");
    assertEquals(1, failures.size());
    assertEquals("nowhere", failures.get(0).path("arn").asText());
    assertEquals("MISSING", failures.get(0).path("reason").asText());
  }

  @Test
  void describeClusters_countsWhatTheStoresReported() {
    String region = uniqueId("eu");
    String s1 = uniqueId("s");
    String s2 = uniqueId("s");
    String c1 = enrolledStore(s1, Map.of("region", region));
    enrolledStore(s2, Map.of("region", region));
    dev.backroom.cloud.support.Cloud.as(c1).body(Map.of("sequence", 1, "sentAt",
        "2026-01-01T00:00:00Z", "devices", List.of(Map.of("deviceId", "d1"),
            Map.of("deviceId", "d2")), "tasks", List.of(Map.of("taskId", "t1", "lastStatus",
            "RUNNING"), Map.of("taskId", "t2", "lastStatus", "PENDING")))).post("/sync/v1/reports")
        .then().statusCode(200);
    admin().body(Map.of("selector", "region=" + region, "spec", Map.of("serviceName", "web",
        "taskDefinition", "web", "desiredCount", 1))).put("/api/v1/desired/services/web")
        .then().statusCode(200);
    String group = uniqueId("g");
    admin().body("{\"selector\":\"region=" + region + "\"}").put("/api/v1/store-groups/" + group)
        .then().statusCode(201);

    CliResult r = EcsTesting.cli(EcsTesting.key("viewer"), "describe-clusters", "--clusters",
        group, s2);
    assertEquals(0, r.exit(), r.err());
    JsonNode g = r.json().path("clusters").get(0);
    assertEquals(2, g.path("registeredContainerInstancesCount").asInt(), r.out());
    assertEquals(1, g.path("runningTasksCount").asInt(), r.out());
    assertEquals(1, g.path("pendingTasksCount").asInt(), r.out());
    assertEquals(1, g.path("activeServicesCount").asInt(), r.out());
    JsonNode quiet = r.json().path("clusters").get(1);
    assertEquals(s2, quiet.path("clusterName").asText());
    assertEquals(0, quiet.path("registeredContainerInstancesCount").asInt(), r.out());
    assertEquals(1, quiet.path("activeServicesCount").asInt(), r.out());
  }

  @Test
  void everyAnswer_hasARequestId_andSlashPathWorks() {
    Key viewer = EcsTesting.key("viewer");
    Answer ok = EcsTesting.call(viewer, "ListClusters", "{}");
    assertEquals(200, ok.status(), ok.body());
    assertNotNull(ok.header("x-amzn-RequestId"));
    Answer refused = EcsTesting.call(new Key(viewer.id(), "x".repeat(40)), "ListClusters", "{}");
    assertNotNull(refused.header("x-amzn-RequestId"));
  }

  @Test
  void badSignature_unknownKey_disabledKey_areRefusedInEcsShape() {
    Key viewer = EcsTesting.key("viewer");
    Answer bad = EcsTesting.call(new Key(viewer.id(), "x".repeat(40)), "ListClusters", "{}");
    assertEquals(400, bad.status(), bad.body());
    assertEquals("InvalidSignatureException", bad.type(), bad.body());

    Answer unknown = EcsTesting.call(new Key("BKRMAAAAAAAAAAAAAAAA", viewer.secret()),
        "ListClusters", "{}");
    assertEquals(400, unknown.status(), unknown.body());
    assertEquals("UnrecognizedClientException", unknown.type(), unknown.body());

    admin().post("/api/v1/access-keys/" + viewer.id() + "/disable").then().statusCode(200);
    Answer disabled = EcsTesting.call(viewer, "ListClusters", "{}");
    assertEquals("UnrecognizedClientException", disabled.type(), disabled.body());
    CliResult cli = EcsTesting.cli(viewer, "list-clusters");
    assertTrue(cli.exit() != 0 && cli.err().contains("UnrecognizedClientException"), cli.err());
  }

  @Test
  void unknownMembers_andUnknownOperations_areRefusedNamingThem() {
    Key viewer = EcsTesting.key("viewer");
    Answer member = EcsTesting.call(viewer, "DescribeClusters", "{\"clusters\":[],\"x\":1}");
    assertEquals(400, member.status(), member.body());
    assertTrue(member.body().contains("x"), member.body());
    Answer include = EcsTesting.call(viewer, "DescribeClusters", "{\"include\":[\"NOPE\"]}");
    assertEquals("InvalidParameterException", include.type(), include.body());
    Answer op = EcsTesting.call(viewer, "DeleteCluster", "{\"cluster\":\"x\"}");
    assertTrue(op.status() >= 400 && op.status() < 500, op.body());
  }

  @Test
  void theAdminTokenIsNoEcsCredential() {
    io.restassured.RestAssured.given().header("Authorization", "Bearer "
        + dev.backroom.cloud.support.Cloud.ADMIN)
        .header("X-Amz-Target", EcsTesting.TARGET + "ListClusters")
        .contentType("application/x-amz-json-1.1").body("{}".getBytes()).post("/ecs").then()
        .statusCode(400).body(containsString("Signature"));
  }
}
