package dev.backroom.cloud.desired;

import static dev.backroom.cloud.support.Cloud.as;
import static dev.backroom.cloud.support.Cloud.enrolledStore;
import static dev.backroom.cloud.support.Cloud.putTaskDefinition;
import static dev.backroom.cloud.support.Cloud.taskDefinition;
import static dev.backroom.cloud.support.Cloud.uniqueId;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Verifies that a hub behind the pruned change log gets a full snapshot, not a partial diff. */
@QuarkusTest
@TestProfile(ChangeLogHorizonTest.ShortLog.class)
class ChangeLogHorizonTest {
  public static class ShortLog implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("backroom.cloud.change-log-revisions", "2");
    }
  }

  @Test
  void sinceOlderThanHorizon_getsFullSnapshot_newerGetsIncrement() {
    String store = uniqueId("hz");
    String cred = enrolledStore(store, Map.of());
    String sel = "store.id=" + store;
    for (int i = 1; i <= 5; i++) {
      putTaskDefinition("f" + i, sel, taskDefinition("f" + i, "x:1")).then().statusCode(200);
    }
    JsonPath old = as(cred).get("/sync/v1/desired?since=1").then().statusCode(200)
        .extract().jsonPath();
    assertEquals(true, old.getBoolean("full"));
    assertEquals(5, old.getLong("revision"));
    assertEquals(List.of("f1", "f2", "f3", "f4", "f5"), old.getList("changes.name"));
    JsonPath recent = as(cred).get("/sync/v1/desired?since=3").then().statusCode(200)
        .extract().jsonPath();
    assertEquals(false, recent.getBoolean("full"));
    assertEquals(List.of("f4", "f5"), recent.getList("changes.name"));
  }
}
