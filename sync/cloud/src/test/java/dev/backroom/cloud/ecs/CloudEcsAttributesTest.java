package dev.backroom.cloud.ecs;

import static dev.backroom.cloud.support.Cloud.admin;
import static dev.backroom.cloud.support.Cloud.enrolledStore;
import static dev.backroom.cloud.support.Cloud.uniqueId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.backroom.cloud.ecs.EcsTesting.Answer;
import dev.backroom.cloud.ecs.EcsTesting.CliResult;
import dev.backroom.cloud.ecs.EcsTesting.Key;
import dev.backroom.cloud.support.Cloud;
import io.quarkus.test.junit.QuarkusTest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * PutAttributes and DeleteAttributes through the cloud's /ecs with the real AWS CLI: each device's
 * cloud-put attributes are one DEVICE_ATTRIBUTES object of its store (seen in the store's change
 * rows); the hub's rules refuse bad names and values before anything is written; unknown targets
 * are TargetNotFoundException.
 */
@QuarkusTest
class CloudEcsAttributesTest {
  private static final String ARN = "arn:aws:ecs:us-east-1:000000000000:";

  /** A store reporting device d1 with an announced zone; returns its credential. */
  private static String store(String id, Map<String, String> labels) {
    String credential = enrolledStore(id, labels);
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("deviceId", "d1");
    view.put("status", "ACTIVE");
    view.put("agentConnected", true);
    view.put("attributes", Map.of("zone", "front", "ecs.capability.external", ""));
    view.put("registeredResources", Map.of("cpu", 2048, "memory", 4096, "gpus", 0));
    view.put("remainingResources", Map.of("cpu", 2048, "memory", 4096, "gpus", 0));
    Cloud.as(credential).body(Map.of("sequence", 1, "sentAt", "2026-01-01T00:00:06Z",
        "devices", List.of(view), "tasks", List.of())).post("/sync/v1/reports").then()
        .statusCode(200);
    return credential;
  }

  @Test
  void putOnAStore_isOneObjectPerDevice_andDeleteRemovesOnlyWhatTheCloudPut() {
    String s = uniqueId("s");
    String credential = store(s, Map.of());
    Key operator = EcsTesting.key("operator");
    long since = revision(credential);

    CliResult put = EcsTesting.cli(operator, "put-attributes", "--cluster", s, "--attributes",
        "name=rack,value=r7,targetType=container-instance,targetId=d1",
        "name=gpu-ok,targetType=container-instance,targetId=d1");
    assertEquals(0, put.exit(), put.err());
    JsonNode echoed = put.json().path("attributes");
    assertEquals(2, echoed.size(), put.out());
    assertEquals("rack", echoed.get(0).path("name").asText());
    assertEquals("r7", echoed.get(0).path("value").asText());
    assertEquals(ARN + "container-instance/" + s + "/d1", echoed.get(0).path("targetId").asText());
    assertTrue(echoed.get(1).path("value").isMissingNode(), put.out());

    JsonNode changes = changesSince(credential, since);
    assertEquals(1, changes.size(), changes.toString());
    JsonNode c = changes.get(0);
    assertEquals("DEVICE_ATTRIBUTES", c.path("kind").asText(), c.toString());
    assertEquals("d1", c.path("name").asText());
    assertEquals("UPSERT", c.path("op").asText());
    assertEquals("r7", c.path("spec").path("attributes").path("rack").asText(), c.toString());
    assertTrue(c.path("spec").path("attributes").get("gpu-ok").isNull(), c.toString());
    assertEquals("pipeline:" + operator.id(), c.path("spec").path("updatedBy").asText());

    // zone is the device's own (reported, not put here): the cloud does not delete it
    long before = revision(credential);
    Answer zone = EcsTesting.call(operator, "DeleteAttributes", "{\"cluster\":\"" + s
        + "\",\"attributes\":[{\"name\":\"zone\",\"targetType\":\"container-instance\","
        + "\"targetId\":\"d1\"}]}");
    assertEquals(400, zone.status(), zone.body());
    assertEquals("InvalidParameterException", zone.type(), zone.body());
    assertTrue(zone.json().path("message").asText().contains("not put through the cloud"),
        zone.body());
    assertEquals(before, revision(credential));

    CliResult del = EcsTesting.cli(operator, "delete-attributes", "--cluster", s,
        "--attributes", "name=rack,targetType=container-instance,targetId=d1");
    assertEquals(0, del.exit(), del.err());
    c = changesSince(credential, before).get(0);
    assertEquals("UPSERT", c.path("op").asText(), c.toString());
    assertEquals(List.of("gpu-ok"), names(c.path("spec").path("attributes")));

    long last = revision(credential);
    CliResult rest = EcsTesting.cli(operator, "delete-attributes", "--cluster", s,
        "--attributes", "name=gpu-ok,targetType=container-instance,targetId=" + ARN
            + "container-instance/" + s + "/d1");
    assertEquals(0, rest.exit(), rest.err());
    c = changesSince(credential, last).get(0);
    assertEquals("DELETE", c.path("op").asText(), c.toString());
    assertEquals("DEVICE_ATTRIBUTES", c.path("kind").asText());
  }

