package dev.backroom.hub.core.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.backroom.config.json.Json;
import dev.backroom.config.model.Service;
import dev.backroom.config.model.TaskDefinition;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ConvergePlanTest {

  private static TaskDefinition td(String family, String image, Integer revision) {
    return Json.read("""
        {"family":"%s","revision":%s,"containerDefinitions":[{"name":"m","image":"%s","memory":32}]}"""
        .formatted(family, revision, image), TaskDefinition.class);
  }

  /** As the hub stores a registered definition. */
  private static TaskDefinition stored(TaskDefinition td) {
    return td.withEffectiveNetworkMode();
  }

  private static Service svc(String name, String td, int count) {
    return Json.read("""
        {"serviceName":"%s","taskDefinition":"%s","desiredCount":%d}""".formatted(name, td, count),
        Service.class);
  }

  private static ConvergePlan.Existing have(String name, String ref, int count, String origin) {
    return new ConvergePlan.Existing(svc(name, ref, count), "cloud".equals(origin));
  }

  record TdCase(String name, List<TaskDefinition> cloud, Map<String, TaskDefinition> latest,
      List<String> expectedFamilies) {}

  static Stream<TdCase> tdCases() {
    return Stream.of(
        new TdCase("new family registers", List.of(td("a", "img:1", null)), Map.of(), List.of("a")),
        new TdCase("equal spec registers nothing, whatever the revision number",
            List.of(td("a", "img:1", null)), Map.of("a", stored(td("a", "img:1", 7))), List.of()),
        new TdCase("no networkMode equals the stored bridge default: nothing to register",
            List.of(td("a", "img:1", null)),
            Map.of("a", td("a", "img:1", 7).withNetworkMode("bridge")), List.of()),
        new TdCase("no networkMode against a revision that runs in host mode registers",
            List.of(td("a", "img:1", null)),
            Map.of("a", td("a", "img:1", 7).withNetworkMode("host")), List.of("a")),
        new TdCase("changed image registers", List.of(td("a", "img:2", null)),
            Map.of("a", td("a", "img:1", 3)), List.of("a")),
        new TdCase("sorted by family", List.of(td("b", "x", null), td("a", "x", null)), Map.of(),
            List.of("a", "b")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("tdCases")
  void taskDefinitionsToRegister(TdCase c) {
    assertEquals(c.expectedFamilies(), ConvergePlan.taskDefinitionsToRegister(c.cloud(), c.latest())
        .stream().map(TaskDefinition::family).toList(), c.name());
  }

  private static TaskDefinition withMode(TaskDefinition td, String mode) {
    return td.withNetworkMode(mode);
  }

  /**
   * @param expected what is registered, as "family mode image"
   * @param keptHost the families told they keep host
   */
  record KeptCase(String name, List<TaskDefinition> cloud, Map<String, TaskDefinition> latest,
      Set<String> hostKept, List<String> expected, List<String> keptHost) {}

  static Stream<KeptCase> keptCases() {
    TaskDefinition migrated = td("a", "img:1", 4).withNetworkMode("host");
    return Stream.of(
        new KeptCase("no networkMode, family V11 gave host: compared as host, nothing registered",
            List.of(td("a", "img:1", null)), Map.of("a", migrated), Set.of("a"), List.of(),
            List.of("a")),
        new KeptCase("no networkMode, changed image, family kept host: registered host",
            List.of(td("a", "img:2", null)), Map.of("a", migrated), Set.of("a"),
            List.of("a host img:2"), List.of("a")),
        new KeptCase("explicit bridge for a kept family: registered bridge, nothing kept",
            List.of(withMode(td("a", "img:1", null), "bridge")), Map.of("a", migrated),
            Set.of("a"), List.of("a bridge img:1"), List.of()),
        new KeptCase("explicit host for a kept family equals it: nothing, nothing kept",
            List.of(withMode(td("a", "img:1", null), "host")), Map.of("a", migrated),
            Set.of("a"), List.of(), List.of()),
        new KeptCase("a family with no migrated revision follows the default: bridge",
            List.of(td("b", "img:1", null)), Map.of("a", migrated, "b", stored(td("b", "img:0", 1))),
            Set.of("a"), List.of("b bridge img:1"), List.of()),
        new KeptCase("host revision registered with host explicitly is not kept: bridge",
            List.of(td("a", "img:1", null)), Map.of("a", migrated), Set.of(),
            List.of("a bridge img:1"), List.of()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("keptCases")
  void familiesThatRanHostBeforeTheUpgrade_keepHost(KeptCase c) {
    assertEquals(c.expected(), ConvergePlan.taskDefinitionsToRegister(c.cloud(), c.latest(),
        c.hostKept()).stream().map(td -> td.family() + " " + td.networkMode() + " "
            + td.containers().get(0).image()).toList(), c.name());
    assertEquals(c.keptHost(), ConvergePlan.keptHost(c.cloud(), c.hostKept()), c.name());
  }

  record SvcCase(String name, List<Service> cloud, List<ConvergePlan.Existing> existing, List<String> expected) {}

  static Stream<SvcCase> svcCases() {
    return Stream.of(
        new SvcCase("missing is created", List.of(svc("x", "a", 1)), List.of(), List.of("CREATE x a:2")),
        new SvcCase("equal cloud-owned does nothing", List.of(svc("x", "a", 1)),
            List.of(have("x", "a:2", 1, "cloud")), List.of()),
        new SvcCase("local edit of cloud-owned is overwritten", List.of(svc("x", "a", 1)),
            List.of(have("x", "a:2", 3, "cloud")), List.of("UPDATE x a:2")),
        new SvcCase("older revision follows the family's latest", List.of(svc("x", "a", 1)),
            List.of(have("x", "a:1", 1, "cloud")), List.of("UPDATE x a:2")),
        new SvcCase("equal local service is adopted", List.of(svc("x", "a", 1)),
            List.of(have("x", "a:2", 1, "local")), List.of("UPDATE x a:2")),
        new SvcCase("cloud-owned no longer sent is deleted, local stays", List.of(),
            List.of(have("x", "a:2", 1, "cloud"), have("l", "a:2", 1, "local")), List.of("DELETE x")),
        new SvcCase("unknown family is skipped", List.of(svc("y", "nope", 1)), List.of(),
            List.of("SKIP y")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("svcCases")
  void services(SvcCase c) {
    List<String> got = ConvergePlan.services(c.cloud(), Map.of("a", "a:2"), c.existing()).stream()
        .map(a -> a.op() + " " + a.name() + (a.spec() == null ? "" : " " + a.spec().taskDefinition()))
        .toList();
    assertEquals(c.expected(), got, c.name());
  }
}
