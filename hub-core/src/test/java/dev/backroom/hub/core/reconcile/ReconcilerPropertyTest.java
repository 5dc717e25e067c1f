package dev.backroom.hub.core.reconcile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backroom.hub.core.scheduler.DeviceCondition;
import dev.backroom.hub.core.scheduler.DeviceSnapshot;
import dev.backroom.hub.core.scheduler.Placement;
import dev.backroom.hub.core.scheduler.ScenarioGen;
import dev.backroom.hub.core.scheduler.Scheduler;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Invariants of a single {@link Reconciler#compute} pass over generated states: replica and
 * daemon services, some deleted, tasks held, healthy or not, on devices of every condition.
 * Convergence over many passes is in {@link ConvergencePropertyTest}.
 */
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

    Map<String, DesiredService> services() {
      return desired.services().stream()
          .collect(Collectors.toMap(DesiredService::serviceName, s -> s));
    }

    Map<String, ObservedTask> tasks() {
      return observed.tasks().stream().collect(Collectors.toMap(ObservedTask::taskId, t -> t));
    }

    boolean isHeld(ObservedTask t) {
      return t.held() || conditionOf(t) == DeviceCondition.HELD;
    }

    /** Same spec and not on a draining device (where a task counts as outdated). */
    boolean isUpToDate(ObservedTask t, DesiredService d) {
      return d.specHash().equals(t.specHash()) && conditionOf(t) != DeviceCondition.DRAINING;
    }

    DeviceCondition conditionOf(ObservedTask t) {
      return observed.devices().stream().filter(d -> d.deviceId().equals(t.deviceId()))
          .findFirst().map(DeviceSnapshot::condition).orElse(DeviceCondition.LOST);
    }
  }

  static List<Scenario> scenarios() {
    return LongStream.range(0, CASES).mapToObj(ReconcilerPropertyTest::generate).toList();
  }

  /** Up to four services (s4 never desired), one in four a daemon; up to 14 tasks. */
  static Scenario generate(long seed) {
    Random r = new Random(seed);
    List<DeviceSnapshot> devices = ScenarioGen.devices(r, 5);
    List<DesiredService> services = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      if (r.nextInt(4) != 0) {
        services.add(new DesiredService("s" + i, ScenarioGen.taskDefinition(r),
            "h" + r.nextInt(2), r.nextInt(5), ScenarioGen.constraints(r), r.nextInt(4) == 0,
            ScenarioGen.strategies(r), 25 * r.nextInt(5), 100 + 25 * r.nextInt(5)));
      }
    }
    List<ObservedTask> tasks = new ArrayList<>();
    for (int i = r.nextInt(15); i > 0; i--) {
      String device = devices.isEmpty() || r.nextInt(6) == 0
          ? "gone"
          : devices.get(r.nextInt(devices.size())).deviceId();
      tasks.add(new ObservedTask("t" + i, "s" + r.nextInt(5), device, "h" + r.nextInt(2),
          STATUSES.get(r.nextInt(STATUSES.size())), r.nextInt(100), r.nextBoolean(),
          r.nextInt(8) == 0));
    }
    return new Scenario(seed, new DesiredState(services), new ObservedState(tasks, devices));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scenarios")
  void everyObservedTask_inExactlyOneBucket(Scenario s) {
    ReconcileResult r = compute(s);
    List<String> seen = Stream.of(
            r.stop().stream().map(StopItem::taskId),
            r.lost().stream().map(LostItem::taskId),
            r.keep().stream().map(KeepItem::taskId))
        .flatMap(Function.identity()).sorted().toList();
    List<String> want = s.observed().tasks().stream().map(ObservedTask::taskId).sorted().toList();
    assertEquals(want, seen);
  }

  /**
   * Verifies maximumPercent: placements never take a replica service above maxTotal, and a pass
   * never adds up-to-date tasks beyond desiredCount.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("scenarios")
  void replica_neverAboveMaxTotal_norAboveDesiredUpToDate(Scenario s) {
    ReconcileResult r = compute(s);
    Map<String, ObservedTask> tasks = s.tasks();
    for (DesiredService d : s.desired().services()) {
      if (d.daemon()) {
        continue;
      }
      int n = Math.max(0, d.desiredCount());
      int maxTotal = ReplicaRollout.maxTotal(n, d.maximumPercent());
      List<ObservedTask> kept = keptOf(d, r, tasks);
      long placed = r.place().stream().filter(p -> p.serviceName().equals(d.serviceName()))
          .count();
      long before = s.observed().tasks().stream()
          .filter(t -> d.serviceName().equals(t.serviceName())).count();
      long after = kept.size() + placed;
      assertTrue(placed == 0 || after <= maxTotal, d + ": " + after + " > " + maxTotal);
      assertTrue(after <= Math.max(maxTotal, before), d + ": grew to " + after);
      long upToDateOrHeld = kept.stream()
          .filter(t -> s.isHeld(t) || s.isUpToDate(t, d)).count();
      assertTrue(placed == 0 || upToDateOrHeld + placed <= n, d + ": too many up to date");
    }
  }

  /**
   * Verifies minimumHealthyPercent: when a rolling or drain stop takes a healthy task, the
   * healthy tasks left (held count as healthy) are still at least minHealthy.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("scenarios")
  void replica_rollingStopsNeverGoBelowMinHealthy(Scenario s) {
    ReconcileResult r = compute(s);
    Map<String, ObservedTask> tasks = s.tasks();
    for (DesiredService d : s.desired().services()) {
      if (d.daemon()) {
        continue;
      }
      boolean rollingStopOfHealthy = r.stop().stream()
          .filter(i -> d.serviceName().equals(i.serviceName()))
          .filter(i -> !i.reason().startsWith("scale down"))
          .anyMatch(i -> tasks.get(i.taskId()).healthy());
      long healthyLeft = keptOf(d, r, tasks).stream()
          .filter(t -> s.isHeld(t) || t.healthy()).count();
      int minHealthy = ReplicaRollout.minHealthy(Math.max(0, d.desiredCount()),
          d.minimumHealthyPercent());
      assertTrue(!rollingStopOfHealthy || healthyLeft >= minHealthy,
          d + ": " + healthyLeft + " healthy left < " + minHealthy);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scenarios")
  void heldTasks_neverStoppedUnlessServiceDeleted_andAlwaysKept(Scenario s) {
    ReconcileResult r = compute(s);
    Map<String, ObservedTask> tasks = s.tasks();
    Map<String, DesiredService> services = s.services();
    for (StopItem i : r.stop()) {
      boolean deleted = !services.containsKey(i.serviceName());
      assertEquals(deleted, i.reason().equals(Reconciler.SERVICE_DELETED), i.toString());
      assertTrue(deleted || !s.isHeld(tasks.get(i.taskId())), i + " stops a held task");
    }
    for (ObservedTask t : tasks.values()) {
      if (services.containsKey(t.serviceName()) && s.isHeld(t)) {
        assertTrue(r.keep().contains(new KeepItem(t.taskId(), Reconciler.HELD)), t.toString());
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scenarios")
  void lostExactlyWhenDeviceLostAndTaskNotHeld_upToDateOnlyWhenItIs(Scenario s) {
    ReconcileResult r = compute(s);
    Map<String, DesiredService> services = s.services();
    for (ObservedTask t : s.observed().tasks()) {
      boolean shouldBeLost = services.containsKey(t.serviceName()) && !s.isHeld(t)
          && s.conditionOf(t) == DeviceCondition.LOST;
      boolean isLost = r.lost().stream().anyMatch(i -> i.taskId().equals(t.taskId()));
      assertEquals(shouldBeLost, isLost, t.toString());
      if (r.keep().contains(new KeepItem(t.taskId(), Reconciler.UP_TO_DATE))) {
        assertTrue(s.isUpToDate(t, services.get(t.serviceName())), t.toString());
      }
    }
  }

  /** Pinned items name READY devices, and the scheduler puts every item on a READY device. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("scenarios")
  void neverPlacedOnDeviceThatIsNotReady(Scenario s) {
    ReconcileResult r = compute(s);
    Map<String, DeviceSnapshot> devices = Reconciler.devicesById(s.observed());
    for (PlaceItem p : r.place()) {
      assertTrue(p.pinnedDeviceId() == null
          || devices.get(p.pinnedDeviceId()).schedulable(), p.toString());
    }
    for (Placement p : Scheduler.place(r.placementRequests(s.desired()),
        s.observed().devices(), List.of(), s.seed()).placed()) {
      assertTrue(devices.get(p.deviceId()).schedulable(), p.toString());
    }
  }

  /**
   * A daemon never ends a pass with two tasks, kept up to date or placed, for one device, nor
   * with any beside a held task: held tasks are the operator's and may be several.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("scenarios")
  void daemon_atMostOneTaskPerDevice_noneBesideHeld(Scenario s) {
    ReconcileResult r = compute(s);
    Map<String, ObservedTask> tasks = s.tasks();
    for (DesiredService d : s.desired().services()) {
      if (!d.daemon()) {
        continue;
      }
      Map<String, Integer> perDevice = new HashMap<>();
      List<ObservedTask> kept = keptOf(d, r, tasks);
      kept.stream().filter(t -> !s.isHeld(t) && s.isUpToDate(t, d))
          .forEach(t -> perDevice.merge(t.deviceId(), 1, Integer::sum));
      r.place().stream().filter(p -> p.serviceName().equals(d.serviceName()))
          .forEach(p -> perDevice.merge(p.pinnedDeviceId(), 1, Integer::sum));
      perDevice.forEach((device, count) -> {
        assertTrue(count == 1, d.serviceName() + " has " + count + " on " + device);
        assertTrue(kept.stream().noneMatch(t -> s.isHeld(t) && t.deviceId().equals(device)),
            d.serviceName() + " runs a task beside a held one on " + device);
      });
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scenarios")
  void sameInput_sameOutput_whateverOrder(Scenario s) {
    ReconcileResult first = compute(s);
    assertEquals(first, compute(s));
    List<ObservedTask> tasks = new ArrayList<>(s.observed().tasks());
    List<DesiredService> services = new ArrayList<>(s.desired().services());
    List<DeviceSnapshot> devices = new ArrayList<>(s.observed().devices());
    Random shuffle = new Random(s.seed());
    Collections.shuffle(tasks, shuffle);
    Collections.shuffle(services, shuffle);
    Collections.shuffle(devices, shuffle);
    assertEquals(first, Reconciler.compute(new DesiredState(services),
        new ObservedState(tasks, devices), NOW));
  }

  private static ReconcileResult compute(Scenario s) {
    return Reconciler.compute(s.desired(), s.observed(), NOW);
  }

  /** The service's tasks that stay after the pass: held or otherwise kept. */
  private static List<ObservedTask> keptOf(
      DesiredService d, ReconcileResult r, Map<String, ObservedTask> tasks) {
    return r.keep().stream().map(k -> tasks.get(k.taskId()))
        .filter(t -> d.serviceName().equals(t.serviceName())).toList();
  }
}
