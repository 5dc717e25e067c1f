package dev.backroom.hub.core.standalone;

import static dev.backroom.hub.core.scheduler.Fixtures.device;
import static dev.backroom.hub.core.scheduler.Fixtures.request;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.backroom.hub.core.scheduler.DeviceSnapshot;
import dev.backroom.hub.core.scheduler.PlacementRequest;
import dev.backroom.hub.core.scheduler.Scheduler;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * ECS failure codes from the real scheduler's objections: verifies that the words the checks
 * use still map to the right code (a rewording that breaks the mapping fails here).
 */
class PlacementFailuresTest {
  record Case(String name, PlacementRequest request, DeviceSnapshot device, String code) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case("memory", request("r#0", "group:g").memory(8192).build(),
            device("d1").build(), RunTaskFailure.MEMORY),
        new Case("cpu", request("r#0", "group:g").memory(8).cpuUnits(9000).build(),
            device("d1").build(), RunTaskFailure.CPU),
        new Case("gpu", request("r#0", "group:g").memory(8).gpus(1).build(),
            device("d1").build(), RunTaskFailure.GPU),
        new Case("attribute", request("r#0", "group:g").memory(8)
            .memberOf("attribute:ecs.cpu-architecture == arm64").build(),
            device("d1").build(), RunTaskFailure.ATTRIBUTE),
        new Case("lost device", request("r#0", "group:g").memory(8).build(),
            device("d1").lost().build(), RunTaskFailure.AGENT),
        new Case("draining device", request("r#0", "group:g").memory(8).build(),
            device("d1").draining().build(), RunTaskFailure.AGENT));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void code(Case c) {
    var result = Scheduler.place(List.of(c.request()), List.of(c.device()), List.of(), 1);
    List<RunTaskFailure> failures = PlacementFailures.of(result.unplaced());
    assertEquals(1, failures.size(), failures.toString());
    assertEquals("d1", failures.get(0).arn());
    assertEquals(c.code(), failures.get(0).reason(), failures.get(0).detail());
  }

  @Test
  void oneFailurePerDeviceAndReason_overAllTasks() {
    var result = Scheduler.place(List.of(request("r#0", "group:g").memory(8192).build(),
        request("r#1", "group:g").memory(8192).build()),
        List.of(device("b").build(), device("a").build()), List.of(), 1);
    List<RunTaskFailure> failures = PlacementFailures.of(result.unplaced());
    assertEquals(List.of("a", "b"), failures.stream().map(RunTaskFailure::arn).toList());
  }

  @Test
  void noDevices_isOneAgentFailure() {
    var result = Scheduler.place(List.of(request("r#0", "group:g").memory(8).build()), List.of(),
        List.of(), 1);
    assertEquals(List.of(new RunTaskFailure(null, RunTaskFailure.AGENT,
        "no device has registered with the hub")), PlacementFailures.of(result.unplaced()));
  }
}
