package dev.backroom.hub.compose;

import static dev.backroom.hub.auth.AuthTesting.as;
import static dev.backroom.hub.auth.AuthTesting.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backroom.hub.auth.AuthTesting;
import dev.backroom.hub.web.Roles;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** POST/GET/DELETE /api/v1/compose on the app's own H2: what an up writes, what it refuses. */
@QuarkusTest
class ComposeResourceTest {
  /** web depends on db (one task), worker stands alone; interpolation and an env file. */
  static final String FILE = """
      services:
        web:
          image: backroom/busybox:1
          command: ["sleep", "3600"]
          environment:
            GREETING: ${GREETING:-hello}
          env_file: ./web.env
          depends_on: [db]
          mem_limit: 32m
          network_mode: host
        db:
          image: backroom/busybox:1
          command: sleep 3600
          mem_limit: 32m
          network_mode: host
        worker:
          image: backroom/busybox:1
          command: sleep ${NAP:-60}
          mem_limit: 16m
      """;

  static io.restassured.specification.RequestSpecification multipart(String yaml,
      Map<String, String> parts) {
    var r = given().multiPart("compose", yaml);
    for (var e : parts.entrySet()) {
      r = r.multiPart(e.getKey(), e.getValue());
    }
    return r;
  }

  static byte[] b(String text) {
    return text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }

  static List<String> taskDefinitions() {
    return given().get("/api/v1/task-definitions").then().statusCode(200).extract().jsonPath()
        .getList("", Map.class).stream()
        .map(m -> m.get("family") + ":" + m.get("revision") + "/" + m.get("status"))
        .sorted().toList();
  }

  static List<String> services() {
    return given().get("/api/v1/services").then().statusCode(200).extract().jsonPath()
        .getList("serviceName");
  }

  static JsonPath task(String family) {
    return given().get("/api/v1/task-definitions/" + family).then().statusCode(200).extract()
        .jsonPath();
  }

  @Test
  void up_registersEveryTaskAndService_withEnvFileAndVariables_thenDownRemovesThem() {
    JsonPath up = multipart(FILE, Map.of("./web.env", "FROM_FILE=yes\n",
        "environment", "{\"GREETING\":\"hi there\"}"))
        .post("/api/v1/compose?project=shop").then().statusCode(200).extract().jsonPath();
    assertEquals("shop", up.getString("project"));
    assertEquals(List.of("shop-web", "shop-worker"), up.getList("services"));
    assertEquals(List.of("shop-web:1", "shop-worker:1"), up.getList("taskDefinitions"));
    assertEquals(List.of("shop-web:1", "shop-worker:1"), up.getList("registered"));

    JsonPath web = task("shop-web");
    assertEquals(List.of("db", "web"), web.getList("containerDefinitions.name"),
        "web and the db it depends on share one task, db first");
    String env = web.getString("containerDefinitions.environment");
    assertTrue(env.contains("GREETING") && env.contains("hi there"), env);
    assertTrue(env.contains("FROM_FILE"), env);
    assertTrue(task("shop-worker").getString("containerDefinitions[0].command")
        .contains("60"), "${NAP:-60} took its default");
    given().get("/api/v1/services/shop-web").then().statusCode(200)
        .body("taskDefinition", equalTo("shop-web:1"));

    given().get("/api/v1/compose").then().statusCode(200).body("project", hasItem("shop"));
    given().get("/api/v1/compose/shop").then().statusCode(200)
        .body("services.serviceName", equalTo(List.of("shop-web", "shop-worker")))
        .body("services.find { it.serviceName == 'shop-web' }.composeServices",
            equalTo(List.of("db", "web")));

    given().delete("/api/v1/compose/shop").then().statusCode(200)
        .body("removedServices", equalTo(List.of("shop-web", "shop-worker")))
        .body("deregisteredTaskDefinitions", equalTo(List.of("shop-web:1", "shop-worker:1")));
    assertTrue(services().stream().noneMatch(s -> s.startsWith("shop-")), services().toString());
    given().get("/api/v1/compose/shop").then().statusCode(404).body("error", equalTo("not_found"));
    given().delete("/api/v1/compose/shop").then().statusCode(404);
    assertTrue(taskDefinitions().contains("shop-web:1/INACTIVE"), taskDefinitions().toString());
  }

  @Test
  void secondUp_updatesServices_andRegistersOnlyWhatChanged_andRemovesWhatTheFileDropped() {
    multipart(FILE, Map.of("./web.env", "A=1\n")).post("/api/v1/compose?project=again")
        .then().statusCode(200);
    JsonPath same = multipart(FILE, Map.of("./web.env", "A=1\n"))
        .post("/api/v1/compose?project=again").then().statusCode(200).extract().jsonPath();
    assertEquals(List.of(), same.getList("registered"), "an unchanged file registers nothing");
    assertEquals(List.of("again-web:1", "again-worker:1"), same.getList("taskDefinitions"));

    String changed = FILE.replace("sleep ${NAP:-60}", "sleep 61").replaceAll(
        "(?s)  web:.*?network_mode: host\n  db:.*?network_mode: host\n", "");
    JsonPath second = given().contentType("application/yaml").body(b(changed))
        .post("/api/v1/compose?project=again").then().statusCode(200).extract().jsonPath();
    assertEquals(List.of("again-worker:2"), second.getList("registered"));
    assertEquals(List.of("again-web"), second.getList("removedServices"));
    given().get("/api/v1/services/again-worker").then().statusCode(200)
        .body("taskDefinition", equalTo("again-worker:2"));
    given().get("/api/v1/services/again-web").then().statusCode(404);
    given().delete("/api/v1/compose/again").then().statusCode(200);
  }

