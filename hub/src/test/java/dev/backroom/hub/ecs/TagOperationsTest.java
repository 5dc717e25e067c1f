package dev.backroom.hub.ecs;

import static dev.backroom.hub.ecs.AttributeOperationsTest.assertRefused;
import static dev.backroom.hub.ecs.EcsTesting.call;
import static dev.backroom.hub.ecs.EcsTesting.cli;
import static dev.backroom.hub.ecs.EcsTesting.key;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.backroom.hub.devices.DeviceRegistry;
import dev.backroom.hub.ecs.EcsTesting.CliResult;
import dev.backroom.hub.ecs.EcsTesting.Key;
import dev.backroom.hub.web.Roles;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** TagResource, UntagResource and ListTagsForResource through the real AWS CLI, and refusals. */
@QuarkusTest
class TagOperationsTest {
  static final String CLUSTER = "arn:aws:ecs:us-east-1:000000000000:cluster/default";

  @Inject DeviceRegistry registry;
  private final String run = UUID.randomUUID().toString().substring(0, 8);
  private EcsTestDevices devices;

  @BeforeEach
  void devices() {
    devices = new EcsTestDevices(registry);
  }

  @AfterEach
  void quiet() {
    devices.close();
  }

  private static String tags(Key k, String arn) {
    CliResult r = cli(k, "list-tags-for-resource", "--resource-arn", arn);
    assertEquals(0, r.exit(), r.err());
    return r.json().get("tags").toString();
  }

  @Test
  void theCli_tagsUntagsAndListsTheClusterAndADevice() {
    Key op = key(Roles.OPERATOR);
    String key = "team-" + run;
    CliResult tagged = cli(op, "tag-resource", "--resource-arn", CLUSTER,
        "--tags", "key=" + key + ",value=edge", "key=owner-" + run + ",value=ops");
    assertEquals(0, tagged.exit(), tagged.err());
    assertEquals("[{\"key\":\"owner-" + run + "\",\"value\":\"ops\"},{\"key\":\"" + key
        + "\",\"value\":\"edge\"}]", tags(op, CLUSTER));
    CliResult untagged = cli(op, "untag-resource", "--resource-arn", CLUSTER,
        "--tag-keys", "owner-" + run);
    assertEquals(0, untagged.exit(), untagged.err());
    assertEquals("[{\"key\":\"" + key + "\",\"value\":\"edge\"}]", tags(key(Roles.VIEWER), CLUSTER));
    cli(op, "untag-resource", "--resource-arn", CLUSTER, "--tag-keys", key);

    String d = devices.add("tg-" + run, Map.of());
    String arn = ContainerInstanceOperationsTest.ARN + d;
    assertEquals(0, cli(op, "tag-resource", "--resource-arn", arn, "--tags",
        "key=shelf,value=3").exit());
    assertEquals("[{\"key\":\"shelf\",\"value\":\"3\"}]", tags(op, arn));
    // The device's tags are the ones DescribeContainerInstances includes.
    CliResult described = cli(op, "describe-container-instances", "--container-instances", d,
        "--include", "TAGS");
    assertEquals("[{\"key\":\"shelf\",\"value\":\"3\"}]",
        described.json().at("/containerInstances/0/tags").toString(), described.out());
    // the older ARN without a cluster names the same device
    assertEquals("[{\"key\":\"shelf\",\"value\":\"3\"}]", tags(op,
        "arn:aws:ecs:us-east-1:000000000000:container-instance/" + d));
  }

  @Test
  void refusals_unknownResources_otherClusters_nonArns_andAViewersKey() {
    Key op = key(Roles.OPERATOR);
    String tag = ",\"tags\":[{\"key\":\"a\",\"value\":\"b\"}]}";
    assertRefused(call(op, "TagResource", "{\"resourceArn\":"
        + "\"arn:aws:ecs:us-east-1:000000000000:service/default/nothing-" + run + "\"" + tag),
        "ResourceNotFoundException", "nothing-" + run);
    assertRefused(call(op, "TagResource", "{\"resourceArn\":"
        + "\"arn:aws:ecs:us-east-1:000000000000:container-instance/default/nobody-" + run + "\""
        + tag), "ResourceNotFoundException", "nobody-" + run);
    assertRefused(call(op, "ListTagsForResource", "{\"resourceArn\":"
        + "\"arn:aws:ecs:us-east-1:000000000000:task-definition/none-" + run + ":1\"}"),
        "ResourceNotFoundException", "none-" + run);
    assertRefused(call(op, "TagResource", "{\"resourceArn\":"
        + "\"arn:aws:ecs:us-east-1:000000000000:cluster/elsewhere\"" + tag),
        "ClusterNotFoundException", "Cluster not found");
    assertRefused(call(op, "UntagResource", "{\"resourceArn\":"
        + "\"arn:aws:ecs:us-east-1:000000000000:task/elsewhere/abc\",\"tagKeys\":[\"a\"]}"),
        "ClusterNotFoundException", "Cluster not found");
    assertRefused(call(op, "TagResource", "{\"resourceArn\":\"default\"" + tag),
        "InvalidParameterException", "an ARN is required");
    assertRefused(call(op, "TagResource", "{\"resourceArn\":\"" + CLUSTER + "\",\"tags\":[]}"),
        "InvalidParameterException", "at least one tag");
    assertRefused(call(op, "TagResource", "{\"resourceArn\":\"" + CLUSTER
        + "\",\"tags\":[{\"key\":\"aws:x\",\"value\":\"b\"}]}"), "InvalidParameterException",
        "aws: prefix is reserved");
    assertRefused(call(key(Roles.VIEWER), "TagResource", "{\"resourceArn\":\"" + CLUSTER + "\""
        + tag), "AccessDeniedException", "ecs:TagResource");
  }
}
