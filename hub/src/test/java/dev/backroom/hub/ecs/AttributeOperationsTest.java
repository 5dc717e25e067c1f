package dev.backroom.hub.ecs;

import static dev.backroom.hub.auth.AuthTesting.given;
import static dev.backroom.hub.ecs.EcsTesting.call;
import static dev.backroom.hub.ecs.EcsTesting.cli;
import static dev.backroom.hub.ecs.EcsTesting.key;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.backroom.hub.devices.DeviceRegistry;
import dev.backroom.hub.ecs.EcsTesting.Answer;
import dev.backroom.hub.ecs.EcsTesting.CliResult;
import dev.backroom.hub.ecs.EcsTesting.Key;
import dev.backroom.hub.store.TaskRecord;
import dev.backroom.hub.store.TaskStore;
import dev.backroom.hub.web.Roles;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * PutAttributes, ListAttributes and DeleteAttributes through the real AWS CLI, placement steered
 * by an attribute put that way, and the refusals by signed calls.
 */
@QuarkusTest
class AttributeOperationsTest {
  static final String ARN = ContainerInstanceOperationsTest.ARN;

  @Inject DeviceRegistry registry;
  @Inject TaskStore tasks;
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

  private String attribute(String name, String value, String target) {
    return "name=" + name + ",value=" + value + ",targetType=container-instance,targetId=" + target;
  }

  @Test
  void theCli_putsListsAndDeletesAnAttribute_thatTheFilterSees() {
    String d = devices.add("at-" + run, Map.of());
    String zone = "zone-" + run;
    Key op = key(Roles.OPERATOR);
    CliResult put = cli(op, "put-attributes", "--cluster", "default",
        "--attributes", attribute(zone, "front", d));
    assertEquals(0, put.exit(), put.err());
    assertEquals(ARN + d, put.json().at("/attributes/0/targetId").asText(), put.out());

    CliResult listed = cli(op, "list-attributes", "--target-type", "container-instance",
        "--attribute-name", zone);
    assertEquals(0, listed.exit(), listed.err());
    JsonNode attrs = listed.json().get("attributes");
    assertEquals(1, attrs.size(), listed.out());
    assertEquals(zone, attrs.at("/0/name").asText());
    assertEquals("front", attrs.at("/0/value").asText());
    assertEquals("container-instance", attrs.at("/0/targetType").asText());
    assertEquals(ARN + d, attrs.at("/0/targetId").asText());
    CliResult byValue = cli(op, "list-attributes", "--target-type", "container-instance",
        "--attribute-name", zone, "--attribute-value", "back");
    assertEquals(0, byValue.json().get("attributes").size(), byValue.out());

    CliResult filtered = cli(op, "list-container-instances", "--filter",
        "attribute:" + zone + " == front");
    assertEquals(ARN + d, filtered.json().at("/containerInstanceArns/0").asText(), filtered.err());
    given().get("/api/v1/devices/" + d).then().statusCode(200);
    assertEquals("front", given().get("/api/v1/devices/" + d).jsonPath()
        .getString("attributes.'" + zone + "'"));

    CliResult deleted = cli(op, "delete-attributes", "--attributes",
        "name=" + zone + ",targetId=" + ARN + d);
    assertEquals(0, deleted.exit(), deleted.err());
    CliResult after = cli(op, "list-attributes", "--target-type", "container-instance",
        "--attribute-name", zone);
    assertEquals(0, after.json().get("attributes").size(), after.out());
  }

