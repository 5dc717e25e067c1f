package dev.backroom.hub.ecs;

import static dev.backroom.hub.auth.AuthTesting.given;
import static dev.backroom.hub.ecs.EcsEndpointTest.assertRefused;
import static dev.backroom.hub.ecs.EcsTesting.call;
import static dev.backroom.hub.ecs.EcsTesting.cli;
import static dev.backroom.hub.ecs.EcsTesting.key;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.backroom.hub.ecs.EcsTesting.Answer;
import dev.backroom.hub.ecs.EcsTesting.CliResult;
import dev.backroom.hub.ecs.EcsTesting.Key;
import dev.backroom.hub.web.Roles;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The service operations through the real AWS CLI (happy paths, shapes it validates) and
 * requests signed by the SDK's signer (refusals). The hub has no devices here; the rollout with
 * a device and the real {@code services-stable} waiter are in {@link ServiceRolloutTest}.
 */
@QuarkusTest
class ServiceOperationsTest {
  private static final String ARN = "arn:aws:ecs:us-east-1:000000000000:";
  private final String run = UUID.randomUUID().toString().substring(0, 8);
  private Key operator;

  @BeforeEach
  void operatorKey() {
    operator = key(Roles.OPERATOR);
  }

  /** Registers {@code count} revisions of a family through the REST API; returns its name. */
  static String family(String name, int count) {
    for (int i = 0; i < count; i++) {
      given().contentType("application/json").body("""
          {"family":"%s","networkMode":"none","containerDefinitions":[{"name":"main",
           "image":"backroom/busybox:1","memory":16,"command":["sleep","%d"]}]}"""
          .formatted(name, 1000 + i)).post("/api/v1/task-definitions").then().statusCode(201);
    }
    return name;
  }

  @Test
  void createDescribeUpdateListDelete_throughTheCli() {
    String fam = family("svc-" + run, 2);
    String name = "web-" + run;
    CliResult created = cli(operator, "create-service", "--service-name", name,
        "--task-definition", fam, "--desired-count", "2", "--launch-type", "EXTERNAL",
        // memberOf matches no device: devices other tests left in this hub get no task, so
        // nothing runs and the delete below has nothing to drain.
        "--placement-constraints", "type=distinctInstance",
        "type=memberOf,expression=attribute:ecs-none == " + run,
        "--placement-strategy", "type=spread,field=attribute:zone",
        "--deployment-configuration", "maximumPercent=150,minimumHealthyPercent=50,"
            + "deploymentCircuitBreaker={enable=true,rollback=false}",
        "--tags", "key=team,value=tills", "--client-token", "tok-" + run);
    assertEquals(0, created.exit(), created.err());
    JsonNode s = created.json().path("service");
    String arn = ARN + "service/default/" + name;
    assertEquals(arn, s.path("serviceArn").asText());
    assertEquals(ARN + "cluster/default", s.path("clusterArn").asText());
    assertEquals("ACTIVE", s.path("status").asText());
    assertEquals(2, s.path("desiredCount").asInt());
    assertEquals("EXTERNAL", s.path("launchType").asText());
    assertEquals("REPLICA", s.path("schedulingStrategy").asText());
    assertEquals(ARN + "task-definition/" + fam + ":2", s.path("taskDefinition").asText(),
        "a family names its latest ACTIVE revision");
    assertEquals(150, s.path("deploymentConfiguration").path("maximumPercent").asInt());
    assertFalse(s.path("deploymentConfiguration").path("deploymentCircuitBreaker")
        .path("rollback").asBoolean(true));
    assertEquals("distinctInstance", s.path("placementConstraints").path(0).path("type").asText());
    assertEquals("attribute:zone", s.path("placementStrategy").path(0).path("field").asText());
    assertEquals("pipeline:" + operator.id(), s.path("createdBy").asText());

    // The pass starts the first deployment; the CLI checks the timestamps' shape.
    await().atMost(Duration.ofSeconds(30)).until(() -> describe(name).path("deployments")
        .size() == 1);
    JsonNode d = cli(operator, "describe-services", "--services", arn, "--include", "TAGS")
        .json().path("services").path(0);
    JsonNode dep = d.path("deployments").path(0);
    assertTrue(dep.path("id").asText().startsWith("dep-"), dep.toString());
    assertEquals("PRIMARY", dep.path("status").asText());
    assertEquals(ARN + "task-definition/" + fam + ":2", dep.path("taskDefinition").asText());
    assertEquals(2, dep.path("desiredCount").asInt());
    assertEquals(0, dep.path("runningCount").asInt(), "no device matches its memberOf");
    assertEquals("IN_PROGRESS", dep.path("rolloutState").asText());
    assertTrue(dep.path("createdAt").isNumber() && dep.path("updatedAt").isNumber(), dep.toString());
    assertEquals(0, d.path("runningCount").asInt());
    assertEquals("tills", d.path("tags").path(0).path("value").asText());
    JsonNode events = d.path("events");
    assertTrue(events.size() >= 2, events.toString());
    assertTrue(events.path(events.size() - 1).path("message").asText()
        .startsWith("service " + name + " created"), events.toString());
    assertTrue(events.path(0).path("createdAt").asDouble()
        >= events.path(events.size() - 1).path("createdAt").asDouble(), "newest first");

    CliResult updated = cli(operator, "update-service", "--service", name, "--task-definition",
        fam + ":1", "--desired-count", "3", "--health-check-grace-period-seconds", "5");
    assertEquals(0, updated.exit(), updated.err());
    assertEquals(ARN + "task-definition/" + fam + ":1",
        updated.json().path("service").path("taskDefinition").asText());
    assertEquals(3, updated.json().path("service").path("desiredCount").asInt());
    assertEquals(150, updated.json().path("service").path("deploymentConfiguration")
        .path("maximumPercent").asInt(), "what the update does not name stays");
    assertEquals(5, updated.json().path("service").path("healthCheckGracePeriodSeconds").asInt());
    given().get("/api/v1/services/" + name).then().statusCode(200);

    List<String> listed = new ArrayList<>();
    cli(operator, "list-services", "--launch-type", "EXTERNAL").json().path("serviceArns")
        .forEach(a -> listed.add(a.asText()));
    assertTrue(listed.contains(arn), listed.toString());
    assertFalse(cli(operator, "list-services", "--scheduling-strategy", "DAEMON").out()
        .contains(arn));
    assertEquals(0, cli(operator, "list-services", "--launch-type", "FARGATE").json()
        .path("serviceArns").size());

    CliResult refused = cli(operator, "delete-service", "--service", name);
    assertNotEquals(0, refused.exit());
    assertTrue(refused.err().contains("InvalidParameterException") && refused.err()
        .contains("The service cannot be stopped while it is scaled above 0."), refused.err());
    CliResult deleted = cli(operator, "delete-service", "--service", arn, "--force");
    assertEquals(0, deleted.exit(), deleted.err());
    assertEquals("DRAINING", deleted.json().path("service").path("status").asText());
    given().get("/api/v1/services/" + name).then().statusCode(404);
    // No task ever ran (memberOf above): nothing to drain, so at once INACTIVE, as
    // services-inactive waits for.
    assertEquals("INACTIVE", describe(name).path("status").asText());
    assertFalse(cli(operator, "list-services").out().contains(arn));
  }

