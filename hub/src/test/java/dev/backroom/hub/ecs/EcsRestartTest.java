package dev.backroom.hub.ecs;

import static dev.backroom.hub.auth.AuthTesting.given;
import static dev.backroom.hub.ecs.EcsEndpointTest.assertRefused;
import static dev.backroom.hub.ecs.EcsTesting.call;
import static dev.backroom.hub.ecs.EcsTesting.cli;
import static dev.backroom.hub.ecs.EcsTesting.key;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.backroom.ecs.wire.EcsError;
import dev.backroom.ecs.wire.EcsJson;
import dev.backroom.hub.devices.DeviceRegistry;
import dev.backroom.hub.ecs.EcsTesting.Answer;
import dev.backroom.hub.ecs.EcsTesting.CliResult;
import dev.backroom.hub.ecs.EcsTesting.Key;
import dev.backroom.hub.store.DeletedServiceStore;
import dev.backroom.hub.web.Roles;
import dev.backroom.jdbc.Jdbc;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What a pipeline relies on across a hub restart: CreateService's and RunTask's client tokens,
 * and deleted services described INACTIVE. A @QuarkusTest cannot restart its hub, so a restart
 * is shown in the two ways it could be told apart: (1) a fresh instance of the class that holds
 * the state ({@link CreateTokens}, {@link DeletedServiceStore}), built here over the same H2
 * with nothing of the running one, answers as the running hub does; (2) changing only the H2 row
 * (its time, moved past the retention bound) changes the hub's answer, so the answer comes from
 * H2 and not from a copy in memory.
 */
@QuarkusTest
class EcsRestartTest {
  private static final String ARN = "arn:aws:ecs:us-east-1:000000000000:";

  @Inject Jdbc jdbc;
  @Inject DeviceRegistry registry;

  private final String run = UUID.randomUUID().toString().substring(0, 8);
  private Key operator;

  @BeforeEach
  void operatorKey() {
    operator = key(Roles.OPERATOR);
  }

  @Test
  void aCreateToken_isAnsweredFromH2_andExpiresAfterADay() {
    String fam = ServiceOperationsTest.family("rtok-" + run, 1);
    String name = "rt-" + run;
    String token = "ct-" + run;
    CliResult created = cli(operator, "create-service", "--service-name", name,
        "--task-definition", fam, "--desired-count", "0", "--client-token", token);
    assertEquals(0, created.exit(), created.err());
    CliResult retried = cli(operator, "create-service", "--service-name", name,
        "--task-definition", fam, "--desired-count", "0", "--client-token", token);
    assertEquals(0, retried.exit(), "the CLI's retry is answered, not refused: " + retried.err());
    assertEquals(ARN + "service/default/" + name,
        retried.json().path("service").path("serviceArn").asText());

    // A restarted hub's CreateTokens: a new instance over the same H2.
    CreateTokens restarted = new CreateTokens();
    restarted.jdbc = jdbc;
    JsonNode sameRequest = read("{\"serviceName\":\"" + name + "\",\"taskDefinition\":\"" + fam
        + "\",\"desiredCount\":0}");
    assertEquals(name, restarted.seen(token, sameRequest, Instant.now()).orElseThrow());
    EcsError other = assertThrows(EcsError.class, () -> restarted.seen(token,
        read("{\"serviceName\":\"" + name + "\",\"desiredCount\":5}"), Instant.now()));
    assertTrue(other.getMessage().contains("other parameters (service " + name + ")"),
        other.getMessage());

    // Past 24 hours the token is a new one: the create is refused on the name, as without it.
    jdbc.update("update ecs_create_tokens set created_at = ? where client_token = ?",
        Instant.now().minus(Duration.ofHours(25)), token);
    CliResult late = cli(operator, "create-service", "--service-name", name,
        "--task-definition", fam, "--desired-count", "0", "--client-token", token);
    assertNotEquals(0, late.exit());
    assertTrue(late.err().contains("not idempotent"), late.err());
  }

