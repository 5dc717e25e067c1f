package dev.backroom.cloud.ecs;

import static dev.backroom.cloud.support.Cloud.admin;
import static dev.backroom.cloud.support.Cloud.enrolledStore;
import static dev.backroom.cloud.support.Cloud.revision;
import static dev.backroom.cloud.support.Cloud.uniqueId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.backroom.cloud.ecs.EcsTesting.Answer;
import dev.backroom.cloud.ecs.EcsTesting.CliResult;
import dev.backroom.cloud.ecs.EcsTesting.Key;
import dev.backroom.cloud.support.Cloud;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * UpdateService with {@code --force-new-deployment} on the cloud (real AWS CLI): the desired
 * SERVICE object's redeploy count goes up, its stores' revisions move with an otherwise
 * unchanged spec, and the change a store's hub fetches carries the count.
 */
@QuarkusTest
class CloudEcsRedeployTest {
  @Test
  void forcedDeployment_onAStore_movesItsRevision_andTheChangeCarriesTheCount() {
    String store = uniqueId("s");
    String credential = enrolledStore(store, Map.of("region", uniqueId("r")));
    Key operator = EcsTesting.key("operator");
    String family = uniqueId("web");
    register(operator, family);
    String service = uniqueId("svc");
    CliResult created = EcsTesting.cli(operator, "create-service", "--cluster", store,
        "--service-name", service, "--task-definition", family, "--desired-count", "1");
    assertEquals(0, created.exit(), created.err());
    long before = revision(store);
    JsonNode fresh = serviceChange(desired(credential, 0), service);
    assertFalse(fresh.has("redeploys"), "never forced: no count on the wire: " + fresh);

    CliResult forced = EcsTesting.cli(operator, "update-service", "--cluster", store,
        "--service", service, "--force-new-deployment");
    assertEquals(0, forced.exit(), forced.err());
    assertEquals("ACTIVE", forced.json().path("service").path("status").asText());
    assertEquals(before + 1, revision(store), "a forced deployment moves the store's revision");
    JsonNode answer = desired(credential, before);
    assertFalse(answer.path("full").asBoolean());
    assertEquals(1, answer.path("changes").size(), "only the service changed: " + answer);
    JsonNode change = serviceChange(answer, service);
    assertEquals("UPSERT", change.path("op").asText());
    assertEquals(1, change.path("redeploys").asInt(), change.toString());
    assertEquals(fresh.path("spec"), change.path("spec"), "the spec itself is unchanged");
    assertEquals(1, listed(service).path("redeploys").asInt());

    // an update that changes nothing keeps the count and moves nothing
    CliResult same = EcsTesting.cli(operator, "update-service", "--cluster", store,
        "--service", service, "--desired-count", "1");
    assertEquals(0, same.exit(), same.err());
    assertEquals(before + 1, revision(store));

    // a second force counts 2; a full snapshot (a hub starting over) carries the count too
    Answer again = EcsTesting.call(operator, "UpdateService", "{\"cluster\":\"" + store
        + "\",\"service\":\"" + service + "\",\"forceNewDeployment\":true}");
    assertEquals(200, again.status(), again.body());
    assertEquals(before + 2, revision(store));
    assertEquals(2, serviceChange(desired(credential, before + 1), service).path("redeploys")
        .asInt());
    JsonNode full = desired(credential, 0);
    assertTrue(full.path("full").asBoolean());
    assertEquals(2, serviceChange(full, service).path("redeploys").asInt(), full.toString());
    // the operator's REST put of the same spec keeps the count: no change, no revision
    admin().body(Map.of("selector", "store.id=" + store, "spec", change.path("spec")))
        .put("/api/v1/desired/services/" + service).then().statusCode(200);
    assertEquals(before + 2, revision(store));
    assertEquals(2, listed(service).path("redeploys").asInt());
  }

  @Test
  void forcedDeployment_onAGroup_reachesEveryStoreOfIt() {
    String region = uniqueId("eu");
    String s1 = uniqueId("s");
    String s2 = uniqueId("s");
    String c1 = enrolledStore(s1, Map.of("region", region));
    enrolledStore(s2, Map.of("region", region));
    String group = uniqueId("g");
    admin().body("{\"selector\":\"region=" + region + "\"}")
        .put("/api/v1/store-groups/" + group).then().statusCode(201);
    Key operator = EcsTesting.key("operator");
    String family = uniqueId("web");
    register(operator, family);
    String service = uniqueId("svc");
    CliResult created = EcsTesting.cli(operator, "create-service", "--cluster", group,
        "--service-name", service, "--task-definition", family, "--desired-count", "1");
    assertEquals(0, created.exit(), created.err());
    long r1 = revision(s1);
    long r2 = revision(s2);

    CliResult forced = EcsTesting.cli(operator, "update-service", "--cluster", group,
        "--service", service, "--force-new-deployment");
    assertEquals(0, forced.exit(), forced.err());
    assertEquals(r1 + 1, revision(s1));
    assertEquals(r2 + 1, revision(s2));
    assertEquals(1, serviceChange(desired(c1, r1), service).path("redeploys").asInt());
  }

  @Test
  void forcedDeployment_ofAMissingService_isServiceNotFound() {
    String store = uniqueId("s");
    enrolledStore(store, Map.of());
    Answer missing = EcsTesting.call(EcsTesting.key("operator"), "UpdateService",
        "{\"cluster\":\"" + store + "\",\"service\":\"nope\",\"forceNewDeployment\":true}");
    assertEquals(400, missing.status(), missing.body());
    assertEquals("ServiceNotFoundException", missing.type(), missing.body());
  }

  private static void register(Key key, String family) {
    Answer r = EcsTesting.call(key, "RegisterTaskDefinition", "{\"family\":\"" + family
        + "\",\"containerDefinitions\":[{\"name\":\"web\",\"image\":\"backroom/busybox:1\","
        + "\"memory\":64,\"essential\":true}]}");
    assertEquals(200, r.status(), r.body());
  }

  /** The answer a store's hub at {@code since} gets, without waiting. */
  private static JsonNode desired(String credential, long since) {
    String body = Cloud.as(credential).get("/sync/v1/desired?since=" + since + "&wait=0").then()
        .statusCode(200).extract().asString();
    try {
      return EcsTesting.JSON.readTree(body);
    } catch (java.io.IOException e) {
      throw new AssertionError("desired answer is not JSON: " + body, e);
    }
  }

  private static JsonNode serviceChange(JsonNode answer, String service) {
    for (JsonNode c : answer.path("changes")) {
      if (c.path("kind").asText().equals("SERVICE") && c.path("name").asText().equals(service)) {
        return c;
      }
    }
    throw new AssertionError("no change of service " + service + " in " + answer);
  }

  private static JsonNode listed(String service) {
    JsonNode all = EcsTesting.JSON.valueToTree(admin().get("/api/v1/desired").then()
        .statusCode(200).extract().as(List.class));
    for (JsonNode o : all) {
      if (o.path("kind").asText().equals("SERVICE") && o.path("name").asText().equals(service)) {
        return o;
      }
    }
    throw new AssertionError("no desired service " + service + " in " + all);
  }
}
