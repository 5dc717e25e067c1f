package dev.backroom.hub.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.backroom.hub.store.TaskStore;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A batch of status reports keeps each device's newest (reports are whole device states). */
class ReportBatchTest {
  private static TaskStore.Report report(String device, long generation) {
    return new TaskStore.Report(device, generation, List.of());
  }

  @Test
  void newestPerDevice_keepsTheLastReportOfEachDevice() {
    List<TaskStore.Report> batch = List.of(report("a", 1), report("b", 1), report("a", 2),
        report("c", 5), report("a", 3), report("b", 2));
    assertEquals(List.of(report("a", 3), report("b", 2), report("c", 5)),
        HubLifecycle.newestPerDevice(batch));
  }

  @Test
  void newestPerDevice_ofDistinctDevicesIsTheBatchItself() {
    List<TaskStore.Report> batch = List.of(report("x", 9), report("y", 1));
    assertEquals(batch, HubLifecycle.newestPerDevice(batch));
    assertEquals(List.of(), HubLifecycle.newestPerDevice(List.of()));
  }
}
