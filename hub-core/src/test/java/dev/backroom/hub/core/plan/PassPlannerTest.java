package dev.backroom.hub.core.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backroom.config.model.TaskDefinition;
import dev.backroom.hub.core.reconcile.DesiredService;
import dev.backroom.hub.core.reconcile.DesiredState;
import dev.backroom.hub.core.reconcile.ObservedTask;
import dev.backroom.hub.core.reconcile.StandaloneReconciler;
import dev.backroom.hub.core.scheduler.Allocation;
import dev.backroom.hub.core.scheduler.DeviceCondition;
import dev.backroom.hub.core.scheduler.DeviceSnapshot;
import dev.backroom.hub.core.scheduler.Fixtures;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The whole pass as one pure function: stops, lost, placements and drains in one plan. */
class PassPlannerTest {
  private static final long NOW = 1_800_000_000_000L;
  /** 256 MiB: a 512 MiB device takes two, a 300 MiB device one. */
  private static final TaskDefinition TD = Fixtures.taskDefinition(256, 0, 0);

  private static DeviceSnapshot device(String id, long memoryMiB, DeviceCondition condition) {
    return new DeviceSnapshot(id, Map.of(), 4096, memoryMiB, 0, condition);
  }

  private static DesiredService web(int count) {
    return new DesiredService("web", TD, "h1", count, List.of());
  }

  private static ObservedTask running(String id, String service, String device) {
    return new ObservedTask(id, service, device, "h1", ObservedTask.RUNNING, NOW - 60_000);
  }

  private static Allocation holds(ObservedTask t) {
    return Allocation.of(t.taskId(), t.serviceName(), t.deviceId(), TD);
  }

  private static PassInput input(List<DesiredService> desired, List<ObservedTask> tasks,
      List<ObservedTask> standalone, List<DeviceSnapshot> devices, Map<String, String> draining,
      long seed) {
    List<Allocation> held = new ArrayList<>();
    tasks.forEach(t -> held.add(holds(t)));
    standalone.forEach(t -> held.add(holds(t)));
    return new PassInput(new DesiredState(desired), tasks, standalone, devices, held, draining,
        RolloutFixtures.input(desired, List.of(), Map.of()), NOW, seed);
  }

  @Test
  void aNewService_isPlannedWithItsPlacements() {
    PassPlan plan = PassPlanner.plan(input(List.of(web(2)), List.of(), List.of(),
        List.of(device("d1", 512, DeviceCondition.READY), device("d2", 512, DeviceCondition.READY)),
        Map.of(), 7));

    assertEquals(List.of(), plan.stops());
    assertEquals(2, plan.placements().size());
    // Spread by instance: one on each device.
    assertEquals(List.of("d1", "d2"),
        plan.placements().stream().map(PassPlan.Place::deviceId).sorted().toList());
    for (PassPlan.Place p : plan.placements()) {
      assertEquals(List.of("web", "fam", 1, "h1"),
          List.of(p.serviceName(), p.family(), p.revision(), p.specHash()));
      assertTrue(p.taskId().matches("web-[0-9a-f]{8}"), p.taskId());
      assertFalse(p.reason().isBlank());
    }
    assertEquals(List.of(), plan.unplaced());
  }

  @Test
  void aLostDevice_plansTheLossAndTheReplacement_aroundWhatStays() {
    ObservedTask onLost = running("web-1", "web", "gone");
    ObservedTask staying = running("db-1", "db", "d1"); // fills d1's 300 MiB
    DesiredService db = new DesiredService("db", TD, "h1", 1, List.of());
    PassPlan plan = PassPlanner.plan(input(List.of(web(1), db), List.of(onLost, staying),
        List.of(), List.of(device("gone", 512, DeviceCondition.LOST),
            device("d1", 300, DeviceCondition.READY), device("d2", 512, DeviceCondition.READY)),
        Map.of(), 7));

    assertEquals(List.of(new PassPlan.Stop(PassPlan.LOST, "web-1", "web", "gone", "device lost",
        null)), plan.stops());
    assertEquals(List.of("d2"), plan.placements().stream().map(PassPlan.Place::deviceId).toList(),
        "d1 is full with the task that stays");
  }