  @Test
  void aRunTaskToken_isAnsweredFromH2_for24Hours() {
    String fam = "rrun-" + run;
    given().contentType("application/json").body("""
        {"family":"%s","networkMode":"host","containerDefinitions":[{"name":"main",
         "image":"backroom/busybox:1","memory":32,"command":["sleep","600"]}]}"""
        .formatted(fam)).post("/api/v1/task-definitions").then().statusCode(201);
    try (EcsTestDevices devices = new EcsTestDevices(registry)) {
      String device = devices.add("rrun-" + run, Map.of("ecstask", "rrun-" + run));
      String body = "{\"taskDefinition\":\"" + fam + "\",\"clientToken\":\"rt-" + run + "\","
          + "\"placementConstraints\":[{\"type\":\"memberOf\",\"expression\":"
          + "\"attribute:ecstask == " + device + "\"}]}";
      Answer first = call(operator, "RunTask", body);
      assertEquals(200, first.status(), first.body());
      String task = first.json().at("/tasks/0/taskArn").asText();
      assertTrue(task.startsWith(ARN + "task/default/run-"), first.body());

      // The token's only record is its tasks' rows: 23 hours old, it still names them...
      age("standalone_tasks", "created_at", "client_token", "rt-" + run, Duration.ofHours(23));
      Answer again = call(operator, "RunTask", body, Instant.now().minusSeconds(2));
      assertEquals(task, again.json().at("/tasks/0/taskArn").asText(), again.body());
      // ...25 hours old it is a new token, and starts a new task.
      age("standalone_tasks", "created_at", "client_token", "rt-" + run, Duration.ofHours(25));
      Answer late = call(operator, "RunTask", body, Instant.now().minusSeconds(4));
      assertEquals(200, late.status(), late.body());
      assertEquals(1, late.json().at("/tasks").size(), late.body());
      assertNotEquals(task, late.json().at("/tasks/0/taskArn").asText(), late.body());
    }
  }

  @Test
  void aServiceDeletedThroughRest_isInactive_untilCreatedAgain() {
    String fam = ServiceOperationsTest.family("rdel-" + run, 2);
    String name = "rd-" + run;
    String arn = ARN + "service/default/" + name;
    CliResult created = cli(operator, "create-service", "--service-name", name,
        "--task-definition", fam + ":1", "--desired-count", "0", "--tags", "key=k,value=v");
    assertEquals(0, created.exit(), created.err());
    given().delete("/api/v1/services/" + name).then().statusCode(204);

    CliResult described = cli(operator, "describe-services", "--services", name);
    assertEquals(0, described.exit(), described.err());
    JsonNode s = described.json().path("services").path(0);
    assertEquals("INACTIVE", s.path("status").asText(), described.out());
    assertEquals(arn, s.path("serviceArn").asText());
    assertEquals(ARN + "task-definition/" + fam + ":1", s.path("taskDefinition").asText());
    assertEquals(0, described.json().path("failures").size(), described.out());
    assertRefused(call(operator, "UpdateService", "{\"service\":\"" + name
        + "\",\"desiredCount\":1}"), 400, "ServiceNotActiveException");
    // A restarted hub's DeletedServiceStore: a new instance over the same H2.
    assertEquals(fam, new DeletedServiceStore(jdbc).find(name, Instant.now()).orElseThrow()
        .service().taskFamily());

    // Created again (through REST): ACTIVE, on its new revision, without the old tags.
    given().contentType("application/json").body("{\"serviceName\":\"" + name
        + "\",\"taskDefinition\":\"" + fam + ":2\",\"desiredCount\":0}")
        .post("/api/v1/services").then().statusCode(201);
    JsonNode again = cli(operator, "describe-services", "--services", name, "--include", "TAGS")
        .json().path("services").path(0);
    assertEquals("ACTIVE", again.path("status").asText(), again.toString());
    assertEquals(0, again.path("tags").size(), again.toString());
    assertTrue(new DeletedServiceStore(jdbc).find(name, Instant.now()).isEmpty(),
        "the new service replaced the INACTIVE record");

    // Deleted again through ECS: INACTIVE on the revision it last had; an hour on, MISSING.
    assertEquals(0, cli(operator, "delete-service", "--service", name).exit());
    JsonNode gone = cli(operator, "describe-services", "--services", name).json();
    assertEquals("INACTIVE", gone.at("/services/0/status").asText(), gone.toString());
    assertEquals(ARN + "task-definition/" + fam + ":2", gone.at("/services/0/taskDefinition")
        .asText());
    age("deleted_services", "deleted_at", "service_name", name, Duration.ofMinutes(61));
    JsonNode missing = cli(operator, "describe-services", "--services", name).json();
    assertEquals("MISSING", missing.at("/failures/0/reason").asText(), missing.toString());
    assertEquals(arn, missing.at("/failures/0/arn").asText());
  }

  /** Moves the rows' time {@code by} into the past: what a restart long after would find. */
  private void age(String table, String column, String keyColumn, String key, Duration by) {
    int rows = jdbc.update("update " + table + " set " + column + " = ? where " + keyColumn
        + " = ?", Instant.now().minus(by), key);
    assertTrue(rows > 0, "no row of " + table + " for " + key);
  }

  /** A request body as the endpoint reads it. */
  private static JsonNode read(String json) {
    return EcsJson.readRequest(json.getBytes(StandardCharsets.UTF_8));
  }
}
