package dev.backroom.cloud.ecs;

import static dev.backroom.cloud.support.Cloud.admin;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The cloud's access keys over REST: the operator's only, the secret shown once. */
@QuarkusTest
class CloudAccessKeyTest {
  private static final String KEYS = "/api/v1/access-keys";

  @Test
  void create_showsTheSecretOnce_listAndGetNever() {
    JsonPath k = admin().body("{\"role\":\"operator\",\"description\":\"ci\","
        + "\"expiresInSeconds\":3600}").post(KEYS).then().statusCode(201).extract().jsonPath();
    String id = k.getString("accessKeyId");
    assertEquals(40, k.getString("secretAccessKey").length());
    assertEquals("operator", k.getString("role"));
    assertEquals("pipeline:" + id, k.getString("owner"));
    assertEquals("ACTIVE", k.getString("status"));
    admin().get(KEYS + "/" + id).then().statusCode(200)
        .body("secretAccessKey", nullValue()).body("role", equalTo("operator"))
        .body("expiresAt", not(nullValue()));
    String list = admin().get(KEYS).then().statusCode(200)
        .body("accessKeyId", hasItem(id)).extract().asString();
    assertEquals(-1, list.indexOf(k.getString("secretAccessKey")));
  }

  @Test
  void disableEnableDelete() {
    String id = admin().body("{\"role\":\"viewer\"}").post(KEYS).then().statusCode(201)
        .extract().path("accessKeyId");
    admin().post(KEYS + "/" + id + "/disable").then().statusCode(200)
        .body("status", equalTo("DISABLED"));
    admin().post(KEYS + "/" + id + "/enable").then().statusCode(200)
        .body("status", equalTo("ACTIVE"));
    admin().body("{\"really\":true}").post(KEYS + "/" + id + "/disable").then().statusCode(400)
        .body("message", containsString("this action takes no body"));
    admin().delete(KEYS + "/" + id).then().statusCode(204);
    admin().delete(KEYS + "/" + id).then().statusCode(404)
        .body("message", containsString("no access key " + id));
    admin().get(KEYS + "/" + id).then().statusCode(404);
  }

  static List<Object[]> refusedBodies() {
    return List.of(
        new Object[] {"{}", "role", "a pipeline key (no username) needs a role"},
        new Object[] {"{\"role\":\"root\"}", "role", "must be one of [viewer, operator, admin]"},
        new Object[] {"{\"role\":\"viewer\",\"username\":\"ann\"}", "username",
            "unknown field: the body takes role, description, expiresInSeconds"},
        new Object[] {"{\"role\":\"viewer\",\"expiresInSeconds\":10}", "expiresInSeconds",
            "from 60 to"},
        new Object[] {"{\"role\":\"viewer\",\"expiresInSeconds\":90.5}", null,
            "not valid JSON of the expected shape"},
        new Object[] {"{\"role\":\"viewer\",\"description\":\"" + "d".repeat(257) + "\"}",
            "description", "at most 256 characters"},
        new Object[] {"", "", "a JSON body is required"});
  }

  @ParameterizedTest
  @MethodSource("refusedBodies")
  void badRequests_are400_namingTheField(String body, String field, String message) {
    var r = admin().body(body).post(KEYS).then().statusCode(400)
        .body("message", containsString(message));
    if (field != null) {
      r.body("violations.path", hasItem(field));
    }
  }

  @Test
  void withoutTheAdminToken_401() {
    given().contentType("application/json").body("{\"role\":\"admin\"}").post(KEYS).then()
        .statusCode(401);
    given().header("Authorization", "Bearer nope").get(KEYS).then().statusCode(401);
  }

  @Test
  void unknownIdShapes_are404() {
    for (String id : List.of("BKRMAAAAAAAAAAAAAAAA", "nope", "x".repeat(100))) {
      admin().get(KEYS + "/" + id).then().statusCode(404);
      admin().post(KEYS + "/" + id + "/enable").then().statusCode(404);
    }
  }
}
