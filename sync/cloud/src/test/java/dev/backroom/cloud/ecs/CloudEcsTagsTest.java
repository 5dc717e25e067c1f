package dev.backroom.cloud.ecs;

import static dev.backroom.cloud.support.Cloud.admin;
import static dev.backroom.cloud.support.Cloud.enrolledStore;
import static dev.backroom.cloud.support.Cloud.uniqueId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backroom.cloud.ecs.EcsTesting.Answer;
import dev.backroom.cloud.ecs.EcsTesting.CliResult;
import dev.backroom.cloud.ecs.EcsTesting.Key;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Tags of the cloud's own ECS resources (clusters, services, task definitions) with the real AWS
 * CLI, and the refusals of tagging something the cloud does not hold or a viewer's key.
 */
@QuarkusTest
class CloudEcsTagsTest {
  private static final String ARN = "arn:aws:ecs:us-east-1:000000000000:";

  @Test
  void storeCluster_tagListUntag_andDescribeClustersIncludesThem() {
    String store = uniqueId("s");
    enrolledStore(store, Map.of("region", uniqueId("r")));
    Key operator = EcsTesting.key("operator");
    String cluster = ARN + "cluster/" + store;

    CliResult tagged = EcsTesting.cli(operator, "tag-resource", "--resource-arn", cluster,
        "--tags", "key=team,value=edge", "key=tier,value=1");
    assertEquals(0, tagged.exit(), tagged.err());
    assertEquals("[{\"key\":\"team\",\"value\":\"edge\"},{\"key\":\"tier\",\"value\":\"1\"}]",
        tags(operator, cluster));

    CliResult untagged = EcsTesting.cli(operator, "untag-resource", "--resource-arn", cluster,
        "--tag-keys", "tier");
    assertEquals(0, untagged.exit(), untagged.err());
    assertEquals("[{\"key\":\"team\",\"value\":\"edge\"}]", tags(operator, cluster));

    CliResult described = EcsTesting.cli(operator, "describe-clusters", "--clusters", store,
        "--include", "TAGS");
    assertEquals(0, described.exit(), described.err());
    assertEquals("[{\"key\":\"team\",\"value\":\"edge\"}]",
        described.json().path("clusters").get(0).path("tags").toString());
  }

  @Test
  void service_createdWithTags_taggedAndForgottenWhenDeleted() throws IOException {
    String store = uniqueId("s");
    enrolledStore(store, Map.of("region", uniqueId("r")));
    Key operator = EcsTesting.key("operator");
    String family = uniqueId("web");
    register(operator, family);
    String service = uniqueId("svc");
    String arn = ARN + "service/" + store + "/" + service;

    CliResult created = EcsTesting.cli(operator, "create-service", "--cluster", store,
        "--service-name", service, "--task-definition", family + ":1", "--desired-count", "0",
        "--tags", "key=app,value=web");
    assertEquals(0, created.exit(), created.err());
    CliResult described = EcsTesting.cli(operator, "describe-services", "--cluster", store,
        "--services", service, "--include", "TAGS");
    assertEquals(0, described.exit(), described.err());
    assertEquals("[{\"key\":\"app\",\"value\":\"web\"}]",
        described.json().path("services").get(0).path("tags").toString());

    CliResult tagged = EcsTesting.cli(operator, "tag-resource", "--resource-arn", arn,
        "--tags", "key=env,value=prod");
    assertEquals(0, tagged.exit(), tagged.err());
    assertEquals("[{\"key\":\"app\",\"value\":\"web\"},{\"key\":\"env\",\"value\":\"prod\"}]",
        tags(operator, arn));
    CliResult untagged = EcsTesting.cli(operator, "untag-resource", "--resource-arn", arn,
        "--tag-keys", "app");
    assertEquals(0, untagged.exit(), untagged.err());
    assertEquals("[{\"key\":\"env\",\"value\":\"prod\"}]", tags(operator, arn));

    CliResult deleted = EcsTesting.cli(operator, "delete-service", "--cluster", store,
        "--service", service);
    assertEquals(0, deleted.exit(), deleted.err());
    CliResult gone = EcsTesting.cli(operator, "list-tags-for-resource", "--resource-arn", arn);
    assertNotEquals(0, gone.exit(), gone.out());
    assertTrue(gone.err().contains("ResourceNotFoundException"), gone.err());
    // created again under the name, the service starts bare
    CliResult again = EcsTesting.cli(operator, "create-service", "--cluster", store,
        "--service-name", service, "--task-definition", family + ":1", "--desired-count", "0");
    assertEquals(0, again.exit(), again.err());
    assertEquals("[]", tags(operator, arn));
  }

  @Test
  void taskDefinition_registeredWithTags_describedWithThem() throws IOException {
    Key operator = EcsTesting.key("operator");
    String family = uniqueId("td");
    CliResult registered = registerCli(operator, family, "--tags", "key=owner,value=ci",
        "key=stage,value=beta");
    assertEquals(0, registered.exit(), registered.err());
    String both = "[{\"key\":\"owner\",\"value\":\"ci\"},{\"key\":\"stage\",\"value\":\"beta\"}]";
    assertEquals(both, registered.json().path("tags").toString());

    CliResult described = EcsTesting.cli(operator, "describe-task-definition",
        "--task-definition", family, "--include", "TAGS");
    assertEquals(0, described.exit(), described.err());
    assertEquals(both, described.json().path("tags").toString());
    assertEquals(both, tags(operator, ARN + "task-definition/" + family + ":1"));
  }

