package dev.backroom.hub.auth;

import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * How @QuarkusTests talk to the hub with auth on: {@link #given()} is RestAssured's, as the
 * bootstrap admin of the test profile; {@link #as} as any token; {@link #anonymous()} with none.
 */
public final class AuthTesting {
  private AuthTesting() {}

  public static String bootstrapToken() {
    return ConfigProvider.getConfig().getValue("backroom.auth.bootstrap-token", String.class);
  }

  public static RequestSpecification given() {
    return as(bootstrapToken());
  }

  public static RequestSpecification as(String token) {
    return RestAssured.given().header("Authorization", "Bearer " + token);
  }

  public static RequestSpecification anonymous() {
    return RestAssured.given();
  }

  /** Creates {@code username} with {@code role} unless it exists, and a new token for it. */
  public static String tokenFor(String username, String role) {
    int status = given().contentType("application/json").body("{\"username\":\"" + username
        + "\",\"password\":\"" + password(username) + "\",\"role\":\"" + role + "\"}")
        .post("/api/v1/users").then().extract().statusCode();
    if (status != 201 && status != 409) {
      throw new AssertionError("creating user " + username + " answered " + status);
    }
    return given().contentType("application/json")
        .body("{\"username\":\"" + username + "\",\"name\":\"test\"}")
        .post("/api/v1/tokens").then().statusCode(201).extract().path("token");
  }

  /** The password {@link #tokenFor} gives a user it creates. */
  public static String password(String username) {
    return "pw-of-" + username + "-0123";
  }
}
