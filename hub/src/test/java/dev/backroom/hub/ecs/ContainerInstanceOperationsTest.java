package dev.backroom.hub.ecs;

import static dev.backroom.hub.auth.AuthTesting.given;
import static dev.backroom.hub.ecs.EcsTesting.call;
import static dev.backroom.hub.ecs.EcsTesting.cli;
import static dev.backroom.hub.ecs.EcsTesting.key;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.backroom.hub.devices.DeviceRegistry;
import dev.backroom.hub.ecs.EcsTesting.Answer;
import dev.backroom.hub.ecs.EcsTesting.CliResult;
import dev.backroom.hub.ecs.EcsTesting.Key;
import dev.backroom.hub.web.Roles;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * ListContainerInstances and DescribeContainerInstances through the real AWS CLI: devices as
 * container instances, the cluster-query filter, status, resources as ECS writes them. The app
 * is shared, so each test's devices carry an attribute only that test filters on.
 */
@QuarkusTest
class ContainerInstanceOperationsTest {
  static final String ARN = "arn:aws:ecs:us-east-1:000000000000:container-instance/default/";

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

  private static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }

  @Test
  void theCli_listsDevicesByFilterAndStatus() {
    String a = devices.add("ci-a-" + run, Map.of("ci-" + run, "front"));
    String b = devices.add("ci-b-" + run, Map.of("ci-" + run, "back"));
    given().contentType("application/json").body("{\"reason\":\"test\"}")
        .post("/api/v1/devices/" + b + "/drain").then().statusCode(200);
    Key k = key(Roles.VIEWER);

    CliResult all = cli(k, "list-container-instances", "--filter", "attribute:ci-" + run + " exists");
    assertEquals(0, all.exit(), all.err());
    assertEquals(List.of(ARN + a, ARN + b), texts(all.json().get("containerInstanceArns")));

    CliResult front = cli(k, "list-container-instances", "--cluster", "default",
        "--filter", "attribute:ci-" + run + " == front and attribute:ecs.os-type == linux");
    assertEquals(List.of(ARN + a), texts(front.json().get("containerInstanceArns")), front.err());

    CliResult draining = cli(k, "list-container-instances", "--status", "DRAINING",
        "--filter", "attribute:ci-" + run + " in [front, back]");
    assertEquals(List.of(ARN + b), texts(draining.json().get("containerInstanceArns")),
        draining.err());
    CliResult registering = cli(k, "list-container-instances", "--status", "REGISTERING",
        "--filter", "attribute:ci-" + run + " exists");
    assertEquals(0, registering.json().get("containerInstanceArns").size(), registering.out());
  }

  @Test
  void paging_servesOneArnAPage_withATokenUntilTheLast() {
    String a = devices.add("ci-p1-" + run, Map.of("cp-" + run, "x"));
    String b = devices.add("ci-p2-" + run, Map.of("cp-" + run, "x"));
    Key k = key(Roles.VIEWER);
    String filter = "\"filter\":\"attribute:cp-" + run + " exists\"";
    JsonNode first = call(k, "ListContainerInstances", "{" + filter + ",\"maxResults\":1}").json();
    assertEquals(ARN + a, first.at("/containerInstanceArns/0").asText(), first.toString());
    JsonNode second = call(k, "ListContainerInstances", "{" + filter + ",\"maxResults\":1,"
        + "\"nextToken\":\"" + first.get("nextToken").asText() + "\"}").json();
    assertEquals(ARN + b, second.at("/containerInstanceArns/0").asText(), second.toString());
    assertFalse(second.has("nextToken"), second.toString());
  }

  @Test
  void theCli_describesADevice_resourcesPortsAttributesAndHealth() {
    String d = devices.add("ci-d-" + run, Map.of("cd-" + run, "x"), 2);
    // a task binding host port 18080 and taking 256 CPU units and 64 MiB
    String family = "ci-" + run;
    given().contentType("application/json").body("""
        {"family":"%s","networkMode":"host","cpu":"256","containerDefinitions":[{"name":"main",
         "image":"backroom/busybox:1","memory":64,"portMappings":[{"containerPort":18080}]}]}"""
        .formatted(family)).post("/api/v1/task-definitions").then().statusCode(201);
    given().contentType("application/json").body("""
        {"taskDefinition":"%s","placementConstraints":[{"type":"memberOf",
         "expression":"attribute:cd-%s exists"}]}""".formatted(family, run))
        .post("/api/v1/tasks").then().statusCode(200);

    CliResult r = cli(key(Roles.VIEWER), "describe-container-instances", "--container-instances",
        d, ARN + "nobody-" + run, "--include", "TAGS", "CONTAINER_INSTANCE_HEALTH");
    assertEquals(0, r.exit(), r.err());
    JsonNode ci = r.json().at("/containerInstances/0");
    assertEquals(ARN + d, ci.get("containerInstanceArn").asText(), r.out());
    assertEquals(d, ci.get("ec2InstanceId").asText());
    assertEquals("ACTIVE", ci.get("status").asText());
    assertTrue(ci.get("agentConnected").asBoolean());
    assertEquals("0.9-test", ci.at("/versionInfo/agentVersion").asText());
    assertEquals(1, ci.get("pendingTasksCount").asInt() + ci.get("runningTasksCount").asInt());
    assertTrue(ci.get("registeredAt").isNumber(), "epoch seconds: " + ci.get("registeredAt"));
    assertEquals(resources(4096, 1024, List.of(), List.of("0", "1")),
        ci.get("registeredResources").toString());
    assertEquals(resources(4096 - 256, 1024 - 64, List.of("18080"), List.of("0", "1")),
        ci.get("remainingResources").toString());
    Map<String, String> attributes = new java.util.TreeMap<>();
    ci.get("attributes").forEach(a -> attributes.put(a.get("name").asText(),
        a.has("value") ? a.get("value").asText() : "(none)"));
    assertEquals("x86_64", attributes.get("ecs.cpu-architecture"));
    assertEquals("linux", attributes.get("ecs.os-type"));
    assertEquals("(none)", attributes.get("ecs.capability.external"));
    assertEquals("x", attributes.get("cd-" + run));
    assertEquals("[]", ci.get("tags").toString());
    assertEquals("OK", ci.at("/healthStatus/overallStatus").asText(), r.out());
    assertEquals("CONTAINER_RUNTIME", ci.at("/healthStatus/details/0/type").asText());
    assertEquals(ARN + "nobody-" + run, r.json().at("/failures/0/arn").asText());
    assertEquals("MISSING", r.json().at("/failures/0/reason").asText());
  }

  private static String resources(long cpu, long memory, List<String> ports, List<String> gpus) {
    StringBuilder s = new StringBuilder("[{\"name\":\"CPU\",\"type\":\"INTEGER\",\"integerValue\":"
        + cpu + "},{\"name\":\"MEMORY\",\"type\":\"INTEGER\",\"integerValue\":" + memory
        + "},{\"name\":\"PORTS\",\"type\":\"STRINGSET\",\"stringSetValue\":[");
    s.append(String.join(",", ports.stream().map(p -> "\"" + p + "\"").toList()));
    s.append("]},{\"name\":\"PORTS_UDP\",\"type\":\"STRINGSET\",\"stringSetValue\":[]},"
        + "{\"name\":\"GPU\",\"type\":\"STRINGSET\",\"stringSetValue\":[");
    s.append(String.join(",", gpus.stream().map(p -> "\"" + p + "\"").toList()));
    return s.append("]}]").toString();
  }

  @Test
  void aBadFilter_isAnInvalidParameter_withTheParsersReason() {
    Key k = key(Roles.VIEWER);
    Answer a = call(k, "ListContainerInstances", "{\"filter\":\"attribute:zone ==\"}");
    assertEquals(400, a.status(), a.body());
    assertEquals("InvalidParameterException", a.type());
    assertTrue(a.json().get("message").asText().startsWith("filter: "), a.body());
    Answer other = call(k, "ListContainerInstances", "{\"filter\":\"runningTasksCount > 1\"}");
    assertEquals("InvalidParameterException", other.type(), other.body());
    assertTrue(other.body().contains("expected attribute:NAME but found 'runningTasksCount'"),
        other.body());
    Answer status = call(k, "ListContainerInstances", "{\"status\":\"INACTIVE\"}");
    assertEquals("InvalidParameterException", status.type(), status.body());
    assertTrue(status.body().contains("status: unknown value INACTIVE"), status.body());
    Answer cluster = call(k, "ListContainerInstances", "{\"cluster\":\"elsewhere\"}");
    assertEquals("ClusterNotFoundException", cluster.type(), cluster.body());
  }

  @Test
  void describe_refusesAnUnknownInclude_andMoreThanAHundred() {
    Key k = key(Roles.VIEWER);
    Answer include = call(k, "DescribeContainerInstances",
        "{\"containerInstances\":[\"x\"],\"include\":[\"STATISTICS\"]}");
    assertEquals(400, include.status(), include.body());
    assertTrue(include.body().contains("include: unknown value STATISTICS"), include.body());
    StringBuilder many = new StringBuilder("{\"containerInstances\":[\"d0\"");
    for (int i = 1; i <= 100; i++) {
      many.append(",\"d").append(i).append('"');
    }
    Answer tooMany = call(k, "DescribeContainerInstances", many.append("]}").toString());
    assertEquals("InvalidParameterException", tooMany.type(), tooMany.body());
    assertTrue(tooMany.body().contains("got 101"), tooMany.body());
    Answer none = call(k, "DescribeContainerInstances", "{}");
    assertEquals("InvalidParameterException", none.type(), none.body());
  }
}
