package dev.backroom.cloud.desired;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.backroom.config.validate.Violation;
import dev.backroom.sync.wire.DesiredKind;
import dev.backroom.sync.wire.SyncJson;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class SpecCheckTest {
  record Case(String name, DesiredKind kind, String objectName, String selector, String spec,
      List<String> paths) {
    @Override
    public String toString() {
      return name;
    }
  }

  private static final String TD = "{\"family\":\"web\",\"containerDefinitions\":[{\"name\":\"m\","
      + "\"image\":\"nginx\",\"memory\":64}]}";

  static Stream<Case> cases() {
    return Stream.of(
        new Case("valid task definition", DesiredKind.TASK_DEFINITION, "web", "region=eu", TD,
            List.of()),
        new Case("valid service", DesiredKind.SERVICE, "api", "",
            "{\"serviceName\":\"api\",\"taskDefinition\":\"web\",\"desiredCount\":1}", List.of()),
        new Case("family mismatch", DesiredKind.TASK_DEFINITION, "pos", "", TD,
            List.of("spec.family")),
        new Case("service name mismatch", DesiredKind.SERVICE, "other", "",
            "{\"serviceName\":\"api\",\"taskDefinition\":\"web\",\"desiredCount\":1}",
            List.of("spec.serviceName")),
        new Case("spec missing, selector broken", DesiredKind.SERVICE, "api", "k in (", null,
            List.of("selector", "spec")),
        new Case("spec not an object", DesiredKind.TASK_DEFINITION, "web", "", "[1]",
            List.of("spec")),
        new Case("wrong type keeps its path", DesiredKind.TASK_DEFINITION, "web", "",
            "{\"family\":\"web\",\"containerDefinitions\":[{\"name\":\"m\",\"image\":\"x\","
                + "\"memory\":\"lots\"}]}", List.of("spec.containerDefinitions[0].memory")),
        new Case("every container problem at once", DesiredKind.TASK_DEFINITION, "web", "",
            "{\"family\":\"web\",\"containerDefinitions\":[{\"name\":\"m\"},{\"image\":\"x\","
                + "\"memory\":64}]}",
            List.of("spec.containerDefinitions[0].image", "spec.containerDefinitions[1].name")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void violations_carryBodyRelativePaths(Case c) throws Exception {
    JsonNode spec = c.spec() == null ? null : SyncJson.mapper().readTree(c.spec());
    List<String> paths = SpecCheck.violations(c.kind(), c.objectName(), c.selector(), spec)
        .stream().map(Violation::path).filter(c.paths()::contains).distinct().toList();
    List<String> all = SpecCheck.violations(c.kind(), c.objectName(), c.selector(), spec)
        .stream().map(Violation::path).toList();
    assertEquals(c.paths(), paths, "all violations: " + all);
    if (c.paths().isEmpty()) {
      assertEquals(List.of(), all);
    }
  }
}
