package dev.backroom.hub.core.standalone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backroom.config.json.Json;
import dev.backroom.config.model.ContainerDefinition;
import dev.backroom.config.model.KeyValuePair;
import dev.backroom.config.model.RestartPolicy;
import dev.backroom.config.model.TaskDefinition;
import dev.backroom.config.validate.Violation;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Overrides applied to a definition, the run-once default, groups and the request digest. */
class RunTaskPlanTest {
  static final TaskDefinition BASE = Json.read("""
      {"family":"job","revision":3,"networkMode":"host","containerDefinitions":[
        {"name":"main","image":"backroom/busybox:1","memory":64,"command":["sh","-c","echo base"],
         "environment":[{"name":"A","value":"1"},{"name":"B","value":"1"}]},
        {"name":"side","image":"backroom/busybox:1","memory":32,"essential":false,
         "restartPolicy":{"enabled":true}}]}""", TaskDefinition.class);

  static RunTaskRequest request(String json) {
    RunTaskReader.Result r = RunTaskReader.read(json);
    assertTrue(r.ok(), r.violations().toString());
    return r.value();
  }

  @Test
  void overrides_replaceCommandAndResources_mergeEnvironment_andTouchNothingElse() {
    RunTaskPlan plan = RunTaskPlan.compute(request("""
        {"taskDefinition":"job","count":2,"overrides":{"containerOverrides":[{"name":"main",
         "command":["sh","-c","exit 3"],"environment":[{"name":"B","value":"2"},{"name":"C","value":"3"}],
         "memory":128,"cpu":256}]}}"""), BASE);
    assertTrue(plan.ok(), plan.violations().toString());
    ContainerDefinition main = plan.definition().containers().get(0);
    assertEquals(List.of("sh", "-c", "exit 3"), main.command());
    assertEquals(List.of(new KeyValuePair("A", "1"), new KeyValuePair("B", "2"),
        new KeyValuePair("C", "3")), main.environment());
    assertEquals(128, main.memory());
    assertEquals(256, main.cpu());
    assertEquals("backroom/busybox:1", main.image());
    assertEquals("host", plan.definition().networkMode());
    assertEquals(BASE.containers().get(1).withOverrides(null, null, null, 32, null, null)
        .memory(), plan.definition().containers().get(1).memory());
    assertEquals(2, plan.requests().size());
    assertEquals("family:job", plan.group());
    assertEquals("group:family:job", plan.requests().get(0).serviceName());
  }

  @Test
  void containerWithoutRestartPolicy_runsOnce_butAnExplicitPolicyIsKept() {
    RunTaskPlan plan = RunTaskPlan.compute(request("{\"taskDefinition\":\"job\"}"), BASE);
    RestartPolicy main = plan.definition().containers().get(0).restartPolicy();
    assertEquals(RestartPolicy.NEVER, main.effectivePolicy());
    assertFalse(main.shouldRestart(3, 0));
    assertEquals(BASE.containers().get(1).restartPolicy(),
        plan.definition().containers().get(1).restartPolicy());
    assertNull(BASE.containers().get(0).restartPolicy(), "the registered revision is untouched");
  }

  @Test
  void overrideOfAnUnknownContainer_isRefusedAtItsPath() {
    RunTaskPlan plan = RunTaskPlan.compute(request("""
        {"taskDefinition":"job","overrides":{"containerOverrides":[{"name":"main"},{"name":"nope"}]}}"""),
        BASE);
    assertFalse(plan.ok());
    assertEquals(List.of(new Violation("overrides.containerOverrides[1].name",
        "job:3 has no container nope; it has main, side")), plan.violations());
  }

  @Test
  void overrideThatBreaksTheDefinition_isRefusedAtTheOverride() {
    RunTaskPlan plan = RunTaskPlan.compute(request("""
        {"taskDefinition":"job","overrides":{"containerOverrides":[{"name":"side","memory":2}]}}"""),
        BASE);
    assertFalse(plan.ok());
    assertTrue(plan.violations().stream().anyMatch(v ->
        v.path().equals("overrides.containerOverrides[0].memory")), plan.violations().toString());
  }

  @Test
  void digest_fillsDefaults_butSeesEveryParameter() {
    String bare = RunTaskPlan.compute(request("{\"taskDefinition\":\"job\",\"clientToken\":\"a\"}"), BASE).digest();
    assertEquals(bare, RunTaskPlan.compute(request(
        "{\"taskDefinition\":\"job:3\",\"count\":1,\"group\":\"family:job\",\"clientToken\":\"b\"}"), BASE).digest());
    assertNotEquals(bare, RunTaskPlan.compute(request(
        "{\"taskDefinition\":\"job\",\"count\":2}"), BASE).digest());
    assertNotEquals(bare, RunTaskPlan.compute(request(
        "{\"taskDefinition\":\"job\",\"startedBy\":\"ci\"}"), BASE).digest());
  }

  @Test
  void explicitGroup_isTheSchedulerKey() {
    RunTaskPlan plan = RunTaskPlan.compute(request(
        "{\"taskDefinition\":\"job\",\"group\":\"nightly\"}"), BASE);
    assertEquals("nightly", plan.group());
    assertEquals("group:nightly", plan.requests().get(0).serviceName());
  }
}
