package dev.backroom.config.ecs;

import static dev.backroom.config.validate.ViolationAssert.assertViolations;
import static dev.backroom.config.validate.ViolationAssert.at;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.backroom.config.json.Json;
import dev.backroom.config.json.SpecReader;
import dev.backroom.config.model.TaskDefinition;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every refused field and value, posted in a realistic shape, is a 400 naming path and reason. */
class EcsFieldCheckTest {
  static final String BASE = """
      {"family": "web", "networkMode": "host",
       "volumes": [{"name": "data", "host": {"sourcePath": "/srv/data"}}],
       "containerDefinitions": [{"name": "app", "image": "nginx:1.27", "memory": 64,
         "mountPoints": [{"sourceVolume": "data", "containerPath": "/data"}]}]}""";

  /** A value as real task definitions carry it, for every REFUSED row. */
  static final Map<String, String> REALISTIC = Map.ofEntries(
      Map.entry("volumes[].efsVolumeConfiguration", "{\"fileSystemId\": \"fs-1234\"}"),
      Map.entry("volumes[].fsxWindowsFileServerVolumeConfiguration",
          "{\"fileSystemId\": \"fs-1\", \"rootDirectory\": \"share\"}"),
      Map.entry("volumes[].configuredAtLaunch", "true"),
      Map.entry("pidMode", "\"host\""),
      Map.entry("ipcMode", "\"host\""),
      Map.entry("proxyConfiguration", "{\"type\": \"APPMESH\", \"containerName\": \"envoy\"}"),
      Map.entry("inferenceAccelerators", "[{\"deviceName\": \"d\", \"deviceType\": \"eia2.medium\"}]"),
      Map.entry("ephemeralStorage", "{\"sizeInGiB\": 30}"),
      Map.entry("enableFaultInjection", "true"),
      Map.entry("containerDefinitions[].portMappings[].containerPortRange", "\"8000-8010\""),
      Map.entry("containerDefinitions[].logConfiguration.secretOptions",
          "[{\"name\": \"splunk-token\", \"valueFrom\": \"arn:aws:ssm:eu-west-1:1:parameter/t\"}]"),
      Map.entry("containerDefinitions[].links", "[\"db:db\"]"),
      Map.entry("containerDefinitions[].secrets",
          "[{\"name\": \"DB_PASSWORD\", \"valueFrom\": \"arn:aws:ssm:eu-west-1:1:parameter/db\"}]"),
      Map.entry("containerDefinitions[].repositoryCredentials",
          "{\"credentialsParameter\": \"arn:aws:secretsmanager:eu-west-1:1:secret:reg\"}"),
      Map.entry("containerDefinitions[].firelensConfiguration", "{\"type\": \"fluentbit\"}"),
      Map.entry("containerDefinitions[].credentialSpecs", "[\"credentialspec:file://gmsa.json\"]"),
      Map.entry("containerDefinitions[].versionConsistency", "\"disabled\""));

  /** Where a refused row's parent object is put first, for rows below a container field. */
  static final Map<String, String> PARENT = Map.of(
      "containerDefinitions[].portMappings[].containerPortRange",
      "containerDefinitions[].portMappings=[{\"containerPort\": 8000}]",
      "containerDefinitions[].logConfiguration.secretOptions",
      "containerDefinitions[].logConfiguration={\"logDriver\": \"json-file\"}");

  record Case(String name, String path, String value, String violationPath, String reason) {
    @Override
    public String toString() {
      return name;
    }
  }

  /**
   * Puts {@code value} at a row path: on the first container or volume (or the first element or
   * object below it), or at the top.
   */
  static String with(String rowPath, String value) {
    ObjectNode root = (ObjectNode) tree(BASE);
    String parent = PARENT.get(rowPath);
    if (parent != null) {
      int eq = parent.indexOf('=');
      set(root, parent.substring(0, eq), tree(parent.substring(eq + 1)));
    }
    set(root, rowPath, tree(value));
    return root.toString();
  }

  private static void set(ObjectNode root, String rowPath, JsonNode v) {
    String[] parts = rowPath.split("\\.");
    ObjectNode at = root;
    for (int i = 0; i < parts.length - 1; i++) {
      String name = parts[i].replace("[]", "");
      JsonNode next = at.get(name);
      at = (ObjectNode) (parts[i].endsWith("[]") ? next.get(0) : next);
    }
    at.set(parts[parts.length - 1], v);
  }

  static String concrete(String rowPath) {
    return rowPath.replace("[]", "[0]");
  }

  static JsonNode tree(String json) {
    try {
      return Json.mapper().readTree(json);
    } catch (Exception e) {
      throw new IllegalArgumentException(json, e);
    }
  }