  @Test
  void describingAMissingService_isAFailure_notAnError() {
    CliResult r = cli(operator, "describe-services", "--services", "nope-" + run);
    assertEquals(0, r.exit(), r.err());
    assertEquals(0, r.json().path("services").size());
    assertEquals("MISSING", r.json().path("failures").path(0).path("reason").asText());
    assertEquals(ARN + "service/default/nope-" + run,
        r.json().path("failures").path(0).path("arn").asText());
  }

  @Test
  void aClientToken_makesCreateIdempotent() {
    String fam = family("tok-" + run, 1);
    String body = "{\"serviceName\":\"t-" + run + "\",\"taskDefinition\":\"" + fam
        + "\",\"desiredCount\":0,\"clientToken\":\"c-" + run + "\"}";
    Answer first = call(operator, "CreateService", body);
    assertEquals(200, first.status(), first.body());
    // Signed a second apart: an identical signature would be refused as a replay.
    Answer again = call(operator, "CreateService", body, Instant.now().minusSeconds(2));
    assertEquals(200, again.status(), again.body());
    assertEquals(first.json().path("service").path("serviceArn"),
        again.json().path("service").path("serviceArn"));
    Answer other = call(operator, "CreateService", body.replace("\"desiredCount\":0",
        "\"desiredCount\":1"));
    assertRefused(other, 400, "InvalidParameterException");
    assertTrue(other.json().path("message").asText().contains("clientToken"), other.body());
    Answer noToken = call(operator, "CreateService", body.replace(",\"clientToken\":\"c-" + run
        + "\"", ""));
    assertRefused(noToken, 400, "InvalidParameterException");
    assertTrue(noToken.json().path("message").asText().contains("not idempotent"), noToken.body());
  }

