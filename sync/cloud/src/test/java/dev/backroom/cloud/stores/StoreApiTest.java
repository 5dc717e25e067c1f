package dev.backroom.cloud.stores;

import static dev.backroom.cloud.support.Cloud.admin;
import static dev.backroom.cloud.support.Cloud.putTaskDefinition;
import static dev.backroom.cloud.support.Cloud.taskDefinition;
import static dev.backroom.cloud.support.Cloud.uniqueId;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

import io.quarkus.test.junit.QuarkusTest;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class StoreApiTest {

  @Test
  void createdStore_getsItsEffectiveStateAtOnce_andRefusesDuplicates() {
    String region = uniqueId("r");
    String family = uniqueId("td");
    putTaskDefinition(family, "region=" + region, taskDefinition(family, "x:1"))
        .then().statusCode(200);
    String id = uniqueId("store");
    admin().body(Map.of("id", id, "name", "Main Street", "labels", Map.of("region", region)))
        .post("/api/v1/stores").then().statusCode(201).body("id", equalTo(id))
        .body("name", equalTo("Main Street")).body("revision", equalTo(1))
        .body("enrolled", equalTo(false)).body("reportSequence", equalTo(0));
    admin().body(Map.of("id", id, "labels", Map.of())).post("/api/v1/stores").then()
        .statusCode(409).body("error", equalTo("conflict"));
    admin().get("/api/v1/stores/" + id + "/desired").then().statusCode(200)
        .body("revision", equalTo(1)).body("objects[0].name", equalTo(family));
  }

  @Test
  void badStoreInput_isRefusedWithPaths() {
    admin().body(Map.of("id", "no spaces allowed", "labels", Map.of("bad key!", "v")))
        .post("/api/v1/stores").then().statusCode(400)
        .body("violations.path", hasItems("id", "labels.bad key!"));
    admin().get("/api/v1/stores?selector=a==b").then().statusCode(400)
        .body("violations[0].path", equalTo("selector"));
    admin().get("/api/v1/stores/" + uniqueId("missing")).then().statusCode(404)
        .body("error", equalTo("not_found"));
    admin().body(Map.of("labels", Map.of("region", "eu"))).put("/api/v1/stores/"
        + uniqueId("missing") + "/labels").then().statusCode(404);
  }
}
