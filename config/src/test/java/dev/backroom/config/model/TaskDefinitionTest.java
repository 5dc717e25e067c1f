package dev.backroom.config.model;

import static dev.backroom.config.Fixtures.container;
import static dev.backroom.config.Fixtures.taskDef;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.backroom.config.Fixtures.TaskDef;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class TaskDefinitionTest {

  record Case(String name, UnaryOperator<TaskDef> change, int memoryMiB, int cpuUnits, int gpus) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case("one container with a hard limit", t -> t, 64, 0, 0),
        new Case("soft limit is what the scheduler reserves",
            t -> t.app(c -> c.memory(256).memoryReservation(100)), 100, 0, 0),
        new Case("containers add up",
            t -> t.app(c -> c.cpu(256)).container(container("b").memory(null).memoryReservation(32).cpu(128)),
            96, 384, 0),
        new Case("task memory above the sum wins",
            t -> t.memory(512).cpu(1024), 512, 1024, 0),
        new Case("sum above task memory wins",
            t -> t.memory(16).app(c -> c.memory(128)), 128, 0, 0),
        new Case("container without memory counts as 0",
            t -> t.memory(256).app(c -> c.memory(null)), 256, 0, 0),
        new Case("GPUs add up across containers and entries",
            t -> t.app(c -> c.gpus(1).gpus(2)).container(container("b").gpus(1)), 128, 0, 4),
        new Case("unparseable or non-GPU requirements count as none",
            t -> t.app(c -> c.resource("GPU", "two").resource("InferenceAccelerator", "3")
                .resource("GPU", " 1 ")), 64, 0, 1),
        new Case("no containers needs nothing",
            TaskDef::nullContainers, 0, 0, 0));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void requiredResources_areSummedForTheScheduler(Case c) {
    TaskDefinition td = c.change().apply(taskDef()).build();

    assertEquals(c.memoryMiB(), td.requiredMemoryMiB(), "memory");
    assertEquals(c.cpuUnits(), td.requiredCpuUnits(), "cpu");
    assertEquals(c.gpus(), td.requiredGpus(), "gpus");
  }

  /** Verifies the one place the stored network mode is decided: unset is bridge, set is kept. */
  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(value = {"null, bridge", "bridge, bridge", "host, host", "none, none"},
      nullValues = "null")
  void withEffectiveNetworkMode_writesOutBridgeWhenUnset_andKeepsAModeGiven(String given,
      String stored) {
    TaskDefinition td = taskDef().build().withNetworkMode(given);

    TaskDefinition written = td.withEffectiveNetworkMode();

    assertEquals(stored, written.networkMode());
    assertEquals(td.withNetworkMode(stored), written, "nothing else changes");
    assertEquals(written, written.withEffectiveNetworkMode(), "writing it out twice changes nothing");
  }
}
