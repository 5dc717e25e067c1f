package dev.backroom.hub.core.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** A cloud TASK object's spec: what a hub runs, and every reason it refuses one. */
class CloudTaskSpecTest {
  private static final String ID = "run-0123456789abcdef";
  private static final String TD = "\"taskDefinition\":{\"family\":\"job\",\"containerDefinitions\":"
      + "[{\"name\":\"main\",\"image\":\"busybox\",\"memory\":32}]}";

  private static JsonNode json(String s) throws Exception {
    return new ObjectMapper().readTree(s);
  }

  @Test
  void aFullSpec_readsIntoTheRequestTheHubRuns() throws Exception {
    CloudTaskSpec.Result r = CloudTaskSpec.read(ID, json("{" + TD + ",\"cloudTaskDefinition\":"
        + "\"job:3\",\"request\":{\"startedBy\":\"ci\",\"group\":\"db\",\"overrides\":"
        + "{\"containerOverrides\":[{\"name\":\"main\",\"command\":[\"migrate\"]}]}},"
        + "\"containerInstance\":\"nuc-1\",\"slot\":0,\"count\":1,\"cluster\":\"s-1\","
        + "\"requestedBy\":\"pipeline:K\",\"requestedAt\":\"2026-12-07T04:00:00Z\","
        + "\"stop\":{\"by\":\"pipeline:K\",\"reason\":\"done\",\"at\":\"2026-12-07T04:01:00Z\"}}"));
    assertTrue(r.problem().isEmpty(), r.problem().toString());
    CloudTaskSpec s = r.value();
    assertEquals("job", s.definition().family());
    assertEquals("ci", s.request().startedBy());
    assertEquals("db", s.request().group());
    assertEquals("migrate", s.request().containerOverrides().get(0).command().get(0));
    assertEquals("nuc-1", s.containerInstance());
    assertEquals("pipeline:K", s.requestedBy());
    assertEquals(new CloudTaskSpec.Stop("pipeline:K", "done"), s.stop());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
      "unknown member      | run-0123456789abcdef | {TD,'request':{},'extra':1}                    | extra: unknown member",
      "bad id              | task-1               | {TD,'request':{}}                              | name: a cloud task id",
      "no definition       | run-0123456789abcdef | {'request':{}}                                 | taskDefinition: the definition to run is required",
      "bad definition      | run-0123456789abcdef | {'taskDefinition':{'family':'x'},'request':{}} | taskDefinition.",
      "no request          | run-0123456789abcdef | {TD}                                           | request: the RunTask members are required",
      "count in request    | run-0123456789abcdef | {TD,'request':{'count':2}}                     | request: one task an object",
      "unknown in request  | run-0123456789abcdef | {TD,'request':{'cpu':1}}                       | request.",
      "stop not an object  | run-0123456789abcdef | {TD,'request':{},'stop':'now'}                 | stop: must be an object",
      "unknown stop member | run-0123456789abcdef | {TD,'request':{},'stop':{'when':1}}            | stop.when: unknown member",
      "requestedBy number  | run-0123456789abcdef | {TD,'request':{},'requestedBy':1}              | requestedBy: must be a string"})
  void refusals_nameTheMemberAndWhy(String name, String id, String spec, String expected)
      throws Exception {
    CloudTaskSpec.Result r = CloudTaskSpec.read(id, json(spec.replace("TD", TD)
        .replace('\'', '"')));
    assertNull(r.value(), name);
    assertTrue(r.problem().orElseThrow().contains(expected), name + ": " + r.problem());
  }
}
