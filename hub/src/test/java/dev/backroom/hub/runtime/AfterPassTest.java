package dev.backroom.hub.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.backroom.hub.store.TaskRecord;
import dev.backroom.hub.store.TaskStore;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What a pass publishes: the tasks that stay, as read, plus those it placed. */
class AfterPassTest {
  private static final Instant NOW = Instant.parse("2026-12-02T10:00:00Z");

  private static TaskRecord running(String id, String device) {
    return new TaskRecord(id, "svc", device, "fam", 3, "h3", TaskRecord.RUNNING,
        TaskRecord.RUNNING, "HEALTHY", List.of(), 4L, null, NOW.minusSeconds(60),
        NOW.minusSeconds(30), true, NOW.minusSeconds(30), 1);
  }

  @Test
  void keepsTheUnstopped_asRead_andAddsThePlacedAsPending() {
    TaskRecord a = running("svc-a", "d1");
    TaskRecord c = running("svc-c", "d2");
    List<TaskRecord> kept = ReconcilePass.kept(List.of(a, running("svc-b", "d1"), c), Set.of("svc-b"));
    List<TaskRecord> after = ReconcilePass.afterPass(kept,
        List.of(new TaskStore.NewTask("svc-d", "svc", "d3", "fam", 4, "h4")), NOW);

    assertEquals(List.of("svc-a", "svc-c", "svc-d"), after.stream().map(TaskRecord::taskId).toList());
    assertEquals(a, after.get(0));
    assertEquals(c, after.get(1));
    TaskRecord d = after.get(2);
    assertEquals(List.of("svc", "d3", "fam", 4, "h4", TaskRecord.RUNNING, TaskRecord.PENDING),
        List.of(d.serviceName(), d.deviceId(), d.taskFamily(), d.taskRevision(), d.specHash(),
            d.desiredStatus(), d.lastStatus()));
    assertEquals(false, d.held());
    assertEquals(NOW, d.createdAt());
  }

  @Test
  void aPassThatChangesNothing_publishesWhatItRead() {
    List<TaskRecord> read = List.of(running("svc-a", "d1"), running("svc-b", "d2"));
    assertEquals(read, ReconcilePass.afterPass(ReconcilePass.kept(read, Set.of()), List.of(), NOW));
  }
}
