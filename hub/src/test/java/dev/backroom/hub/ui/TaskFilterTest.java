package dev.backroom.hub.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backroom.hub.store.TaskRecord;
import dev.backroom.mqtt.message.ContainerStatus;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The tasks page's filter, the UI's task states and restarts that never go down. */
class TaskFilterTest {
  private static TaskRow row(String state, int restarts, String service) {
    return new TaskRow("t1", service, "d1", "till:1", state, "UNKNOWN", restarts, "-", "-");
  }

  private static TaskRecord task(String last, int hubRestarts, ContainerStatus... cs) {
    return new TaskRecord("till-0000abcd", "till", "d1", "till", 1, "h1", "RUNNING", last,
        "UNKNOWN", List.of(cs), 1L, null, Instant.EPOCH, Instant.EPOCH, false, null, hubRestarts);
  }

  @Test
  void filter_matchesStateRestartsAndService_together() {
    TaskFilter f = TaskFilter.parse("running", "1", "till");
    assertEquals(List.of(), f.problems());
    assertTrue(f.matches(row("RUNNING", 1, "till")));
    assertFalse(f.matches(row("RUNNING", 0, "till")), "never restarted");
    assertFalse(f.matches(row("PENDING", 3, "till")));
    assertFalse(f.matches(row("RUNNING", 3, "other")));
    assertTrue(TaskFilter.parse("", "", "").matches(row("STOPPED", 0, null)), "no filter");
  }

  @Test
  void unusableValues_areSaid_andNotTakenForOthers() {
    TaskFilter f = TaskFilter.parse("asleep", "-2", null);
    assertEquals(2, f.problems().size(), f.problems().toString());
    assertEquals(null, f.state());
    assertEquals(0, f.minRestarts());
  }

  @Test
  void anExitedContainerWaitingForItsRestart_isRestarting() {
    ContainerStatus waiting = new ContainerStatus("main", "c1", "exited", 1, "UNKNOWN", 1,
        "exited 1, restart backoff until 2026-12-06T10:00:00Z");
    assertEquals(TaskState.RESTARTING, TaskState.of(task("PENDING", 1, waiting)));
    ContainerStatus replacing = new ContainerStatus("main", "c1", "removing", null, "UNKNOWN", 0,
        null);
    assertEquals(TaskState.RESTARTING, TaskState.of(task("PENDING", 0, replacing)));
    ContainerStatus running = new ContainerStatus("main", "c1", "running", null, "UNKNOWN", 0,
        null);
    assertEquals("RUNNING", TaskState.of(task("RUNNING", 0, running)));
  }

  @Test
  void restarts_countEarlierContainers_andNeverFallBelowWhatTheHubCounted() {
    ContainerStatus replaced = new ContainerStatus("main", "c2", "running", null, "UNKNOWN", 0,
        null, List.of(), null, null, 2, 137);
    assertEquals(2, TaskState.restarts(task("RUNNING", 0, replaced)));
    ContainerStatus olderAgent = new ContainerStatus("main", "c2", "running", null, "UNKNOWN", 0,
        null);
    assertEquals(1, TaskState.restarts(task("RUNNING", 1, olderAgent)));
  }

  @Test
  void healthUnknown_andExitCodes_areSaidInWords() {
    assertTrue(TaskState.healthMeaning("UNKNOWN", false).contains("no health check"));
    assertTrue(TaskState.healthMeaning("UNKNOWN", true).contains("not reported yet"));
    assertEquals("137 (killed (SIGKILL, often out of memory or a stop that timed out))",
        TaskState.exit(137));
    assertEquals("-", TaskState.exit(null));
  }
}
