package dev.backroom.cloud.support;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.util.Map;
import java.util.UUID;

/** Fixture builders for @QuarkusTest: stores, activations, enrolment and desired objects. */
public final class Cloud {
  public static final String ADMIN = "test-admin-token";

  private Cloud() {}

  public static RequestSpecification admin() {
    return given().header("Authorization", "Bearer " + ADMIN).contentType(ContentType.JSON);
  }

  public static RequestSpecification as(String credential) {
    return given().header("Authorization", "Bearer " + credential).contentType(ContentType.JSON);
  }

  /** A store id no other test uses (tests share one database). */
  public static String uniqueId(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  public record Activation(String id, String code) {}

  public static Activation activate(String storeId, Map<String, String> labels, long expiresIn,
      int maxUses) {
    Response r = admin().body(Map.of("storeId", storeId, "labels", labels, "expiresInSeconds",
        expiresIn, "maxUses", maxUses)).post("/api/v1/activations");
    r.then().statusCode(201);
    return new Activation(r.path("activationId"), r.path("activationCode"));
  }

  public static Response enroll(Activation a) {
    return given().contentType(ContentType.JSON)
        .body(Map.of("activationId", a.id(), "activationCode", a.code(), "hubName", "hub-1"))
        .post("/sync/v1/enroll");
  }

  /** Creates (through an activation) and enrols a store; returns its credential. */
  public static String enrolledStore(String storeId, Map<String, String> labels) {
    Response r = enroll(activate(storeId, labels, 3600, 1));
    r.then().statusCode(200);
    return r.path("credential");
  }

  public static Map<String, Object> taskDefinition(String family, String image) {
    return Map.of("family", family, "containerDefinitions", java.util.List.of(Map.of(
        "name", "main", "image", image, "memory", 64, "essential", true)));
  }

  public static Response putTaskDefinition(String family, String selector, Object spec) {
    return admin().body(Map.of("selector", selector, "spec", spec))
        .put("/api/v1/desired/task-definitions/" + family);
  }

  public static long revision(String storeId) {
    return admin().get("/api/v1/stores/" + storeId).then().statusCode(200).extract()
        .<Number>path("revision").longValue();
  }
}
