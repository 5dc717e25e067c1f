package dev.backroom.hub.ecs;

import static dev.backroom.hub.auth.AuthTesting.as;
import static dev.backroom.hub.ecs.EcsTesting.call;
import static dev.backroom.hub.ecs.EcsTesting.cli;
import static dev.backroom.hub.ecs.EcsTesting.key;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.backroom.hub.auth.AuthTesting;
import dev.backroom.hub.ecs.EcsTesting.Answer;
import dev.backroom.hub.ecs.EcsTesting.CliResult;
import dev.backroom.hub.ecs.EcsTesting.Key;
import dev.backroom.hub.web.Roles;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The task-definition operations at {@code /ecs}: the real AWS CLI for what a pipeline does
 * (register from a --cli-input-json file, describe, list with paging, deregister), signed calls
 * for refusals. Families are unique to each test: the app and its database are shared.
 */
@QuarkusTest
class TaskDefinitionOperationsTest {
  static final String ARN = "arn:aws:ecs:us-east-1:000000000000:task-definition/";
  static final AtomicInteger SLEEP = new AtomicInteger(60);

  @Test
  void theCli_registersARealisticFile_andTheRestApiSeesTheSameRevision() throws Exception {
    Key k = key(Roles.OPERATOR);
    CliResult reg = cli(k, "register-task-definition", "--cli-input-json", "file://" + tdFile());
    assertEquals(0, reg.exit(), reg.err());
    JsonNode td = reg.json().get("taskDefinition");
    int revision = td.get("revision").asInt();
    assertEquals(ARN + "ecs-td-web:" + revision, td.get("taskDefinitionArn").asText());
    assertEquals("ecs-td-web", td.get("family").asText());
    assertEquals("ACTIVE", td.get("status").asText());
    assertEquals("host", td.get("networkMode").asText());
    assertEquals("256", td.get("cpu").asText());
    assertEquals("512", td.get("memory").asText());
    assertEquals("[\"EXTERNAL\"]", td.get("compatibilities").toString());
    assertEquals("[\"EXTERNAL\"]", td.get("requiresCompatibilities").toString());
    assertEquals("pipeline:" + k.id(), td.get("registeredBy").asText());
    // epoch seconds, which the CLI parses as a timestamp (and prints as it came)
    double registeredAt = td.get("registeredAt").asDouble();
    assertTrue(Math.abs(registeredAt - Instant.now().getEpochSecond()) < 120, td.toString());
    JsonNode web = td.at("/containerDefinitions/0");
    assertEquals("backroom/busybox:1", web.get("image").asText());
    assertEquals(8080, web.at("/portMappings/0/containerPort").asInt());
    assertEquals("CMD-SHELL", web.at("/healthCheck/command/0").asText());
    assertEquals("json-file", web.at("/logConfiguration/logDriver").asText());
    assertEquals("edge", web.at("/environment/0/value").asText());
    assertFalse(td.has("tags"), "tags answer beside the definition, never inside");
    assertEquals("team", reg.json().at("/tags/0/key").asText());

    JsonPath rest = as(AuthTesting.tokenFor("td-viewer", Roles.VIEWER))
        .get("/api/v1/task-definitions/ecs-td-web:" + revision)
        .then().statusCode(200).extract().jsonPath();
    assertEquals("ACTIVE", rest.getString("status"));
    assertEquals("backroom/busybox:1", rest.getString("containerDefinitions[0].image"));
    assertEquals("pipeline:" + k.id(), rest.getString("registeredBy"));
    List<String> actors = as(AuthTesting.tokenFor("td-viewer", Roles.VIEWER))
        .queryParam("kind", "task-definition-registered").get("/api/v1/events")
        .then().statusCode(200).extract().jsonPath().getList("actor", String.class);
    assertTrue(actors.contains("pipeline:" + k.id()), actors.toString());

    CliResult described = cli(k, "describe-task-definition", "--task-definition",
        "ecs-td-web:" + revision, "--include", "TAGS");
    assertEquals(0, described.exit(), described.err());
    assertEquals(revision, described.json().at("/taskDefinition/revision").asInt());
    assertEquals("[{\"key\":\"pipeline\",\"value\":\"gitlab\"},{\"key\":\"team\",\"value\":"
        + "\"checkout\"}]", described.json().get("tags").toString());
    CliResult untagged = cli(k, "describe-task-definition", "--task-definition",
        ARN + "ecs-td-web:" + revision);
    assertEquals(0, untagged.exit(), untagged.err());
    assertFalse(untagged.json().has("tags"), untagged.out());
  }