  @Test
  void putOnAGroup_targetsStoreDotDevice_andRefusalsWriteNothing() {
    String region = uniqueId("eu");
    String s1 = uniqueId("s");
    String credential = store(s1, Map.of("region", region));
    String outside = uniqueId("s");
    store(outside, Map.of());
    String group = uniqueId("g");
    admin().body("{\"selector\":\"region=" + region + "\"}").put("/api/v1/store-groups/" + group)
        .then().statusCode(201);
    Key operator = EcsTesting.key("operator");
    long since = revision(credential);

    CliResult put = EcsTesting.cli(operator, "put-attributes", "--cluster", group,
        "--attributes", "name=lane,value=3,targetType=container-instance,targetId=" + s1 + ".d1");
    assertEquals(0, put.exit(), put.err());
    assertEquals(ARN + "container-instance/" + group + "/" + s1 + ".d1",
        put.json().path("attributes").get(0).path("targetId").asText(), put.out());
    JsonNode c = changesSince(credential, since).get(0);
    assertEquals("DEVICE_ATTRIBUTES", c.path("kind").asText(), c.toString());
    assertEquals("d1", c.path("name").asText());
    assertEquals("3", c.path("spec").path("attributes").path("lane").asText());
    long after = revision(credential);

    record Refusal(String body, String type, String says) {}
    String t = "\"targetType\":\"container-instance\"";
    for (Refusal r : List.of(
        new Refusal("[{\"name\":\"x\"," + t + ",\"targetId\":\"" + outside + ".d1\"}]",
            "TargetNotFoundException", "Could not find " + outside + ".d1"),
        new Refusal("[{\"name\":\"x\"," + t + ",\"targetId\":\"" + s1 + ".d9\"}]",
            "TargetNotFoundException", "in cluster " + group),
        new Refusal("[{\"name\":\"ecs.os-type\",\"value\":\"x\"," + t + ",\"targetId\":\""
            + s1 + ".d1\"}]", "InvalidParameterException", "ecs. namespace"),
        new Refusal("[{\"name\":\"ok\",\"value\":\" padded\"," + t + ",\"targetId\":\"" + s1
            + ".d1\"}]", "InvalidParameterException", "attributes[0].value"),
        new Refusal("[{\"name\":\"ok\",\"colour\":\"x\"," + t + ",\"targetId\":\"" + s1
            + ".d1\"}]", "InvalidParameterException", "colour"),
        new Refusal("[{\"name\":\"ok\",\"targetId\":\"d1\"}]", "InvalidParameterException",
            "targetType is required"),
        // a valid first entry does not land when the second is refused
        new Refusal("[{\"name\":\"ok\"," + t + ",\"targetId\":\"" + s1 + ".d1\"},{\"name\":"
            + "\"bad name\"," + t + ",\"targetId\":\"" + s1 + ".d1\"}]",
            "InvalidParameterException", "attributes[1].name"))) {
      Answer a = EcsTesting.call(operator, "PutAttributes", "{\"cluster\":\"" + group
          + "\",\"attributes\":" + r.body() + "}");
      assertEquals(400, a.status(), a.body());
      assertEquals(r.type(), a.type(), a.body());
      assertTrue(a.json().path("message").asText().contains(r.says()), a.body());
    }
    StringBuilder ten = new StringBuilder("[");
    for (int i = 0; i < 10; i++) {
      ten.append(i == 0 ? "" : ",").append("{\"name\":\"a").append(i).append("\",")
          .append(t).append(",\"targetId\":\"").append(s1).append(".d1\"}");
    }
    // ten more beside lane: eleven put through the cloud
    Answer limit = EcsTesting.call(operator, "PutAttributes", "{\"cluster\":\"" + group
        + "\",\"attributes\":" + ten + "]}");
    assertEquals("AttributeLimitExceededException", limit.type(), limit.body());
    Answer viewer = EcsTesting.call(EcsTesting.key("viewer"), "PutAttributes", "{\"cluster\":\""
        + group + "\",\"attributes\":[{\"name\":\"x\"," + t + ",\"targetId\":\"" + s1
        + ".d1\"}]}");
    assertEquals("AccessDeniedException", viewer.type(), viewer.body());
    assertEquals(after, revision(credential), "a refused call changes nothing");
  }

  private static List<String> names(JsonNode object) {
    List<String> out = new java.util.ArrayList<>();
    object.fieldNames().forEachRemaining(out::add);
    return out;
  }

  private static long revision(String credential) {
    return Cloud.as(credential).get("/sync/v1/desired?since=0&wait=0").then().statusCode(200)
        .extract().<Number>path("revision").longValue();
  }

  private static JsonNode changesSince(String credential, long since) {
    String body = Cloud.as(credential).get("/sync/v1/desired?since=" + since + "&wait=0").then()
        .statusCode(200).extract().asString();
    try {
      return EcsTesting.JSON.readTree(body).path("changes");
    } catch (java.io.IOException e) {
      throw new AssertionError(body, e);
    }
  }
}