  @Test
  void afterDelete_anUpdateIsNotActive_andDeleteWithoutForceSaysWhy() {
    String fam = family("gone-" + run, 1);
    String name = "g-" + run;
    assertEquals(200, call(operator, "CreateService", "{\"serviceName\":\"" + name
        + "\",\"taskDefinition\":\"" + fam + "\",\"desiredCount\":1}").status());
    Answer refused = call(operator, "DeleteService", "{\"service\":\"" + name + "\"}");
    assertRefused(refused, 400, "InvalidParameterException");
    assertEquals(ServiceOperations.NOT_SCALED_DOWN, refused.json().path("message").asText());
    assertEquals(200, call(operator, "UpdateService", "{\"service\":\"" + name
        + "\",\"desiredCount\":0}").status());
    assertEquals(200, call(operator, "DeleteService", "{\"service\":\"" + name + "\"}",
        Instant.now().minusSeconds(2)).status(), "scaled to 0, no force is needed");
    assertRefused(call(operator, "UpdateService", "{\"service\":\"" + name
        + "\",\"desiredCount\":1}"), 400, "ServiceNotActiveException");
  }

  /** A signed request the hub refuses, and what the refusal must say. */
  record Case(String name, String operation, String body, String shape, String says) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> refusals() {
    String create = "{\"serviceName\":\"r\",\"taskDefinition\":\"nope\",\"desiredCount\":1,";
    return Stream.of(
        new Case("a load balancer", "CreateService", create + "\"loadBalancers\":[{\"targetGroupArn\":"
            + "\"arn:aws:elasticloadbalancing:us-east-1:1:tg/x\"}]}", "InvalidParameterException",
            "loadBalancers is not served"),
        new Case("awsvpc networking", "CreateService", create + "\"networkConfiguration\":"
            + "{\"awsvpcConfiguration\":{\"subnets\":[\"s\"]}}}", "InvalidParameterException",
            "networkConfiguration is not served"),
        new Case("a Fargate launch type", "CreateService", create + "\"launchType\":\"FARGATE\"}",
            "InvalidParameterException", "launchType FARGATE is not served"),
        new Case("a capacity provider", "CreateService", create + "\"capacityProviderStrategy\":"
            + "[{\"capacityProvider\":\"FARGATE\"}]}", "InvalidParameterException",
            "capacityProviderStrategy is not served"),
        new Case("blue/green", "CreateService", create + "\"deploymentConfiguration\":"
            + "{\"strategy\":\"BLUE_GREEN\"}}", "InvalidParameterException",
            "deploymentConfiguration.strategy is not served"),
        new Case("an unknown nested field", "CreateService", create.replace("\"nope\"",
            "\"x\"") + "\"placementConstraints\":[{\"type\":\"memberOf\",\"expresion\":\"a\"}]}",
            "InvalidParameterException", "placementConstraints[0].expresion"),
        new Case("the random strategy", "CreateService", create + "\"placementStrategy\":"
            + "[{\"type\":\"random\"}]}", "InvalidParameterException", "placementStrategy[0].type"),
        new Case("an unregistered task definition", "CreateService", "{\"serviceName\":\"r\","
            + "\"taskDefinition\":\"no-such-family\",\"desiredCount\":1}",
            "InvalidParameterException", "no registered task definition no-such-family"),
        new Case("another cluster", "CreateService", create + "\"cluster\":\"elsewhere\"}",
            "ClusterNotFoundException", "Cluster not found."),
        new Case("an unknown service", "UpdateService", "{\"service\":\"no-such\"}",
            "ServiceNotFoundException", "Service not found."),
        new Case("a service ARN of another cluster", "UpdateService", "{\"service\":\"" + ARN
            + "service/elsewhere/web\"}", "ClusterNotFoundException", "Cluster not found."),
        new Case("delete of an unknown service", "DeleteService", "{\"service\":\"no-such\"}",
            "ServiceNotFoundException", "Service not found."),
        new Case("eleven services", "DescribeServices", "{\"services\":[" + String.join(",",
            Collections.nCopies(11, "\"a\"")) + "]}", "InvalidParameterException",
            "1 to 10 services"),
        new Case("an include other than TAGS", "DescribeServices", "{\"services\":[\"a\"],"
            + "\"include\":[\"X\"]}", "InvalidParameterException", "only TAGS"),
        new Case("a launch type that is no launch type", "ListServices", "{\"launchType\":\"X\"}",
            "InvalidParameterException", "launchType must be"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refusals")
  void refused(Case c) {
    Answer a = call(operator, c.operation(), c.body());
    assertRefused(a, 400, c.shape());
    assertTrue(a.json().path("message").asText().contains(c.says()), a.body());
  }

  private JsonNode describe(String name) {
    return call(operator, "DescribeServices", "{\"services\":[\"" + name + "\"]}").json()
        .path("services").path(0);
  }
}