  static Stream<Case> refusals() {
    Stream<Case> fields = EcsFields.fields().stream()
        .filter(f -> f.treatment() == EcsFields.Treatment.REFUSED)
        .map(f -> new Case(f.path(), f.path(), REALISTIC.get(f.path()), concrete(f.path()),
            f.backroom()));
    Stream<Case> values = EcsFields.refusedValues().stream()
        .map(v -> switch (v.path()) {
          case "requiresCompatibilities" -> new Case(v.path() + " " + v.value(), v.path(),
              "[\"" + v.value() + "\"]", v.path() + "[0]", v.reason());
          case "containerDefinitions[].logConfiguration.logDriver" -> new Case(
              v.path() + " " + v.value(), "containerDefinitions[].logConfiguration",
              "{\"logDriver\": \"" + v.value() + "\"}", concrete(v.path()), v.reason());
          default -> new Case(v.path() + " " + v.value(), v.path(), "\"" + v.value() + "\"",
              v.path(), v.reason());
        });
    Stream<Case> unknown = Stream.of(
        new Case("misspelt task field", "famly", "\"web\"", "famly", EcsFieldCheck.UNKNOWN),
        new Case("misspelt container field", "containerDefinitions[].imagee", "\"x\"",
            "containerDefinitions[0].imagee", EcsFieldCheck.UNKNOWN),
        new Case("unknown nested field", "volumes[].host", "{\"sourcePath\": \"/srv\", \"path\": \"/srv\"}",
            "volumes[0].host.path", EcsFieldCheck.UNKNOWN),
        new Case("output field posted back", "taskDefinitionArn",
            "\"arn:aws:ecs:eu-west-1:1:task-definition/web:1\"", "taskDefinitionArn",
            EcsFieldCheck.UNKNOWN));
    return Stream.of(fields, values, unknown).flatMap(s -> s);
  }

  @Test
  void everyRefusedRow_hasARealisticCase() {
    List<String> without = EcsFields.fields().stream()
        .filter(f -> f.treatment() == EcsFields.Treatment.REFUSED)
        .map(EcsFields.Field::path).filter(p -> !REALISTIC.containsKey(p)).toList();

    assertEquals(List.of(), without);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refusals")
  void refusedFieldOrValue_namesItsPathAndReason(Case c) {
    SpecReader.Result<TaskDefinition> r = SpecReader.taskDefinition(with(c.path(), c.value()));

    assertNull(r.value());
    assertViolations(r.violations(), at(c.violationPath(), c.reason()));
  }

  /** Empty lists and maps, null and false are what Docker does without the field: no-ops. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("noOps")
  void refusedFieldWithItsEmptyValue_isANoOp(String path, String value) {
    SpecReader.Result<TaskDefinition> r = SpecReader.taskDefinition(with(path, value));

    assertTrue(r.ok(), () -> r.violations().toString());
  }

  static Stream<org.junit.jupiter.params.provider.Arguments> noOps() {
    return Stream.of(
        org.junit.jupiter.params.provider.Arguments.of("containerDefinitions[].links", "[]"),
        org.junit.jupiter.params.provider.Arguments.of("containerDefinitions[].secrets", "[]"),
        org.junit.jupiter.params.provider.Arguments.of("containerDefinitions[].firelensConfiguration",
            "null"),
        org.junit.jupiter.params.provider.Arguments.of("proxyConfiguration", "{}"),
        org.junit.jupiter.params.provider.Arguments.of("enableFaultInjection", "false"),
        org.junit.jupiter.params.provider.Arguments.of("pidMode", "null"));
  }

  @Test
  void acceptedNoEffectFields_areKept() {
    String json = with("tags", "[{\"key\": \"team\", \"value\": \"pos\"}]")
        .replace("\"family\"", "\"requiresCompatibilities\": [\"EXTERNAL\"],"
            + " \"taskRoleArn\": \"arn:aws:iam::1:role/t\","
            + " \"executionRoleArn\": \"arn:aws:iam::1:role/e\", \"family\"");

    SpecReader.Result<TaskDefinition> r = SpecReader.taskDefinition(json);

    assertTrue(r.ok(), () -> r.violations().toString());
    assertEquals(tree(json), tree(Json.write(r.value())), "written back exactly as posted");
  }

  @Test
  void everyViolation_isCollected_notOnlyTheFirst() {
    String json = with("containerDefinitions[].links", "[\"db\"]")
        .replace("\"family\"", "\"pidMode\": \"host\", \"colour\": 1, \"family\"");

    assertViolations(SpecReader.taskDefinition(json).violations(),
        at("containerDefinitions[0].links", "legacy default bridge"),
        at("pidMode", "not supported yet"), at("colour", "unknown field"));
  }
}