  @Test
  void deregister_makesTheRevisionInactive_andTheFamilyMeansTheLatestActiveOne() {
    Key k = key(Roles.OPERATOR);
    register(k, "ecs-td-dereg");
    int second = register(k, "ecs-td-dereg");
    CliResult bare = cli(k, "deregister-task-definition", "--task-definition", "ecs-td-dereg");
    assertTrue(bare.exit() == 254 || bare.exit() == 255, "exit " + bare.exit());
    assertTrue(bare.err().contains("ClientException"), bare.err());

    CliResult dereg = cli(k, "deregister-task-definition", "--task-definition",
        "ecs-td-dereg:" + second);
    assertEquals(0, dereg.exit(), dereg.err());
    assertEquals("INACTIVE", dereg.json().at("/taskDefinition/status").asText());
    assertTrue(dereg.json().at("/taskDefinition/deregisteredAt").isNumber(), dereg.out());

    CliResult latest = cli(k, "describe-task-definition", "--task-definition", "ecs-td-dereg");
    assertEquals(0, latest.exit(), latest.err());
    assertEquals(second - 1, latest.json().at("/taskDefinition/revision").asInt());
    CliResult inactive = cli(k, "describe-task-definition", "--task-definition",
        "ecs-td-dereg:" + second);
    assertEquals("INACTIVE", inactive.json().at("/taskDefinition/status").asText());
    assertEquals("INACTIVE", as(AuthTesting.tokenFor("td-viewer", Roles.VIEWER))
        .get("/api/v1/task-definitions/ecs-td-dereg:" + second)
        .then().statusCode(200).extract().jsonPath().getString("status"));

    CliResult listed = cli(k, "list-task-definitions", "--family-prefix", "ecs-td-dereg",
        "--status", "INACTIVE");
    assertEquals(List.of(ARN + "ecs-td-dereg:" + second), arns(listed, "taskDefinitionArns"));

    // an INACTIVE revision starts no new service (the REST API's rule, which ECS shares)
    as(AuthTesting.tokenFor("td-operator", Roles.OPERATOR)).contentType("application/json")
        .body("{\"serviceName\":\"ecs-td-dereg-svc\",\"taskDefinition\":\"ecs-td-dereg:"
            + second + "\",\"desiredCount\":1}")
        .post("/api/v1/services").then().statusCode(400)
        .body("violations[0].path", equalTo("taskDefinition"))
        .body("violations[0].reason", containsString("INACTIVE"));
  }

  @Test
  void theCli_pagesThroughTheListings_withNextTokens() {
    Key k = key(Roles.OPERATOR);
    int first = register(k, "ecs-td-page-b");
    register(k, "ecs-td-page-b");
    register(k, "ecs-td-page-b");
    int a = register(k, "ecs-td-page-a");
    List<String> b = List.of(ARN + "ecs-td-page-b:" + first, ARN + "ecs-td-page-b:" + (first + 1),
        ARN + "ecs-td-page-b:" + (first + 2));

    // one item a page: the CLI follows three nextTokens
    CliResult asc = cli(k, "list-task-definitions", "--family-prefix", "ecs-td-page-b",
        "--page-size", "1");
    assertEquals(0, asc.exit(), asc.err());
    assertEquals(b, arns(asc, "taskDefinitionArns"));
    CliResult desc = cli(k, "list-task-definitions", "--family-prefix", "ecs-td-page-b",
        "--sort", "DESC", "--page-size", "1");
    assertEquals(List.of(b.get(2), b.get(1), b.get(0)), arns(desc, "taskDefinitionArns"));

    CliResult two = cli(k, "list-task-definitions", "--family-prefix", "ecs-td-page-b",
        "--max-items", "2", "--page-size", "1");
    assertEquals(b.subList(0, 2), arns(two, "taskDefinitionArns"));
    CliResult rest = cli(k, "list-task-definitions", "--family-prefix", "ecs-td-page-b",
        "--page-size", "1", "--starting-token", two.json().get("NextToken").asText());
    assertEquals(b.subList(2, 3), arns(rest, "taskDefinitionArns"));

    // DESC reverses families too: ecs-td-page-b before ecs-td-page-a, and longer names first
    CliResult all = cli(k, "list-task-definitions", "--sort", "DESC", "--page-size", "2");
    List<String> listed = arns(all, "taskDefinitionArns");
    assertTrue(listed.indexOf(b.get(2)) < listed.indexOf(ARN + "ecs-td-page-a:" + a),
        listed.toString());

    CliResult families = cli(k, "list-task-definition-families", "--family-prefix",
        "ecs-td-page-", "--page-size", "1");
    assertEquals(0, families.exit(), families.err());
    assertEquals(List.of("ecs-td-page-a", "ecs-td-page-b"), arns(families, "families"));
  }

  @Test
  void familyStatus_activeMeansAnActiveRevision_inactiveMeansNoneLeft() {
    Key k = key(Roles.OPERATOR);
    int gone = register(k, "ecs-td-fam-gone");
    register(k, "ecs-td-fam-live");
    assertEquals(200, call(k, "DeregisterTaskDefinition",
        "{\"taskDefinition\":\"" + ARN + "ecs-td-fam-gone:" + gone + "\"}").status());
    assertEquals(List.of("ecs-td-fam-live"), arns(cli(k, "list-task-definition-families",
        "--family-prefix", "ecs-td-fam-", "--status", "ACTIVE"), "families"));
    assertEquals(List.of("ecs-td-fam-gone"), arns(cli(k, "list-task-definition-families",
        "--family-prefix", "ecs-td-fam-", "--status", "INACTIVE"), "families"));
    assertEquals(List.of("ecs-td-fam-gone", "ecs-td-fam-live"), arns(cli(k,
        "list-task-definition-families", "--family-prefix", "ecs-td-fam-"), "families"));
  }

