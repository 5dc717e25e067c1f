package dev.backroom.cloud.reports;

import static dev.backroom.cloud.support.Cloud.admin;
import static dev.backroom.cloud.support.Cloud.as;
import static dev.backroom.cloud.support.Cloud.enrolledStore;
import static dev.backroom.cloud.support.Cloud.uniqueId;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ReportsTest {

  private static Map<String, Object> batch(long seq, String task, long... eventIds) {
    List<Map<String, Object>> events = java.util.Arrays.stream(eventIds).mapToObj(id ->
        Map.<String, Object>of("eventId", id, "at", "2026-01-01T00:00:0" + (id % 10) + "Z",
            "kind", "task-started", "origin", "local", "message", "e" + id)).toList();
    return Map.of("sequence", seq, "sentAt", "2026-01-01T00:00:00Z",
        "tasks", List.of(Map.of("taskId", task)), "events", events);
  }

  @Test
  void duplicateAndGapBatches_followTheSequenceRules() {
    String store = uniqueId("rep");
    String cred = enrolledStore(store, Map.of());
    record Step(Map<String, Object> body, int status, Boolean duplicate, Long expected) {}
    List<Step> steps = List.of(
        new Step(batch(1, "t1", 1, 2), 200, false, null),
        new Step(batch(1, "t1", 1, 2), 200, true, null),
        new Step(batch(3, "t3", 5), 409, null, 2L),
        new Step(batch(2, "t2", 3, 4), 200, false, null),
        new Step(batch(1, "t1", 1, 2), 200, true, null));
    for (int i = 0; i < steps.size(); i++) {
      Step s = steps.get(i);
      JsonPath p = as(cred).body(s.body()).post("/sync/v1/reports").then()
          .statusCode(s.status()).extract().jsonPath();
      if (s.duplicate() != null) {
        assertEquals(s.duplicate(), p.getBoolean("duplicate"), "step " + i);
      } else {
        assertEquals("sequence_gap", p.getString("error"));
        assertEquals(s.expected(), p.getLong("expected"));
      }
    }
    JsonPath view = admin().get("/api/v1/stores/" + store + "/reports").then().statusCode(200)
        .extract().jsonPath();
    assertEquals(2, view.getLong("sequence"));
    assertEquals(List.of("t2"), view.getList("tasks.taskId"));
    assertEquals(List.of(1, 2, 3, 4), view.getList("events.eventId"));
    assertEquals(2, admin().get("/api/v1/stores/" + store).then().extract().jsonPath()
        .getLong("reportSequence"));
  }

  private static Map<String, Object> auditBatch(long seq, long... auditIds) {
    List<Map<String, Object>> audit = java.util.Arrays.stream(auditIds).mapToObj(id ->
        Map.<String, Object>of("auditId", id, "at", "2026-01-01T00:00:0" + (id % 10) + "Z",
            "actor", "clerk", "role", "operator", "authMethod", "bearer", "method", "POST",
            "path", "/api/v1/tasks/t" + id + "/hold", "target", "tasks/t" + id + "/hold",
            "status", id % 2 == 0 ? 403 : 200)).toList();
    return Map.of("sequence", seq, "sentAt", "2026-01-01T00:00:00Z", "audit", audit);
  }

  @Test
  void auditEntries_appendOnce_andAreInTheViewAndItsPages() {
    String store = uniqueId("aud");
    String cred = enrolledStore(store, Map.of());
    record Step(Map<String, Object> body, boolean duplicate) {}
    List<Step> steps = List.of(
        new Step(auditBatch(1, 1, 2), false),
        new Step(auditBatch(1, 1, 2), true),
        new Step(batch(2, "t2", 1), false),
        new Step(auditBatch(3, 3, 4, 5), false),
        new Step(auditBatch(3, 3, 4, 5), true),
        new Step(auditBatch(2, 1, 2), true));
    for (int i = 0; i < steps.size(); i++) {
      assertEquals(steps.get(i).duplicate(), as(cred).body(steps.get(i).body())
          .post("/sync/v1/reports").then().statusCode(200).extract().jsonPath()
          .getBoolean("duplicate"), "step " + i);
    }
    JsonPath view = admin().get("/api/v1/stores/" + store + "/reports").then().statusCode(200)
        .extract().jsonPath();
    assertEquals(List.of(1, 2, 3, 4, 5), view.getList("audit.auditId"));
    assertEquals(List.of(200, 403, 200, 403, 200), view.getList("audit.status"));
    assertEquals("tasks/t3/hold", view.getString("audit[2].target"));
    assertEquals("clerk", view.getString("audit[2].actor"));
    assertEquals(List.of(1), view.getList("events.eventId"));
    assertEquals(List.of(3, 4), admin().get("/api/v1/stores/" + store + "/reports/audit?after=2&limit=2")
        .then().statusCode(200).extract().jsonPath().getList("auditId"));
    admin().get("/api/v1/stores/" + store + "/reports/audit?limit=0").then().statusCode(400);
    as(cred).get("/api/v1/stores/" + store + "/reports/audit").then().statusCode(401);
    as(cred).body(Map.of("sequence", 4, "sentAt", "2026-01-01T00:00:00Z", "audit",
        List.of(Map.of("auditId", 9, "method", "POST", "path", "/x", "status", 200))))
        .post("/sync/v1/reports").then().statusCode(400)
        .body("violations.path", org.hamcrest.Matchers.hasItem("audit[0].at"));
  }

  @Test
  void malformedBatch_isRefusedWithPath() {
    String cred = enrolledStore(uniqueId("rep"), Map.of());
    as(cred).body(Map.of("sequence", "one")).post("/sync/v1/reports").then().statusCode(400)
        .body("error", org.hamcrest.Matchers.equalTo("bad_request"))
        .body("message", org.hamcrest.Matchers.containsString("sequence"));
    as(cred).body(Map.of("sequence", 1)).post("/sync/v1/reports").then().statusCode(400)
        .body("violations.path", org.hamcrest.Matchers.hasItem("sentAt"));
  }
}
