package dev.backroom.hub.api;

import static dev.backroom.hub.auth.AuthTesting.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

import dev.backroom.hub.store.TaskDefinitionStore;
import io.quarkus.arc.ClientProxy;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

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

  @Inject TaskDefinitionStore store;

  /**
   * A DeleteTaskDefinitions of the same revision that lands between the resource's read and its
   * deregister: the revision is gone, which is a 404 like any unknown one, never a 500. The store
   * is replaced for this test only by one that lets the other request in at that point.
   */
  @Test
  void deregister_losingTheRaceToADelete_is404() {
    String family = "race-" + UUID.randomUUID().toString().substring(0, 8);
    given().contentType("application/json").body("""
        {"family":"%s","containerDefinitions":[{"name":"main","image":"backroom/busybox:1","memory":32}]}"""
        .formatted(family)).post("/api/v1/task-definitions").then().statusCode(201);
    TaskDefinitionStore real = ClientProxy.unwrap(store);
    QuarkusMock.installMockForType(new TaskDefinitionStore() {
      @Override
      public Optional<Revision> revision(String f, int r) {
        return real.revision(f, r);
      }

      @Override
      public Optional<Revision> deregister(String f, int r, Instant now) {
        real.deregister(f, r, now); // the other client's DeregisterTaskDefinition ...
        real.delete(f, r); // ... and DeleteTaskDefinitions, both first
        return real.deregister(f, r, now);
      }
    }, TaskDefinitionStore.class);
    given().delete("/api/v1/task-definitions/" + family + ":1").then().statusCode(404)
        .body("error", equalTo("not_found"))
        .body("message", equalTo("no task definition " + family + ":1"));
    given().get("/api/v1/task-definitions/" + family + ":1").then().statusCode(404);
  }

  /** One refusal through the API: where the field goes, and the violation it must produce. */
  record Refusal(String name, String taskField, String containerField, String path,
      String reason) {
    @Override
    public String toString() {
      return name;
    }

    String body() {
      return "{\"family\":\"refused\"," + (taskField == null ? "" : taskField + ",")
          + "\"containerDefinitions\":[{\"name\":\"main\",\"image\":\"nginx:1.27\","
          + "\"memory\":64" + (containerField == null ? "" : "," + containerField) + "}]}";
    }
  }

  static Stream<Refusal> refusals() {
    return Stream.of(
        new Refusal("host-mode port mapping to another port", "\"networkMode\":\"host\"",
            "\"portMappings\":[{\"containerPort\":80,\"hostPort\":8080}]",
            "containerDefinitions[0].portMappings[0].hostPort",
            "hostPort must equal containerPort"),
        new Refusal("secrets", null,
            "\"secrets\":[{\"name\":\"PW\",\"valueFrom\":\"arn:aws:ssm:x\"}]",
            "containerDefinitions[0].secrets", "no secret store at the edge"),
        new Refusal("awslogs", null, "\"logConfiguration\":{\"logDriver\":\"awslogs\"}",
            "containerDefinitions[0].logConfiguration.logDriver", "CloudWatch is not reachable"),
        new Refusal("EFS volume", "\"volumes\":[{\"name\":\"v\","
            + "\"efsVolumeConfiguration\":{\"fileSystemId\":\"fs-1\"}}]", null,
            "volumes[0].efsVolumeConfiguration", "use host.sourcePath"),
        new Refusal("distinctInstance on the task", "\"placementConstraints\":[{\"type\":"
            + "\"distinctInstance\"}]", null, "placementConstraints[0].type",
            "put distinctInstance on the service"),
        new Refusal("awsvpc", "\"networkMode\":\"awsvpc\"", null, "networkMode",
            "use bridge, host or none"),
        new Refusal("FARGATE", "\"requiresCompatibilities\":[\"FARGATE\"]", null,
            "requiresCompatibilities[0]", "use [\"EXTERNAL\"]"),
        new Refusal("misspelt field", null, "\"imagePullPolicy\":\"always\"",
            "containerDefinitions[0].imagePullPolicy", "unknown field"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refusals")
  void refusedFieldOrValue_gets400NamingItsPathAndReason(Refusal c) {
    given().contentType("application/json").body(c.body()).post("/api/v1/task-definitions")
        .then().statusCode(400)
        .body("error", equalTo("invalid_request"))
        .body("violations", hasSize(1))
        .body("violations[0].path", equalTo(c.path()))
        .body("violations[0].reason", containsString(c.reason()));
  }

  @Test
  void acceptedNoEffectFields_roundTripThroughTheApi() {
    String td = """
        {"family":"roundtrip","requiresCompatibilities":["EXTERNAL"],
         "taskRoleArn":"arn:aws:iam::123456789012:role/pos",
         "executionRoleArn":"arn:aws:iam::123456789012:role/ecsTaskExecutionRole",
         "tags":[{"key":"team","value":"stores"}],
         "containerDefinitions":[{"name":"main","image":"nginx:1.27","memory":64,
           "secrets":[]}]}""";
    int revision = given().contentType("application/json").body(td)
        .post("/api/v1/task-definitions").then().statusCode(201).extract().path("revision");

    given().get("/api/v1/task-definitions/roundtrip:" + revision).then().statusCode(200)
        .body("requiresCompatibilities", equalTo(List.of("EXTERNAL")))
        .body("taskRoleArn", equalTo("arn:aws:iam::123456789012:role/pos"))
        .body("executionRoleArn", equalTo("arn:aws:iam::123456789012:role/ecsTaskExecutionRole"))
        .body("tags", equalTo(List.of(Map.of("key", "team", "value", "stores"))))
        // an empty refused list is a no-op and not stored (docs/ecs-task-definitions.md)
        .body("containerDefinitions[0].secrets", nullValue());
  }
}
