package dev.backroom.hub.core.standalone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backroom.config.validate.Violation;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every refusal of the RunTask reader names its path and says why. */
class RunTaskReaderTest {
  record Case(String name, String body, String path, String reasonPart) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> refusals() {
    return Stream.of(
        new Case("unknown top-level field", "{\"taskDefinition\":\"a\",\"tags\":[]}", "tags",
            "unknown field"),
        new Case("unknown override field", """
            {"taskDefinition":"a","overrides":{"containerOverrides":[{"name":"x","cmd":["a"]}]}}""",
            "overrides.containerOverrides[0].cmd", "unknown field"),
        new Case("task-level override", "{\"taskDefinition\":\"a\",\"overrides\":{\"memory\":\"5\"}}",
            "overrides.memory", "unknown field"),
        new Case("wrong type", "{\"taskDefinition\":\"a\",\"count\":\"two\"}", "count", "wrong type"),
        new Case("missing definition", "{\"count\":1}", "taskDefinition", "required"),
        new Case("bad definition ref", "{\"taskDefinition\":\"a:b:c\"}", "taskDefinition", "family"),
        new Case("count zero", "{\"taskDefinition\":\"a\",\"count\":0}", "count", "1 to 10"),
        new Case("count eleven", "{\"taskDefinition\":\"a\",\"count\":11}", "count", "1 to 10"),
        new Case("startedBy too long", "{\"taskDefinition\":\"a\",\"startedBy\":\"" + "x".repeat(129) + "\"}",
            "startedBy", "1-128"),
        new Case("startedBy with a space", "{\"taskDefinition\":\"a\",\"startedBy\":\"a b\"}",
            "startedBy", "letters"),
        new Case("clientToken too long", "{\"taskDefinition\":\"a\",\"clientToken\":\"" + "t".repeat(65) + "\"}",
            "clientToken", "64"),
        new Case("group with a space", "{\"taskDefinition\":\"a\",\"group\":\"a b\"}", "group", "letters"),
        new Case("override without a name", """
            {"taskDefinition":"a","overrides":{"containerOverrides":[{"command":["x"]}]}}""",
            "overrides.containerOverrides[0].name", "required"),
        new Case("container overridden twice", """
            {"taskDefinition":"a","overrides":{"containerOverrides":[{"name":"x"},{"name":"x"}]}}""",
            "overrides.containerOverrides[1].name", "twice"),
        new Case("environment without a name", """
            {"taskDefinition":"a","overrides":{"containerOverrides":[{"name":"x","environment":[{"value":"1"}]}]}}""",
            "overrides.containerOverrides[0].environment[0].name", "required"),
        new Case("bad constraint", """
            {"taskDefinition":"a","placementConstraints":[{"type":"memberOf","expression":"attribute:x =="}]}""",
            "placementConstraints[0].expression", "does not parse"),
        new Case("bad strategy", """
            {"taskDefinition":"a","placementStrategy":[{"type":"random"}]}""",
            "placementStrategy[0].type", "unknown strategy"),
        new Case("launch type", "{\"taskDefinition\":\"a\",\"launchType\":\"FARGATE\"}", "launchType",
            "EXTERNAL"),
        new Case("not JSON", "{", "$", "not valid JSON"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refusals")
  void refuses(Case c) {
    RunTaskReader.Result r = RunTaskReader.read(c.body());
    assertFalse(r.ok(), c.name());
    Violation v = r.violations().stream().filter(x -> x.path().equals(c.path())).findFirst()
        .orElseThrow(() -> new AssertionError(c.path() + " not in " + r.violations()));
    assertTrue(v.reason().contains(c.reasonPart()), v.toString());
  }

  @Test
  void fullEcsShapedRequest_isRead() {
    RunTaskReader.Result r = RunTaskReader.read("""
        {"cluster":"default","launchType":"EXTERNAL","taskDefinition":"job:1","count":10,
         "startedBy":"ci/nightly_1","group":"family:job","clientToken":"6f1c-aa!~",
         "overrides":{"containerOverrides":[{"name":"main","command":["true"],
           "environment":[{"name":"A","value":"1"}],"cpu":128,"memory":64,"memoryReservation":32,
           "resourceRequirements":[{"type":"GPU","value":"1"}]}]},
         "placementConstraints":[{"type":"distinctInstance"}],
         "placementStrategy":[{"type":"binpack","field":"memory"}]}""");
    assertTrue(r.ok(), r.violations().toString());
    assertEquals(10, r.value().countOrDefault());
    assertEquals("main", r.value().containerOverrides().get(0).name());
  }
}