  /**
   * Verifies that placement honours an attribute put through the API: a service constrained to
   * {@code zone == front} gets no task until one device is given that attribute, then lands
   * only there, not on the device that announces {@code zone=back} nor the one without.
   */
  @Test
  void aServiceConstrainedToAnAttribute_landsOnlyOnTheDeviceItWasPutOn() {
    String zone = "zone-" + run;
    devices.add("pl-a-" + run, Map.of());
    String front = devices.add("pl-b-" + run, Map.of());
    devices.add("pl-c-" + run, Map.of(zone, "back"));
    String service = "front-" + run;
    given().contentType("application/json").body("""
        {"family":"%s","containerDefinitions":[{"name":"main","image":"backroom/busybox:1",
         "memory":16}]}""".formatted(service)).post("/api/v1/task-definitions")
        .then().statusCode(201);
    given().contentType("application/json").body("""
        {"serviceName":"%s","taskDefinition":"%s","desiredCount":2,
         "placementConstraints":[{"type":"memberOf","expression":"attribute:%s == front"}]}"""
        .formatted(service, service, zone)).post("/api/v1/services").then().statusCode(201);
    await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
        .until(() -> tasks.listActive(service).isEmpty());

    Key op = key(Roles.OPERATOR);
    CliResult put = cli(op, "put-attributes", "--attributes", attribute(zone, "front", front));
    assertEquals(0, put.exit(), put.err());
    await().atMost(Duration.ofSeconds(20)).until(() -> tasks.listActive(service).size() == 2);
    assertEquals(List.of(front, front),
        tasks.listActive(service).stream().map(TaskRecord::deviceId).toList());
    // recorded as the key's owner did it, as the REST API's device actions are
    io.restassured.path.json.JsonPath events = given().get("/api/v1/events?deviceId=" + front
        + "&kind=device-attributes-put").then().statusCode(200).extract().jsonPath();
    assertEquals(List.of("pipeline:" + op.id()), events.getList("actor"));
    assertEquals(List.of("device " + front + ": attributes put: " + zone + "=front"),
        events.getList("message"));
  }

  @Test
  void refusals_reservedNames_unknownTargets_limits_andAViewersKey() {
    String d = devices.add("ar-" + run, Map.of("announced-" + run, "yes"));
    Key op = key(Roles.OPERATOR);
    assertRefused(call(op, "PutAttributes", put("ecs.instance-type", "big", d)),
        "InvalidParameterException", "ecs. namespace");
    assertRefused(call(op, "PutAttributes", put("backroom.device-id", "x", d)),
        "InvalidParameterException", "backroom. namespace");
    assertRefused(call(op, "PutAttributes", put("bad name", "x", d)),
        "InvalidParameterException", "attributes[0].name");
    assertRefused(call(op, "PutAttributes", put("ok", " padded", d)),
        "InvalidParameterException", "attributes[0].value");
    assertRefused(call(op, "PutAttributes", put("ok", "x", "nobody-" + run)),
        "TargetNotFoundException", "nobody-" + run);
    assertRefused(call(op, "PutAttributes", "{\"attributes\":[{\"name\":\"a\",\"targetId\":\""
        + d + "\"}]}"), "InvalidParameterException", "targetType is required");
    assertRefused(call(op, "PutAttributes", "{\"attributes\":[{\"name\":\"a\",\"targetId\":\""
        + d + "\",\"targetType\":\"container-instance\",\"colour\":\"red\"}]}"),
        "InvalidParameterException", "Unknown parameter in attributes[0]: \"colour\"");
    assertRefused(call(op, "DeleteAttributes", "{\"attributes\":[{\"name\":\"announced-" + run
        + "\",\"targetId\":\"" + ARN + d + "\"}]}"), "InvalidParameterException",
        "announced by the device itself");
    assertRefused(call(op, "ListAttributes", "{}"), "InvalidParameterException", "targetType");

    StringBuilder ten = new StringBuilder("{\"attributes\":[");
    for (int i = 0; i < 10; i++) {
      ten.append(i == 0 ? "" : ",").append("{\"name\":\"a").append(i).append("\",\"targetId\":\"")
          .append(ARN).append(d).append("\"}");
    }
    Answer ok = call(op, "PutAttributes", ten.append("]}").toString());
    assertEquals(200, ok.status(), ok.body());
    assertRefused(call(op, "PutAttributes", put("eleventh", "x", d)),
        "AttributeLimitExceededException", "at most 10");

    Answer viewer = call(key(Roles.VIEWER), "PutAttributes", put("ok", "x", d));
    assertRefused(viewer, "AccessDeniedException", "ecs:PutAttributes");
  }

  private static String put(String name, String value, String target) {
    return "{\"attributes\":[{\"name\":\"" + name + "\",\"value\":\"" + value
        + "\",\"targetType\":\"container-instance\",\"targetId\":\"" + target + "\"}]}";
  }

  static void assertRefused(Answer a, String type, String inMessage) {
    assertEquals(400, a.status(), a.body());
    assertEquals(type, a.type(), a.body());
    assertTrue(a.json().path("message").asText().contains(inMessage), a.body());
  }
}
