package dev.backroom.hub.auth;

import static dev.backroom.hub.auth.AuthTesting.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Verifies that creating a user and setting a password both refuse weak passwords with 400
 * {@code {error: "weak_password", message}}, the message naming the rule, and store nothing.
 */
@QuarkusTest
class UserPasswordPolicyTest {
  record Case(String password, String rule) {
    @Override
    public String toString() {
      return rule;
    }
  }

  static List<Case> weak() {
    return List.of(new Case("short", "length"), new Case(" ".repeat(12), "whitespace_only"),
        new Case("aaaaaaaaaa", "one_character"), new Case("password123", "common"),
        new Case("QWERTYUIOP", "common"));
  }

  @ParameterizedTest
  @MethodSource("weak")
  void weakPassword_isRefusedOnCreate_andOnChange(Case c) {
    String user = "pw-" + c.rule().replace('_', '-');
    given().contentType("application/json").body("{\"username\":\"" + user + "\",\"password\":\""
        + c.password() + "\",\"role\":\"viewer\"}").post("/api/v1/users").then().statusCode(400)
        .body("error", equalTo("weak_password"))
        .body("message", containsString("rule " + c.rule()))
        .body("violations[0].path", equalTo("password"));
    given().get("/api/v1/users/" + user).then().statusCode(404);

    given().contentType("application/json").body("{\"username\":\"" + user + "\",\"password\":"
        + "\"a fine password 7\",\"role\":\"viewer\"}").post("/api/v1/users").then()
        .statusCode(201);
    given().contentType("application/json").body("{\"password\":\"" + c.password() + "\"}")
        .put("/api/v1/users/" + user + "/password").then().statusCode(400)
        .body("error", equalTo("weak_password"))
        .body("message", containsString("rule " + c.rule()));
    AuthTesting.anonymous().contentType("application/json")
        .body("{\"username\":\"" + user + "\",\"password\":\"a fine password 7\"}")
        .post("/api/v1/login").then().statusCode(200);
    given().delete("/api/v1/users/" + user).then().statusCode(204);
  }

  /** A bad username and a weak password together: the usual 400 with both violations. */
  @org.junit.jupiter.api.Test
  void otherViolationsToo_areListedTogether() {
    given().contentType("application/json")
        .body("{\"username\":\"Bad Name\",\"password\":\"aaaaaaaaaa\",\"role\":\"viewer\"}")
        .post("/api/v1/users").then().statusCode(400)
        .body("violations.path", org.hamcrest.Matchers.hasItems("username", "password"));
  }
}