  @Test
  void aStoppedTask_freesItsDevice_forThisPassesPlacements() {
    // "old" runs an outdated spec on the only device, which has room for one task; it is not
    // healthy, so the rollout may replace it at once (minimum healthy 0 %).
    ObservedTask old = new ObservedTask("old-1", "gone-svc", "d1", "h0", ObservedTask.RUNNING,
        NOW - 60_000);
    PassPlan plan = PassPlanner.plan(input(List.of(web(1)), List.of(old), List.of(),
        List.of(device("d1", 300, DeviceCondition.READY)), Map.of(), 7));

    assertEquals(List.of("old-1 service deleted"),
        plan.stops().stream().map(s -> s.taskId() + " " + s.reason()).toList());
    assertEquals(List.of("d1"), plan.placements().stream().map(PassPlan.Place::deviceId).toList());
  }

  @Test
  void whatNoDeviceTakes_isUnplaced_withEachDevicesReason() {
    PassPlan plan = PassPlanner.plan(input(List.of(web(1)), List.of(), List.of(),
        List.of(device("d1", 100, DeviceCondition.READY)), Map.of(), 7));

    assertEquals(List.of(), plan.placements());
    assertEquals(1, plan.unplaced().size());
    assertEquals("web", plan.unplaced().get(0).serviceName());
    assertEquals(Map.of("d1", "needs 256 MiB, 100 free"), plan.unplaced().get(0).reasonByDevice());
  }

  @Test
  void standaloneTasks_andDrains_areInThePlan() {
    ObservedTask exited = new ObservedTask("job-1", null, "d1", "hj", ObservedTask.STOPPED,
        NOW - 60_000, false, false);
    ObservedTask heldOnD2 = new ObservedTask("job-2", null, "d2", "hj", ObservedTask.RUNNING,
        NOW - 60_000, false, true);
    ObservedTask busyOnD3 = running("web-3", "web", "d3");
    PassPlan plan = PassPlanner.plan(input(List.of(web(1)), List.of(busyOnD3),
        List.of(exited, heldOnD2), List.of(device("d1", 512, DeviceCondition.READY),
            device("d2", 512, DeviceCondition.DRAINING), device("d3", 512, DeviceCondition.DRAINING)),
        Map.of("d2", "maintenance", "d3", "maintenance"), 7));

    assertEquals(List.of(new PassPlan.Stop(PassPlan.STOPPED, "job-1", null, "d1",
        StandaloneReconciler.EXITED, StandaloneReconciler.ESSENTIAL_CONTAINER_EXITED)),
        plan.stops().stream().filter(PassPlan.Stop::standalone).toList());
    assertEquals(List.of(new PassPlan.Drained("d2", "maintenance")), plan.drained(),
        "a held task does not hold a drain back");
    assertTrue(plan.drainsMoving(), "d3 still has web-3 to move");
    assertEquals(List.of("d1"), plan.placements().stream().map(PassPlan.Place::deviceId).toList(),
        "web-3's replacement goes to the only READY device");
  }

  static LongStream seeds() {
    return new Random(15).longs(20);
  }

  /** Pure: the same input gives the same plan, whatever the seed; the seed alone names tasks. */
  @ParameterizedTest
  @MethodSource("seeds")
  void samePlan_forTheSameInput(long seed) {
    List<DeviceSnapshot> devices = List.of(device("d1", 2048, DeviceCondition.READY),
        device("d2", 2048, DeviceCondition.READY), device("d3", 2048, DeviceCondition.LOST));
    List<ObservedTask> tasks = List.of(running("web-a", "web", "d3"), running("web-b", "web", "d1"));
    PassPlan a = PassPlanner.plan(input(List.of(web(5)), tasks, List.of(), devices, Map.of(), seed));
    PassPlan b = PassPlanner.plan(input(List.of(web(5)), tasks, List.of(), devices, Map.of(), seed));
    PassPlan other = PassPlanner.plan(input(List.of(web(5)), tasks, List.of(), devices, Map.of(),
        seed + 1));

    assertEquals(a, b);
    assertEquals(4, a.placements().size(), "4 more for 5, web-a being lost");
    assertNotEquals(a.placements().stream().map(PassPlan.Place::taskId).toList(),
        other.placements().stream().map(PassPlan.Place::taskId).toList());
  }
}