  @Test
  void dryRun_convertsAndChangesNothing() {
    List<String> tds = taskDefinitions();
    given().contentType("text/yaml").body(b(FILE.replace("    env_file: ./web.env\n", "")))
        .post("/api/v1/compose?project=dry&dryRun=true").then().statusCode(200)
        .body("dryRun", equalTo(true))
        .body("taskDefinitions", equalTo(List.of("dry-web:1", "dry-worker:1")));
    assertEquals(tds, taskDefinitions());
    assertTrue(services().stream().noneMatch(s -> s.startsWith("dry-")));
    given().get("/api/v1/compose/dry").then().statusCode(404);
  }

  @Test
  void refusedFile_listsEveryRefusal_andChangesNothing() {
    List<String> tds = taskDefinitions();
    List<String> svcs = services();
    String bad = """
        services:
          ok:
            image: backroom/busybox:1
            mem_limit: 16m
          web:
            image: backroom/busybox:1
            build: .
            mem_limit: 16m
            env_file: ./missing.env
          db:
            image: backroom/busybox:1
            container_name: db
            mem_limit: 16m
        """;
    JsonPath r = given().contentType("application/x-yaml").body(b(bad))
        .post("/api/v1/compose?project=bad").then().statusCode(400)
        .body("error", equalTo("invalid_request"))
        .body("message", containsString("nothing was changed")).extract().jsonPath();
    List<Map<String, String>> v = r.getList("violations");
    assertTrue(v.stream().anyMatch(x -> "web".equals(x.get("service"))
        && "services.web.build".equals(x.get("path"))), v.toString());
    assertTrue(v.stream().anyMatch(x -> "web".equals(x.get("service"))
        && x.get("path").startsWith("services.web.env_file")), v.toString());
    assertTrue(v.stream().anyMatch(x -> "db".equals(x.get("service"))
        && "services.db.container_name".equals(x.get("path"))), v.toString());
    assertTrue(v.stream().allMatch(x -> x.get("reason") != null && !x.get("reason").isBlank()));
    assertEquals(tds, taskDefinitions(), "a refused file registers nothing");
    assertEquals(svcs, services(), "a refused file creates no service");
    given().get("/api/v1/compose/bad").then().statusCode(404);
  }

  @Test
  void aServiceNotOwnedByTheProject_isAConflict_andNothingIsWritten() {
    given().contentType("application/json").body("""
        {"family":"own-worker","containerDefinitions":[{"name":"w","image":"backroom/busybox:1",
         "memory":16}]}""").post("/api/v1/task-definitions").then().statusCode(201);
    List<String> tds = taskDefinitions();
    given().contentType("application/yaml").body(b(FILE.replace("    env_file: ./web.env\n", "")))
        .post("/api/v1/compose?project=own").then().statusCode(409)
        .body("error", equalTo("conflict"))
        .body("violations.path", equalTo(List.of("taskDefinitions[own-worker]")))
        .body("violations.service", equalTo(List.of("worker")));
    assertEquals(tds, taskDefinitions());
    assertTrue(services().stream().noneMatch(s -> s.startsWith("own-")));
  }

  @Test
  void badRequests_areRefusedWithTheHubsErrorBody() {
    given().contentType("application/json").body("{}").post("/api/v1/compose?project=x")
        .then().statusCode(415).body("error", equalTo("unsupported_media_type"))
        .body("message", containsString("application/yaml"));
    given().contentType("application/yaml").body(b(FILE)).post("/api/v1/compose")
        .then().statusCode(400).body("violations.path", equalTo(List.of("project")));
    given().contentType("application/yaml").body(b(FILE))
        .post("/api/v1/compose?project=x&dryRun=maybe").then().statusCode(400)
        .body("violations.path", equalTo(List.of("dryRun")));
    given().multiPart("environment", "{\"A\":1}").post("/api/v1/compose?project=x")
        .then().statusCode(400).body("violations.path", hasItem("(part environment).A"))
        .body("violations.path", hasItem("(part compose)"));
    given().contentType("application/yaml").body(b("services:\n  a: [\n"))
        .post("/api/v1/compose?project=x").then().statusCode(400)
        .body("violations.size()", equalTo(1));
  }

  @Test
  void oversizedBody_is413() {
    String big = "# " + "x".repeat(1024 * 1024 + 10) + "\n" + FILE;
    given().contentType("application/yaml").body(b(big)).post("/api/v1/compose?project=big")
        .then().statusCode(413).body("error", equalTo("body_too_large"));
    given().get("/api/v1/compose/big").then().statusCode(404);
  }

  @Test
  void viewerMayList_butNotUpOrDown() {
    String viewer = AuthTesting.tokenFor("compose-viewer", Roles.VIEWER);
    as(viewer).contentType("application/yaml").body(b(FILE)).post("/api/v1/compose?project=v")
        .then().statusCode(403).body("error", equalTo("forbidden"));
    as(viewer).delete("/api/v1/compose/v").then().statusCode(403);
    as(viewer).get("/api/v1/compose").then().statusCode(200)
        .body("project", not(hasItem("v")));
  }
}