  @Test
  void refusals_unknownResource_otherRegion_hubResource_viewerKey() {
    Key operator = EcsTesting.key("operator");
    String tag = "\"tags\":[{\"key\":\"k\",\"value\":\"v\"}]";
    String missing = ARN + "cluster/" + uniqueId("none");
    Answer unknown = EcsTesting.call(operator, "TagResource",
        "{\"resourceArn\":\"" + missing + "\"," + tag + "}");
    assertEquals(400, unknown.status(), unknown.body());
    assertEquals("ResourceNotFoundException", unknown.type(), unknown.body());
    assertTrue(unknown.body().contains(missing), unknown.body());

    Answer noRevision = EcsTesting.call(operator, "ListTagsForResource",
        "{\"resourceArn\":\"" + ARN + "task-definition/" + uniqueId("none") + ":3\"}");
    assertEquals(400, noRevision.status(), noRevision.body());
    assertEquals("ResourceNotFoundException", noRevision.type(), noRevision.body());

    Answer elsewhere = EcsTesting.call(operator, "TagResource",
        "{\"resourceArn\":\"arn:aws:ecs:eu-west-1:000000000000:cluster/x\"," + tag + "}");
    assertEquals(400, elsewhere.status(), elsewhere.body());
    assertEquals("InvalidParameterException", elsewhere.type(), elsewhere.body());
    assertTrue(elsewhere.body().contains("eu-west-1"), elsewhere.body());

    Answer task = EcsTesting.call(operator, "TagResource",
        "{\"resourceArn\":\"" + ARN + "task/s1/t1\"," + tag + "}");
    assertEquals(400, task.status(), task.body());
    assertEquals("ClientException", task.type(), task.body());
    assertTrue(task.body().contains("hub"), task.body());

    String store = uniqueId("s");
    enrolledStore(store, Map.of("region", uniqueId("r")));
    Key viewer = EcsTesting.key("viewer");
    Answer denied = EcsTesting.call(viewer, "TagResource",
        "{\"resourceArn\":\"" + ARN + "cluster/" + store + "\"," + tag + "}");
    assertEquals(400, denied.status(), denied.body());
    assertEquals("AccessDeniedException", denied.type(), denied.body());
    assertTrue(denied.body().contains("ecs:TagResource"), denied.body());
    // a viewer still reads tags, and the refused write left none
    assertEquals("[]", tags(viewer, ARN + "cluster/" + store));
  }

  @Test
  void deletedGroup_takesItsTagsAndItsServicesTags_andNoOtherGroups() throws IOException {
    String region = uniqueId("r");
    enrolledStore(uniqueId("s"), Map.of("region", region));
    String group = uniqueId("g");
    String other = group + "_2"; // a name the deleted one is a prefix of keeps its tags
    for (String g : new String[] {group, other}) {
      admin().body("{\"selector\":\"region=" + region + "\"}").put("/api/v1/store-groups/" + g)
          .then().statusCode(201);
    }
    Key operator = EcsTesting.key("operator");
    String family = uniqueId("web");
    register(operator, family);
    String service = uniqueId("svc");
    CliResult created = EcsTesting.cli(operator, "create-service", "--cluster", group,
        "--service-name", service, "--task-definition", family, "--desired-count", "0",
        "--tags", "key=app,value=web");
    assertEquals(0, created.exit(), created.err());
    for (String g : new String[] {group, other}) {
      CliResult tagged = EcsTesting.cli(operator, "tag-resource", "--resource-arn",
          ARN + "cluster/" + g, "--tags", "key=team,value=edge");
      assertEquals(0, tagged.exit(), tagged.err());
    }

    admin().delete("/api/v1/store-groups/" + group).then().statusCode(204);
    // the same name again is a new cluster: bare, and so is the service it shows again
    admin().body("{\"selector\":\"region=" + region + "\"}").put("/api/v1/store-groups/" + group)
        .then().statusCode(201);
    assertEquals("[]", tags(operator, ARN + "cluster/" + group));
    assertEquals("[]", tags(operator, ARN + "service/" + group + "/" + service));
    assertEquals("[{\"key\":\"team\",\"value\":\"edge\"}]",
        tags(operator, ARN + "cluster/" + other));
  }

  private static String tags(Key key, String arn) {
    CliResult listed = EcsTesting.cli(key, "list-tags-for-resource", "--resource-arn", arn);
    assertEquals(0, listed.exit(), listed.err());
    return listed.json().path("tags").toString();
  }

  private static void register(Key key, String family) throws IOException {
    CliResult r = registerCli(key, family);
    assertEquals(0, r.exit(), r.err());
  }

  /** ecs/td.json as {@code family} with a fresh STORE_MODE value (no replay), plus args. */
  private static CliResult registerCli(Key key, String family, String... more)
      throws IOException {
    String json;
    try (InputStream in = CloudEcsTagsTest.class.getResourceAsStream("/ecs/td.json")) {
      json = new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("FAMILY", family)
          .replace("\"edge\"", "\"" + uniqueId("edge") + "\"");
    }
    Path file = Files.createTempFile("td", ".json");
    Files.writeString(file, json);
    try {
      String[] args = new String[3 + more.length];
      args[0] = "register-task-definition";
      args[1] = "--cli-input-json";
      args[2] = "file://" + file;
      System.arraycopy(more, 0, args, 3, more.length);
      return EcsTesting.cli(key, args);
    } finally {
      Files.delete(file);
    }
  }
}
