package dev.backroom.hub.reconcile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backroom.config.model.TaskDefinition;
import dev.backroom.hub.scheduler.Allocation;
import dev.backroom.hub.scheduler.DeviceSnapshot;
import dev.backroom.hub.scheduler.Placement;
import dev.backroom.hub.scheduler.PlacementRequest;
import dev.backroom.hub.scheduler.ScenarioGen;
import dev.backroom.hub.scheduler.Scheduler;
import dev.backroom.hub.scheduler.SchedulerResult;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Invariants of {@link Reconciler#compute} over generated states, alone and with the scheduler. */
class ReconcilerPropertyTest {
  static final int CASES = 200;
  static final long NOW = 1_000L;
  static final List<String> STATUSES =
      Arrays.asList(null, ObservedTask.PENDING, ObservedTask.RUNNING, ObservedTask.STOPPED);

  record Scenario(long seed, DesiredState desired, ObservedState observed) {
    @Override
    public String toString() {
      return "seed " + seed;
    }
  }

  static List<Scenario> scenarios() {
    return LongStream.range(0, CASES).mapToObj(ReconcilerPropertyTest::generate).toList();
  }

  /** Up to four services, some deleted; tasks on known, lost and unknown devices. */
  static Scenario generate(long seed) {
    Random r = new Random(seed);
    List<DeviceSnapshot> devices = ScenarioGen.devices(r, 5);
    List<DesiredService> services = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      if (r.nextInt(4) != 0) {
        services.add(new DesiredService("s" + i, ScenarioGen.taskDefinition(r),
            "h" + r.nextInt(2), r.nextInt(5), ScenarioGen.constraints(r)));
      }
    }
    List<ObservedTask> tasks = new ArrayList<>();
    for (int i = r.nextInt(15); i > 0; i--) {
      String device = devices.isEmpty() || r.nextInt(6) == 0
          ? "gone"
          : devices.get(r.nextInt(devices.size())).deviceId();
      tasks.add(new ObservedTask("t" + i, "s" + r.nextInt(5), device, "h" + r.nextInt(2),
          STATUSES.get(r.nextInt(STATUSES.size())), r.nextInt(100)));
    }
    return new Scenario(seed, new DesiredState(services), new ObservedState(tasks, devices));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scenarios")
  void everyObservedTask_inExactlyOneBucket(Scenario s) {
    ReconcileResult r = compute(s);
    List<String> seen = Stream.of(
            r.stop().stream().map(StopItem::taskId),
            r.update().stream().map(UpdateItem::taskId),
            r.lost().stream().map(LostItem::taskId),
            r.keep().stream().map(KeepItem::taskId))
        .flatMap(Function.identity()).sorted().toList();
    List<String> want = s.observed().tasks().stream().map(ObservedTask::taskId).sorted().toList();
    assertEquals(want, seen);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scenarios")
  void liveTasksPlusPlacements_equalDesired(Scenario s) {
    ReconcileResult r = compute(s);
    Map<String, Integer> counted = countLive(s, r);
    r.place().forEach(p -> counted.merge(p.serviceName(), 1, Integer::sum));
    Map<String, Integer> want = new HashMap<>();
    s.desired().services().forEach(d -> {
      if (d.desiredCount() > 0) {
        want.put(d.serviceName(), d.desiredCount());
      }
    });
    assertEquals(want, counted);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scenarios")
  void bucketsAgreeWithInputs(Scenario s) {
    ReconcileResult r = compute(s);
    Map<String, DesiredService> desired = s.desired().services().stream()
        .collect(Collectors.toMap(DesiredService::serviceName, d -> d));
    Map<String, DeviceSnapshot> devices = s.observed().devices().stream()
        .collect(Collectors.toMap(DeviceSnapshot::deviceId, d -> d));
    Map<String, ObservedTask> tasks = s.observed().tasks().stream()
        .collect(Collectors.toMap(ObservedTask::taskId, t -> t));
    for (StopItem i : r.stop()) {
      boolean deleted = !desired.containsKey(i.serviceName());
      assertEquals(deleted, i.reason().equals(Reconciler.SERVICE_DELETED), i.toString());
    }
    for (ObservedTask t : tasks.values()) {
      DeviceSnapshot d = devices.get(t.deviceId());
      boolean shouldBeLost = desired.containsKey(t.serviceName())
          && (d == null || !d.schedulable());
      boolean isLost = r.lost().stream().anyMatch(i -> i.taskId().equals(t.taskId()));
      assertEquals(shouldBeLost, isLost, t.toString());
    }
    for (UpdateItem i : r.update()) {
      String want = desired.get(i.serviceName()).specHash();
      assertEquals(want, i.toSpecHash());
      assertTrue(!Objects.equals(want, i.fromSpecHash()), i.toString());
    }
    for (KeepItem i : r.keep()) {
      ObservedTask t = tasks.get(i.taskId());
      assertEquals(desired.get(t.serviceName()).specHash(), t.specHash(), i.toString());
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scenarios")
  void sameInput_sameOutput_whateverTaskOrder(Scenario s) {
    ReconcileResult first = compute(s);
    assertEquals(first, compute(s));
    List<ObservedTask> tasks = new ArrayList<>(s.observed().tasks());
    List<DesiredService> services = new ArrayList<>(s.desired().services());
    Random shuffle = new Random(s.seed());
    Collections.shuffle(tasks, shuffle);
    Collections.shuffle(services, shuffle);
    assertEquals(first, Reconciler.compute(new DesiredState(services),
        new ObservedState(tasks, s.observed().devices()), NOW));
  }

  /**
   * Verifies the loop the hub runs (reconcile, then place what it asks for) never ends up with
   * more live tasks than desired, however many placements fail.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("scenarios")
  void reconcileThenSchedule_neverMoreThanDesired(Scenario s) {
    ReconcileResult r = compute(s);
    List<PlacementRequest> requests = r.placementRequests(s.desired());
    Map<String, String> serviceOf = requests.stream()
        .collect(Collectors.toMap(PlacementRequest::requestId, PlacementRequest::serviceName));
    SchedulerResult placed = Scheduler.place(
        requests, s.observed().devices(), allocationsOfLiveTasks(s, r), s.seed());
    assertEquals(r.place().size(), placed.placed().size() + placed.unplaced().size());
    Map<String, Integer> counted = countLive(s, r);
    for (Placement p : placed.placed()) {
      counted.merge(serviceOf.get(p.requestId()), 1, Integer::sum);
    }
    for (DesiredService d : s.desired().services()) {
      int n = counted.getOrDefault(d.serviceName(), 0);
      assertTrue(n <= Math.max(0, d.desiredCount()), d.serviceName() + ": " + n);
    }
  }

  private static ReconcileResult compute(Scenario s) {
    return Reconciler.compute(s.desired(), s.observed(), NOW);
  }

  /** Tasks that stay (kept or updated), per service. */
  private static Map<String, Integer> countLive(Scenario s, ReconcileResult r) {
    Map<String, String> serviceOf = s.observed().tasks().stream()
        .collect(Collectors.toMap(ObservedTask::taskId, ObservedTask::serviceName));
    Map<String, Integer> out = new HashMap<>();
    r.keep().forEach(k -> out.merge(serviceOf.get(k.taskId()), 1, Integer::sum));
    r.update().forEach(u -> out.merge(u.serviceName(), 1, Integer::sum));
    return out;
  }

  private static List<Allocation> allocationsOfLiveTasks(Scenario s, ReconcileResult r) {
    Map<String, DesiredService> desired = s.desired().services().stream()
        .collect(Collectors.toMap(DesiredService::serviceName, d -> d));
    List<String> live = new ArrayList<>();
    r.keep().forEach(k -> live.add(k.taskId()));
    r.update().forEach(u -> live.add(u.taskId()));
    List<Allocation> out = new ArrayList<>();
    for (ObservedTask t : s.observed().tasks()) {
      if (live.contains(t.taskId())) {
        TaskDefinition td = desired.get(t.serviceName()).taskDefinition();
        out.add(new Allocation(t.taskId(), t.serviceName(), t.deviceId(), td.requiredCpuUnits(),
            td.requiredMemoryMiB(), td.requiredGpus()));
      }
    }
    return out;
  }
}
