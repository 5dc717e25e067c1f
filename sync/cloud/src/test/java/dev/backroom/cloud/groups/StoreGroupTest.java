package dev.backroom.cloud.groups;

import static dev.backroom.cloud.support.Cloud.admin;
import static dev.backroom.cloud.support.Cloud.enrolledStore;
import static dev.backroom.cloud.support.Cloud.uniqueId;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Store groups over REST: named selectors, never named as a store. */
@QuarkusTest
class StoreGroupTest {
  private static final String LIST = "/api/v1/store-groups";
  private static final String GROUPS = LIST + "/";

  @Test
  void putGetListReplaceDelete() {
    String region = uniqueId("eu");
    String store = uniqueId("s");
    enrolledStore(store, Map.of("region", region, "format", "mini"));
    String name = uniqueId("eu-mini");
    admin().body("{\"selector\":\"format=mini,region=" + region + "\"}").put(GROUPS + name)
        .then().statusCode(201).body("name", equalTo(name))
        .body("selector", containsString("region=" + region))
        .body("stores", equalTo(List.of(store)));
    admin().get(LIST).then().statusCode(200).body("name", hasItem(name));
    admin().body("{\"selector\":\"region=nowhere\"}").put(GROUPS + name).then().statusCode(200)
        .body("stores", equalTo(List.of()));
    admin().delete(GROUPS + name).then().statusCode(204);
    admin().get(GROUPS + name).then().statusCode(404)
        .body("message", containsString("no store group " + name));
    admin().delete(GROUPS + name).then().statusCode(404);
  }

  @Test
  void aGroupNamedAsAStore_andAStoreNamedAsAGroup_are409() {
    String store = uniqueId("s");
    enrolledStore(store, Map.of());
    admin().body("{\"selector\":\"region=eu\"}").put(GROUPS + store).then().statusCode(409)
        .body("message", containsString("a store has that id"));
    String group = uniqueId("g");
    admin().body("{\"selector\":\"region=eu\"}").put(GROUPS + group).then().statusCode(201);
    admin().body(Map.of("id", group, "labels", Map.of())).post("/api/v1/stores").then()
        .statusCode(409).body("message", containsString("a store group has that name"));
    admin().body(Map.of("storeId", group, "labels", Map.of(), "expiresInSeconds", 60,
        "maxUses", 1)).post("/api/v1/activations").then().statusCode(409)
        .body("message", containsString("a store group has that name"));
  }

  @Test
  void badInput_is400_namingTheField() {
    admin().body("{\"selector\":\"region=\"}").put(GROUPS + uniqueId("g")).then()
        .statusCode(400).body("violations.path", hasItem("selector"));
    admin().body("{}").put(GROUPS + uniqueId("g")).then().statusCode(400)
        .body("violations.path", hasItem("selector"));
    admin().body("{\"selector\":\"a=b\",\"stores\":[]}").put(GROUPS + uniqueId("g")).then()
        .statusCode(400).body("violations.path", hasItem("stores"))
        .body("message", containsString("unknown field"));
    admin().body("{\"selector\":\"a=b\"}").put(GROUPS + "bad.name").then().statusCode(400)
        .body("violations.path", hasItem("name"));
    admin().body("{\"selector\":\"a=b\"}").put(GROUPS + "x".repeat(256)).then().statusCode(400)
        .body("violations.path", hasItem("name"));
  }

  @Test
  void withoutTheAdminToken_401() {
    given().contentType("application/json").body("{\"selector\":\"a=b\"}")
        .put(GROUPS + uniqueId("g")).then().statusCode(401);
    given().get(LIST).then().statusCode(401);
  }
}
