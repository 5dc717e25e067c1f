package dev.backroom.hub.api;

import static dev.backroom.hub.auth.AuthTesting.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ServiceResourceTest {

  @BeforeEach
  void registerTaskDefinition() {
    given().contentType("application/json").body("""
        {"family":"pos-sync","containerDefinitions":[{"name":"main","image":"backroom/busybox:1","memory":32}]}""")
        .post("/api/v1/task-definitions").then().statusCode(201);
  }

  @Test
  void createGetUpdateDelete_roundTrip() {
    given().contentType("application/json").body("""
        {"serviceName":"sync-a","taskDefinition":"pos-sync:1","desiredCount":2,
         "placementConstraints":[{"type":"memberOf","expression":"attribute:ecs.cpu-architecture == arm64"}]}""")
        .post("/api/v1/services").then().statusCode(201)
        .body("taskDefinition", equalTo("pos-sync:1")).body("desiredCount", equalTo(2));
    given().contentType("application/json").body("""
        {"serviceName":"sync-a","taskDefinition":"pos-sync:1","desiredCount":2}""")
        .post("/api/v1/services").then().statusCode(409);
    given().contentType("application/json").body("""
        {"serviceName":"sync-a","taskDefinition":"pos-sync:1","desiredCount":0}""")
        .put("/api/v1/services/sync-a").then().statusCode(200).body("desiredCount", equalTo(0));
    given().get("/api/v1/services").then().statusCode(200).body("serviceName", hasItem("sync-a"));
    given().delete("/api/v1/services/sync-a").then().statusCode(204);
    given().get("/api/v1/services/sync-a").then().statusCode(404);
  }

  @Test
  void familyOnly_resolvesToTheLatestRevision() {
    given().contentType("application/json").body("""
        {"serviceName":"sync-latest","taskDefinition":"pos-sync","desiredCount":0}""")
        .post("/api/v1/services").then().statusCode(201)
        .body("taskDefinition", org.hamcrest.Matchers.startsWith("pos-sync:"));
    given().delete("/api/v1/services/sync-latest").then().statusCode(204);
  }

  @Test
  void invalidService_gets400WithPaths() {
    given().contentType("application/json").body("""
        {"taskDefinition":"pos-sync","desiredCount":-1,
         "placementConstraints":[{"type":"memberOf","expression":"attribute:ecs.cpu-architecture =="}]}""")
        .post("/api/v1/services").then().statusCode(400)
        .body("violations.path", org.hamcrest.Matchers.hasItems("serviceName", "desiredCount",
            "placementConstraints[0].expression"));
  }

  @Test
  void unknownField_gets400WithItsPath_andEcsClusterAndLaunchTypeAreKept() {
    given().contentType("application/json").body("""
        {"serviceName":"sync-x","taskDefinition":"pos-sync","desiredCount":0,"propagateTags":"SERVICE"}""")
        .post("/api/v1/services").then().statusCode(400)
        .body("violations[0].path", equalTo("propagateTags"))
        .body("violations[0].reason", org.hamcrest.Matchers.containsString("unknown field"));
    given().contentType("application/json").body("""
        {"serviceName":"sync-ecs","taskDefinition":"pos-sync","desiredCount":0,
         "cluster":"stores","launchType":"EXTERNAL"}""")
        .post("/api/v1/services").then().statusCode(201);
    given().get("/api/v1/services/sync-ecs").then().statusCode(200)
        .body("cluster", equalTo("stores")).body("launchType", equalTo("EXTERNAL"));
    given().delete("/api/v1/services/sync-ecs").then().statusCode(204);
  }

  @Test
  void unknownTaskDefinition_gets400() {
    given().contentType("application/json").body("""
        {"serviceName":"ghost","taskDefinition":"no-such-family","desiredCount":1}""")
        .post("/api/v1/services").then().statusCode(400)
        .body("violations[0].path", equalTo("taskDefinition"));
  }

  @Test
  void putWithAnotherName_isRejected() {
    given().contentType("application/json").body("""
        {"serviceName":"other","taskDefinition":"pos-sync","desiredCount":1}""")
        .put("/api/v1/services/sync-b").then().statusCode(400);
  }
}