  @Test
  void aBadDefinition_isOneClientException_namingEveryPathAndReason() {
    Answer a = call(key(Roles.OPERATOR), "RegisterTaskDefinition", """
        {"family": "ecs-td-bad", "networkMode": "awsvpc",
         "containerDefinitions": [{"name": "c", "image": "backroom/busybox:1", "memory": 64,
           "imagee": "typo", "logConfiguration": {"logDriver": "awslogs"}}]}""");
    assertEquals(400, a.status(), a.body());
    assertEquals("ClientException", a.type());
    String m = a.json().get("message").asText();
    assertTrue(m.contains("containerDefinitions[0].imagee: unknown field"), m);
    assertTrue(m.contains("networkMode: awsvpc needs a VPC"), m);
    assertTrue(m.contains("containerDefinitions[0].logConfiguration.logDriver"), m);
    assertEquals(404, as(AuthTesting.tokenFor("td-viewer", Roles.VIEWER))
        .get("/api/v1/task-definitions/ecs-td-bad").statusCode(), "nothing was registered");
  }

  @Test
  void refusals_unknownMember_viewerKey_badTags_unknownDefinition() {
    Key operator = key(Roles.OPERATOR);
    Answer unknown = call(operator, "RegisterTaskDefinition", """
        {"family": "ecs-td-refused", "revision": 7,
         "containerDefinitions": [{"name": "c", "image": "backroom/busybox:1", "memory": 64}]}""");
    assertEquals("InvalidParameterException", unknown.type(), unknown.body());
    assertTrue(unknown.json().get("message").asText().contains("\"revision\""), unknown.body());

    Answer viewer = call(key(Roles.VIEWER), "RegisterTaskDefinition", """
        {"family": "ecs-td-refused",
         "containerDefinitions": [{"name": "c", "image": "backroom/busybox:1", "memory": 64}]}""");
    assertEquals(400, viewer.status());
    assertEquals("AccessDeniedException", viewer.type(), viewer.body());

    Answer reserved = call(operator, "RegisterTaskDefinition", """
        {"family": "ecs-td-refused", "tags": [{"key": "aws:owner", "value": "x"}],
         "containerDefinitions": [{"name": "c", "image": "backroom/busybox:1", "memory": 64}]}""");
    assertEquals("InvalidParameterException", reserved.type(), reserved.body());
    assertEquals(404, as(AuthTesting.tokenFor("td-viewer", Roles.VIEWER))
        .get("/api/v1/task-definitions/ecs-td-refused").statusCode(),
        "no refused registration left a revision");

    for (String ref : List.of("ecs-td-nothing", "ecs-td-nothing:3", ARN + "ecs-td-nothing:3")) {
      Answer none = call(operator, "DescribeTaskDefinition", "{\"taskDefinition\":\"" + ref
          + "\"}");
      assertEquals(400, none.status());
      assertEquals("ClientException", none.type(), none.body());
      assertEquals("Unable to describe task definition.", none.json().get("message").asText());
    }
    Answer elsewhere = call(operator, "DescribeTaskDefinition", "{\"taskDefinition\":"
        + "\"arn:aws:ecs:eu-west-1:111111111111:task-definition/x:1\"}");
    assertEquals("InvalidParameterException", elsewhere.type(), elsewhere.body());
    Answer include = call(operator, "DescribeTaskDefinition",
        "{\"taskDefinition\":\"x:1\",\"include\":[\"SETTINGS\"]}");
    assertEquals("InvalidParameterException", include.type(), include.body());
    Answer sort = call(operator, "ListTaskDefinitions", "{\"sort\":\"UP\"}");
    assertEquals("InvalidParameterException", sort.type(), sort.body());
    Answer missing = call(operator, "DeregisterTaskDefinition",
        "{\"taskDefinition\":\"ecs-td-nothing:1\"}");
    assertEquals("ClientException", missing.type(), missing.body());
  }

  /**
   * Registers a one-container revision of {@code family} with a signed call; its revision. Each
   * body differs: the same signed request twice in one second is a replay.
   */
  static int register(Key k, String family) {
    Answer a = call(k, "RegisterTaskDefinition", "{\"family\":\"" + family + "\","
        + "\"networkMode\":\"none\",\"containerDefinitions\":[{\"name\":\"c\","
        + "\"image\":\"backroom/busybox:1\",\"memory\":32,\"command\":[\"sleep\",\""
        + SLEEP.incrementAndGet() + "\"]}]}");
    assertEquals(200, a.status(), a.body());
    return a.json().at("/taskDefinition/revision").asInt();
  }

  static List<String> arns(CliResult r, String member) {
    assertEquals(0, r.exit(), r.err());
    List<String> out = new ArrayList<>();
    r.json().get(member).forEach(n -> out.add(n.asText()));
    return out;
  }

  static Path tdFile() throws URISyntaxException {
    return Path.of(TaskDefinitionOperationsTest.class.getResource("/ecs/td.json").toURI());
  }
}
