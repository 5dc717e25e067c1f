package dev.backroom.cloud.desired;

import static dev.backroom.cloud.support.Cloud.admin;
import static dev.backroom.cloud.support.Cloud.as;
import static dev.backroom.cloud.support.Cloud.enrolledStore;
import static dev.backroom.cloud.support.Cloud.putTaskDefinition;
import static dev.backroom.cloud.support.Cloud.taskDefinition;
import static dev.backroom.cloud.support.Cloud.uniqueId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

@QuarkusTest
class LongPollTest {

  @Test
  void longPoll_wakesOnChange() throws Exception {
    String store = uniqueId("lp");
    String cred = enrolledStore(store, Map.of());
    String family = uniqueId("td");
    long start = System.nanoTime();
    CompletableFuture<JsonPath> poll = CompletableFuture.supplyAsync(() -> as(cred)
        .get("/sync/v1/desired?since=0&wait=20").then().statusCode(200).extract().jsonPath());
    Thread.sleep(700);
    assertTrue(!poll.isDone(), "the poll must wait while nothing changes");
    putTaskDefinition(family, "store.id=" + store, taskDefinition(family, "a:1"))
        .then().statusCode(200);
    JsonPath answer = poll.get(10, TimeUnit.SECONDS);
    long tookMs = (System.nanoTime() - start) / 1_000_000;
    assertEquals(1, answer.getLong("revision"));
    assertEquals(true, answer.getBoolean("full"));
    assertEquals(List.of(family), answer.getList("changes.name"));
    assertTrue(tookMs < 10_000, "woke after " + tookMs + " ms");
  }

  @Test
  void longPoll_withoutChanges_timesOutWithSameRevision() {
    String store = uniqueId("lp");
    String cred = enrolledStore(store, Map.of());
    String family = uniqueId("td");
    putTaskDefinition(family, "store.id=" + store, taskDefinition(family, "a:1"))
        .then().statusCode(200);
    long start = System.nanoTime();
    JsonPath p = as(cred).get("/sync/v1/desired?since=1&wait=1").then().statusCode(200)
        .extract().jsonPath();
    long tookMs = (System.nanoTime() - start) / 1_000_000;
    assertEquals(1, p.getLong("revision"));
    assertEquals(List.of(), p.getList("changes"));
    assertTrue(tookMs >= 950, "answered after " + tookMs + " ms, before the wait ended");
  }

  @Test
  void sinceZero_orAheadOfTheCloud_getsAFullSnapshot_andAckIsRecorded() {
    String store = uniqueId("lp");
    String cred = enrolledStore(store, Map.of());
    for (String f : List.of("b-" + store, "a-" + store)) {
      putTaskDefinition(f, "store.id=" + store, taskDefinition(f, "x:1")).then().statusCode(200);
    }
    JsonPath full = as(cred).get("/sync/v1/desired?since=0").then().extract().jsonPath();
    assertEquals(true, full.getBoolean("full"));
    assertEquals(2, full.getLong("revision"));
    assertEquals(List.of("a-" + store, "b-" + store), full.getList("changes.name"));
    assertEquals(true, as(cred).get("/sync/v1/desired?since=99").then().extract().jsonPath()
        .getBoolean("full"));
    as(cred).body(Map.of("revision", 2)).post("/sync/v1/desired/ack").then().statusCode(200);
    assertEquals(2, admin().get("/api/v1/stores/" + store).then().extract().jsonPath()
        .getLong("appliedRevision"));
    as(cred).body(Map.of("revision", 3)).post("/sync/v1/desired/ack").then().statusCode(400);
  }

  @Test
  void incremental_collapsesToLastOpPerObject() {
    String store = uniqueId("lp");
    String cred = enrolledStore(store, Map.of());
    String f = uniqueId("td");
    String sel = "store.id=" + store;
    putTaskDefinition(f, sel, taskDefinition(f, "x:1")).then().statusCode(200);
    putTaskDefinition(f, sel, taskDefinition(f, "x:2")).then().statusCode(200);
    admin().delete("/api/v1/desired/task-definitions/" + f + "?selector=" + sel)
        .then().statusCode(200);
    JsonPath p = as(cred).get("/sync/v1/desired?since=1").then().extract().jsonPath();
    assertEquals(3, p.getLong("revision"));
    assertEquals(List.of("DELETE"), p.getList("changes.op"));
  }
}
