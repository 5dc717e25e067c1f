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
