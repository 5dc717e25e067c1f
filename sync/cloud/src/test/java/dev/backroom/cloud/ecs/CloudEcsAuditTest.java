package dev.backroom.cloud.ecs;

import static dev.backroom.cloud.support.Cloud.admin;
import static dev.backroom.cloud.support.Cloud.enrolledStore;
import static dev.backroom.cloud.support.Cloud.uniqueId;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.backroom.cloud.ecs.EcsTesting.Answer;
import dev.backroom.cloud.ecs.EcsTesting.CliResult;
import dev.backroom.cloud.ecs.EcsTesting.Key;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The cloud's audit table of its ECS endpoint, read through {@code GET /api/v1/audit}: writes
 * (the real AWS CLI) and refusals are there with their request id, key and owner; reads are not.
 */
@QuarkusTest
class CloudEcsAuditTest {
  @Test
  void writesAndRefusals_areAudited_readsAreNot() {
    String store = uniqueId("s");
    enrolledStore(store, Map.of());
    Key operator = EcsTesting.key("operator");
    String family = uniqueId("web");
    Answer registered = EcsTesting.call(operator, "RegisterTaskDefinition", "{\"family\":\""
        + family + "\",\"containerDefinitions\":[{\"name\":\"web\",\"image\":\"backroom/busybox:1\","
        + "\"memory\":64}]}");
    assertEquals(200, registered.status(), registered.body());
    String service = uniqueId("svc");
    CliResult created = EcsTesting.cli(operator, "create-service", "--cluster", store,
        "--service-name", service, "--task-definition", family, "--desired-count", "0");
    assertEquals(0, created.exit(), created.err());
    CliResult described = EcsTesting.cli(operator, "describe-services", "--cluster", store,
        "--services", service);
    assertEquals(0, described.exit(), described.err());

    List<JsonNode> mine = byKey(operator.id());
    assertEquals(List.of("ecs:RegisterTaskDefinition", "ecs:CreateService"),
        mine.stream().map(e -> e.path("operation").asText()).toList(), "reads are not audited");
    JsonNode reg = mine.get(0);
    assertEquals(registered.header("x-amzn-RequestId"), reg.path("requestId").asText());
    assertEquals("pipeline:" + operator.id(), reg.path("owner").asText());
    assertEquals("operator", reg.path("role").asText());
    assertEquals("family=" + family, reg.path("target").asText());
    assertEquals("OK", reg.path("outcome").asText());
    assertEquals(200, reg.path("status").asInt());
    assertTrue(reg.path("errorType").isNull() || reg.path("errorType").isMissingNode(), reg.toString());
    assertTrue(reg.path("at").asText().startsWith("20"), reg.toString());
    assertEquals("cluster=" + store + " serviceName=" + service + " taskDefinition=" + family,
        mine.get(1).path("target").asText());

    // a viewer writing, a missing service and a bad signature are refused, and audited
    Key viewer = EcsTesting.key("viewer");
    Answer denied = EcsTesting.call(viewer, "DeleteService", "{\"cluster\":\"" + store
        + "\",\"service\":\"" + service + "\",\"force\":true}");
    assertEquals("AccessDeniedException", denied.type(), denied.body());
    JsonNode d = byRequest(denied.header("x-amzn-RequestId"));
    assertEquals("ecs:DeleteService", d.path("operation").asText());
    assertEquals(viewer.id(), d.path("accessKeyId").asText());
    assertEquals("REFUSED", d.path("outcome").asText());
    assertEquals("AccessDeniedException", d.path("errorType").asText());
    assertEquals("cluster=" + store + " service=" + service, d.path("target").asText());
    Answer missing = EcsTesting.call(operator, "UpdateService", "{\"cluster\":\"" + store
        + "\",\"service\":\"nope\",\"desiredCount\":1}");
    assertEquals("ServiceNotFoundException",
        byRequest(missing.header("x-amzn-RequestId")).path("errorType").asText());
    Answer forged = EcsTesting.call(new Key(viewer.id(), "x".repeat(40)), "ListClusters", "{}");
    JsonNode f = byRequest(forged.header("x-amzn-RequestId"));
    assertEquals("InvalidSignatureException", f.path("errorType").asText());
    assertTrue(f.path("owner").isNull() || f.path("owner").isMissingNode(),
        "an unverified caller has no owner: " + f);
    assertTrue(f.path("errorMessage").asText().length() > 0, f.toString());
  }

  @Test
  void aBodyOverTheLimit_isAuditedToo() {
    String big = "{\"clusters\":[\"" + "x".repeat(9_000_000) + "\"]}";
    Answer a = EcsTesting.call(EcsTesting.key("viewer"), "DescribeClusters", big);
    assertEquals(413, a.status());
    String id = a.header("x-amzn-RequestId");
    await().atMost(Duration.ofSeconds(10)).until(() -> find(e -> id.equals(e.path("requestId")
        .asText())).isPresent());
    JsonNode e = byRequest(id);
    assertEquals("ClientException", e.path("errorType").asText());
    assertEquals(413, e.path("status").asInt());
  }

  @Test
  void paging_followsAfterAndLimit_andIsForTheAdminOnly() {
    Key operator = EcsTesting.key("operator");
    for (int i = 0; i < 3; i++) {
      EcsTesting.call(operator, "UpdateService", "{\"cluster\":\"nowhere\",\"service\":\"x\"}");
    }
    List<JsonNode> mine = byKey(operator.id());
    assertEquals(3, mine.size(), mine.toString());
    long first = mine.get(0).path("auditId").asLong();
    JsonNode page = page(first, 1);
    assertEquals(1, page.size());
    assertTrue(page.get(0).path("auditId").asLong() > first, page.toString());
    admin().get("/api/v1/audit?limit=0").then().statusCode(400)
        .body("message", containsString("limit must be 1 to 5000"));
    admin().get("/api/v1/audit?limit=5001").then().statusCode(400);
    given().get("/api/v1/audit").then().statusCode(401);
  }

  private static JsonNode page(long after, int limit) {
    return EcsTesting.JSON.valueToTree(admin().get("/api/v1/audit?after=" + after + "&limit="
        + limit).then().statusCode(200).extract().as(List.class));
  }

  /** Every entry, paged through 500 at a time (tests share the database). */
  private static List<JsonNode> all() {
    List<JsonNode> out = new ArrayList<>();
    long after = 0;
    while (true) {
      JsonNode p = page(after, 500);
      p.forEach(out::add);
      if (p.size() < 500) {
        return out;
      }
      after = p.get(p.size() - 1).path("auditId").asLong();
    }
  }

  private static Optional<JsonNode> find(java.util.function.Predicate<JsonNode> which) {
    return all().stream().filter(which).findFirst();
  }

  private static List<JsonNode> byKey(String keyId) {
    return all().stream().filter(e -> keyId.equals(e.path("accessKeyId").asText())).toList();
  }

  private static JsonNode byRequest(String requestId) {
    return find(e -> requestId.equals(e.path("requestId").asText()))
        .orElseThrow(() -> new AssertionError("no audit entry for request " + requestId));
  }
}
