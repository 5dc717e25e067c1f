package dev.backroom.cloud.desired;

import static dev.backroom.cloud.support.Cloud.admin;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Verifies that a bad desired object is refused with 400 and every field path, over HTTP. */
@QuarkusTest
class BadSpecTest {
  record Case(String name, String path, Object body, String error, List<String> paths) {
    @Override
    public String toString() {
      return name;
    }
  }

  private static Map<String, Object> body(String selector, Object spec) {
    Map<String, Object> b = new java.util.HashMap<>();
    b.put("selector", selector);
    if (spec != null) {
      b.put("spec", spec);
    }
    return b;
  }

  static Stream<Case> cases() {
    Map<String, Object> noImage = Map.of("family", "web",
        "containerDefinitions", List.of(Map.of("name", "m")));
    Map<String, Object> otherFamily = Map.of("family", "other",
        "containerDefinitions", List.of(Map.of("name", "m", "image", "x", "memory", 64)));
    Map<String, Object> noTaskDefinition = Map.of("serviceName", "api", "desiredCount", 1);
    return Stream.of(
        new Case("image missing", "task-definitions/web", body("", noImage), "invalid_spec",
            List.of("spec.containerDefinitions[0].image")),
        new Case("family differs from path", "task-definitions/web", body("", otherFamily),
            "invalid_spec", List.of("spec.family")),
        new Case("bad selector and no spec", "task-definitions/web", body("a==b", null),
            "invalid_spec", List.of("selector", "spec")),
        new Case("service without taskDefinition", "services/api", body("", noTaskDefinition),
            "invalid_spec", List.of("spec.taskDefinition")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void badDesiredObject_isRefusedWithFieldPaths(Case c) {
    JsonPath p = admin().body(c.body()).put("/api/v1/desired/" + c.path()).then().statusCode(400)
        .extract().jsonPath();
    assertEquals(c.error(), p.getString("error"));
    List<String> paths = p.getList("violations.path");
    assertEquals(c.paths(), paths.stream().filter(c.paths()::contains).distinct().toList(),
        "violations: " + p.getList("violations"));
  }
}
