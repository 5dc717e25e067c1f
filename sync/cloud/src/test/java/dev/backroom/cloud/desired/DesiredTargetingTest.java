package dev.backroom.cloud.desired;

import static dev.backroom.cloud.support.Cloud.admin;
import static dev.backroom.cloud.support.Cloud.as;
import static dev.backroom.cloud.support.Cloud.enrolledStore;
import static dev.backroom.cloud.support.Cloud.putTaskDefinition;
import static dev.backroom.cloud.support.Cloud.revision;
import static dev.backroom.cloud.support.Cloud.taskDefinition;
import static dev.backroom.cloud.support.Cloud.uniqueId;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Selector targeting and revision rules; each test uses its own label value to stay isolated. */
@QuarkusTest
class DesiredTargetingTest {

  private static List<String> names(String storeId) {
    return admin().get("/api/v1/stores/" + storeId + "/desired").then().statusCode(200)
        .extract().jsonPath().getList("objects.name");
  }

  @Test
  void regionSelector_reachesOnlyMatchingStores() {
    String region = uniqueId("eu");
    String eu1 = uniqueId("s");
    String eu2 = uniqueId("s");
    String us = uniqueId("s");
    enrolledStore(eu1, Map.of("region", region));
    enrolledStore(eu2, Map.of("region", region, "format", "mini"));
    enrolledStore(us, Map.of("region", "us"));
    String family = uniqueId("pos");
    JsonPath put = putTaskDefinition(family, "region=" + region, taskDefinition(family, "pos:1"))
        .then().statusCode(200).extract().jsonPath();
    assertEquals(List.of(eu1, eu2).stream().sorted().toList(), put.getList("affectedStores"));
    assertEquals("TASK_DEFINITION", put.getString("kind"));
    assertEquals(1, revision(eu1));
    assertEquals(1, revision(eu2));
    assertEquals(0, revision(us));
    assertEquals(List.of(family), names(eu1));
    assertEquals(List.of(), names(us));
    assertEquals(List.of(eu2), admin().get("/api/v1/stores?selector=region=" + region
        + ",format=mini").then().statusCode(200).extract().jsonPath().getList("id"));
  }

  @Test
  void labelChange_movesObjectsInAndOut_withARevisionBump() {
    String region = uniqueId("eu");
    String store = uniqueId("s");
    String cred = enrolledStore(store, Map.of("region", "us"));
    String family = uniqueId("scale");
    putTaskDefinition(family, "region=" + region, taskDefinition(family, "scale:1"))
        .then().statusCode(200);
    assertEquals(0, revision(store));

    admin().body(Map.of("labels", Map.of("region", region))).put("/api/v1/stores/" + store
        + "/labels").then().statusCode(200);
    assertEquals(1, revision(store));
    JsonPath in = as(cred).get("/sync/v1/desired?since=0").then().statusCode(200)
        .extract().jsonPath();
    assertEquals(List.of("UPSERT"), in.getList("changes.op"));

    admin().body(Map.of("labels", Map.of("region", "us"))).put("/api/v1/stores/" + store
        + "/labels").then().statusCode(200);
    assertEquals(2, revision(store));
    JsonPath out = as(cred).get("/sync/v1/desired?since=1").then().statusCode(200)
        .extract().jsonPath();
    assertEquals(false, out.getBoolean("full"));
    assertEquals(List.of("DELETE"), out.getList("changes.op"));
    assertEquals(List.of(family), out.getList("changes.name"));
  }

  @Test
  void identicalSpec_doesNotBump_changedSpecDoes_andRevisionsOnlyGrow() {
    String store = uniqueId("s");
    enrolledStore(store, Map.of());
    String family = uniqueId("kiosk");
    String selector = "store.id=" + store;
    long last = revision(store);
    String[] images = {"k:1", "k:1", "k:2", "k:2", "k:1"};
    boolean[] bumps = {true, false, true, false, true};
    for (int i = 0; i < images.length; i++) {
      putTaskDefinition(family, selector, taskDefinition(family, images[i])).then().statusCode(200);
      long now = revision(store);
      assertEquals(bumps[i] ? last + 1 : last, now, "put #" + i + " of " + images[i]);
      last = now;
    }
  }

  @Test
  void storeSpecificObject_winsOverBroadOne_andDeleteFallsBack() {
    String region = uniqueId("eu");
    String store = uniqueId("s");
    String cred = enrolledStore(store, Map.of("region", region));
    String family = uniqueId("menu");
    putTaskDefinition(family, "store.id=" + store, taskDefinition(family, "menu:special"))
        .then().statusCode(200);
    putTaskDefinition(family, "region=" + region, taskDefinition(family, "menu:broad"))
        .then().statusCode(200);
    assertEquals("menu:special", image(cred));
    admin().delete("/api/v1/desired/task-definitions/" + family + "?selector=store.id=" + store)
        .then().statusCode(200);
    assertEquals("menu:broad", image(cred));
    admin().delete("/api/v1/desired/task-definitions/" + family + "?selector=store.id=" + store)
        .then().statusCode(404).body("error", org.hamcrest.Matchers.equalTo("not_found"));
  }

  private static String image(String cred) {
    return as(cred).get("/sync/v1/desired?since=0").then().statusCode(200).extract().jsonPath()
        .getString("changes[0].spec.containerDefinitions[0].image");
  }

  @Test
  void serviceObjects_travelAsServiceChanges() {
    String store = uniqueId("s");
    String cred = enrolledStore(store, Map.of());
    String name = uniqueId("svc");
    admin().body(Map.of("selector", "store.id=" + store, "spec", Map.of("serviceName", name,
        "taskDefinition", "web", "desiredCount", 2))).put("/api/v1/desired/services/" + name)
        .then().statusCode(200);
    JsonPath p = as(cred).get("/sync/v1/desired?since=0").then().extract().jsonPath();
    assertEquals(List.of("SERVICE"), p.getList("changes.kind"));
    assertEquals(2, p.getInt("changes[0].spec.desiredCount"));
  }
}
