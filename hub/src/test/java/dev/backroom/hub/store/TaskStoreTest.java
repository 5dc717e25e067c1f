package dev.backroom.hub.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backroom.config.json.Json;
import dev.backroom.config.model.TaskDefinition;
import dev.backroom.jdbc.Jdbc;
import dev.backroom.mqtt.message.ContainerStatus;
import dev.backroom.mqtt.message.TaskStatus;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The batched store writes on real H2. The hub's control loop runs beside these tests and would
 * stop tasks of services it does not know, so the tests that read the active list run inside a
 * transaction they roll back: the loop never sees their rows.
 */
@QuarkusTest
class TaskStoreTest {
  @Inject Jdbc jdbc;
  @Inject TaskStore tasks;
  @Inject AssignmentStore assignments;
  @Inject TaskDefinitionStore taskDefinitions;

  private static final class Rollback extends RuntimeException {}

  @Test
  void applyReports_writesSeveralDevicesReportsInOneTransaction_andTheBriefListSeesThem() {
    String run = UUID.randomUUID().toString().substring(0, 8);
    Instant now = Instant.now();
    assertThrows(Rollback.class, () -> jdbc.inTransaction(() -> {
      tasks.insertPlaced(List.of(task(run, "t1", "a"), task(run, "t2", "a"), task(run, "t3", "b")), now);
      boolean changed = tasks.applyReports(List.of(
          new TaskStore.Report(dev(run, "a"), 4, List.of(running(run, "t1"), running(run, "t2"))),
          new TaskStore.Report(dev(run, "b"), 7, List.of(running(run, "t3")))), now);
      assertTrue(changed, "PENDING -> RUNNING is a change the control loop decides on");

      Map<String, TaskRecord> mine = tasks.listActive().stream()
          .filter(t -> t.taskId().startsWith(run)).collect(Collectors.toMap(TaskRecord::taskId, t -> t));
      assertEquals(3, mine.size());
      assertEquals("RUNNING", mine.get(run + "-t1").lastStatus());
      assertEquals(4L, mine.get(run + "-t2").reportedGeneration());
      assertEquals(7L, mine.get(run + "-t3").reportedGeneration());
      assertEquals(List.of(), mine.get(run + "-t1").containers(), "the active list skips containers");

      List<TaskStore.ActiveTask> brief = tasks.listActiveBrief().stream()
          .filter(t -> t.serviceName().equals("svc-" + run)).toList();
      assertEquals(3, brief.size());
      assertTrue(brief.stream().allMatch(TaskStore.ActiveTask::running));
      assertEquals(2, brief.stream().filter(t -> t.deviceId().equals(dev(run, "a"))).count());

      assertFalse(tasks.applyReports(List.of(new TaskStore.Report(dev(run, "b"), 7,
          List.of(running(run, "t3")))), now), "the same report again changes nothing");
      assertFalse(tasks.applyReports(List.of(new TaskStore.Report(dev(run, "b"), 8,
          List.of(running(run, "t3")))), now), "nor does a new generation with the task unchanged");
      assertEquals(7L, tasks.find(run + "-t3").orElseThrow().reportedGeneration(),
          "the row is not rewritten for a generation alone");
      throw new Rollback();
    }));
  }

  /** Commits its rows (a rollback is what it checks), of a real task definition, and deletes them. */
  @Test
  void applyReports_isAllOrNothing() throws Exception {
    String run = UUID.randomUUID().toString().substring(0, 8);
    Instant now = Instant.now();
    TaskDefinition td = taskDefinitions.register(Json.mapper().readValue("""
        {"family":"fam-%s","containerDefinitions":[{"name":"main","image":"backroom/busybox:1",
         "memory":16}]}""".formatted(run), TaskDefinition.class));
    tasks.insertPlaced(List.of(task(run, "t1", "a", td), task(run, "t2", "b", td)), now);
    try {
      assertAllOrNothing(run, now);
    } finally {
      jdbc.update("delete from tasks where task_id like ?", run + "-%");
    }
  }

  private void assertAllOrNothing(String run, Instant now) {
    TaskStatus broken = new TaskStatus(run + "-t2", "svc-" + run, "hash", null, null, List.of());
    assertThrows(RuntimeException.class, () -> tasks.applyReports(List.of(
        new TaskStore.Report(dev(run, "a"), 1, List.of(running(run, "t1"))),
        new TaskStore.Report(dev(run, "b"), 1, List.of(broken))), now));
    assertEquals("PENDING", tasks.find(run + "-t1").orElseThrow().lastStatus(),
        "the good report was rolled back with the bad one");

    assertTrue(tasks.applyReports(List.of(
        new TaskStore.Report(dev(run, "a"), 1, List.of(running(run, "t1")))), now));
    assertEquals("RUNNING", tasks.find(run + "-t1").orElseThrow().lastStatus());
  }

  @Test
  void saveAll_storesEveryDevicesGenerationAndUpdatesExistingOnes() {
    String run = UUID.randomUUID().toString().substring(0, 8);
    Instant now = Instant.now();
    assignments.saveAll(Map.of(dev(run, "x"), new AssignmentStore.Published(1, "d1"),
        dev(run, "y"), new AssignmentStore.Published(1, "d2")), now);
    assignments.saveAll(Map.of(dev(run, "x"), new AssignmentStore.Published(2, "d3")), now);
    assignments.saveAll(Map.of(), now);
    Map<String, AssignmentStore.Published> all = assignments.all();
    assertEquals(new AssignmentStore.Published(2, "d3"), all.get(dev(run, "x")));
    assertEquals(new AssignmentStore.Published(1, "d2"), all.get(dev(run, "y")));
  }

  /** Results over H2's in-memory row limit go to a temporary map in the database file. */
  @Test
  void resultsOfTensOfThousandsOfRowsStayInMemory() {
    int rows = jdbc.queryOne("select setting_value from information_schema.settings"
        + " where setting_name = 'MAX_MEMORY_ROWS'", rs -> Integer.parseInt(rs.getString(1))).orElseThrow();
    assertTrue(rows >= 100_000, "MAX_MEMORY_ROWS is " + rows);
    int cacheKb = jdbc.queryOne("select setting_value from information_schema.settings"
        + " where setting_name = 'CACHE_SIZE'", rs -> Integer.parseInt(rs.getString(1))).orElseThrow();
    assertEquals(16_384, cacheKb, "the page cache does not shrink with the heap");
  }

  private static String dev(String run, String name) {
    return "dev-" + run + "-" + name;
  }

  private static TaskStore.NewTask task(String run, String id, String device) {
    return new TaskStore.NewTask(run + "-" + id, "svc-" + run, dev(run, device), "fam-" + run, 1, "hash");
  }

  private static TaskStore.NewTask task(String run, String id, String device, TaskDefinition td) {
    return new TaskStore.NewTask(run + "-" + id, "svc-" + run, dev(run, device), td.family(),
        td.revision(), "hash");
  }

  private static TaskStatus running(String run, String id) {
    return new TaskStatus(run + "-" + id, "svc-" + run, "hash", TaskStatus.RUNNING, null,
        List.of(new ContainerStatus("main", "c-" + id, "running", null, null, 0, null)));
  }
}
