package dev.backroom.hub.api;

import static dev.backroom.hub.auth.AuthTesting.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

@QuarkusTest
class TaskDefinitionResourceTest {

  @Test
  void register_assignsIncreasingRevisions() {
    String td = """
        {"family":"camera","containerDefinitions":[{"name":"main","image":"backroom/busybox:1","memory":32}]}""";
    int first = given().contentType("application/json").body(td).post("/api/v1/task-definitions")
        .then().statusCode(201).extract().path("revision");
    given().contentType("application/json").body(td).post("/api/v1/task-definitions")
        .then().statusCode(201).body("revision", equalTo(first + 1));
    given().get("/api/v1/task-definitions/camera").then().statusCode(200)
        .body("revision", equalTo(first + 1));
    given().get("/api/v1/task-definitions/camera:" + first).then().statusCode(200)
        .body("revision", equalTo(first));
  }

  @Test
  void invalidTaskDefinition_gets400WithEveryViolationAndItsPath() {
    given().contentType("application/json").body("""
        {"networkMode":"awsvpc","containerDefinitions":[{"name":"a","memory":2},{"name":"a","image":"x","memory":64}]}""")
        .post("/api/v1/task-definitions")
        .then().statusCode(400)
        .body("message", equalTo("invalid task definition"))
        .body("violations.path", hasItems("family", "networkMode", "containerDefinitions[0].image",
            "containerDefinitions[0].memory", "containerDefinitions[1].name"));
  }

  @Test
  void wrongFieldType_gets400WithThePath() {
    given().contentType("application/json").body("""
        {"family":"x","containerDefinitions":[{"name":"a","image":"x","memory":"lots"}]}""")
        .post("/api/v1/task-definitions")
        .then().statusCode(400).body("violations[0].path", equalTo("containerDefinitions[0].memory"));
  }

  @Test
  void unknownRevision_is404() {
    given().get("/api/v1/task-definitions/nothing:9").then().statusCode(404);
  }
}
