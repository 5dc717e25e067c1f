package dev.backroom.hub.core.reconcile;

import static dev.backroom.hub.core.scheduler.Fixtures.device;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backroom.hub.core.scheduler.DeviceSnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The end of standalone (RunTask) tasks: stopped, never replaced or moved. */
class StandaloneReconcilerTest {
  static final List<DeviceSnapshot> DEVICES = List.of(device("ready").build(),
      device("lost").lost().build(), device("draining").draining().build(),
      device("held").held().build());

  /** {@code want} lists "taskId reason stopCode" per stop, in task id order. */
  record Case(String name, List<ObservedTask> tasks, List<String> want) {
    @Override
    public String toString() {
      return name;
    }
  }

  static ObservedTask task(String id, String device, String lastStatus) {
    return new ObservedTask(id, null, device, "h", lastStatus, 0, false, false);
  }

  static ObservedTask held(String id, String device, String lastStatus) {
    return new ObservedTask(id, null, device, "h", lastStatus, 0, false, true);
  }

  static Stream<Case> cases() {
    String exited = " " + StandaloneReconciler.EXITED + " EssentialContainerExited";
    return Stream.of(
        new Case("running on a ready device: kept", List.of(task("t1", "ready", "RUNNING")),
            List.of()),
        new Case("pending before the first report: kept", List.of(task("t1", "ready", null)),
            List.of()),
        new Case("reported stopped: stopped, never replaced",
            List.of(task("t1", "ready", "STOPPED")), List.of("t1" + exited)),
        new Case("device lost: stopped with its reason, not moved",
            List.of(task("t1", "lost", "RUNNING")),
            List.of("t1 " + StandaloneReconciler.DEVICE_LOST + " DeviceLost")),
        new Case("device unknown: stopped",
            List.of(task("t1", "gone", "RUNNING")),
            List.of("t1 " + StandaloneReconciler.DEVICE_UNKNOWN + " DeviceLost")),
        new Case("stopped on a lost device: its exit is the reason",
            List.of(task("t1", "lost", "STOPPED")), List.of("t1" + exited)),
        new Case("draining device: kept until it ends by itself",
            List.of(task("t1", "draining", "RUNNING"), task("t2", "draining", "STOPPED")),
            List.of("t2" + exited)),
        new Case("held task: kept even when stopped or lost",
            List.of(held("t1", "ready", "STOPPED"), held("t2", "lost", "RUNNING")), List.of()),
        new Case("held device: kept", List.of(task("t1", "held", "STOPPED")), List.of()),
        new Case("ordered by task id", List.of(task("t2", "ready", "STOPPED"),
            task("t1", "lost", "RUNNING")),
            List.of("t1 " + StandaloneReconciler.DEVICE_LOST + " DeviceLost", "t2" + exited)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void decides(Case c) {
    assertEquals(c.want(), render(StandaloneReconciler.compute(c.tasks(), DEVICES)));
  }

  /** Something bad never happens: a running task on a usable device is never stopped. */
  @ParameterizedTest
  @MethodSource("seeds")
  void neverStopsARunningTaskOnAUsableDevice(long seed) {
    Random r = new Random(seed);
    List<String> devices = List.of("ready", "lost", "draining", "held", "gone");
    List<String> statuses = new ArrayList<>(List.of("RUNNING", "PENDING", "STOPPED"));
    statuses.add(null);
    List<ObservedTask> tasks = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      String id = "t" + i;
      String d = devices.get(r.nextInt(devices.size()));
      String s = statuses.get(r.nextInt(statuses.size()));
      tasks.add(r.nextInt(5) == 0 ? held(id, d, s) : task(id, d, s));
    }
    List<StandaloneReconciler.Stop> stops = StandaloneReconciler.compute(tasks, DEVICES);
    List<ObservedTask> reversed = new ArrayList<>(tasks);
    java.util.Collections.reverse(reversed);
    assertEquals(stops, StandaloneReconciler.compute(reversed, DEVICES), "same input, same output");
    for (StandaloneReconciler.Stop s : stops) {
      ObservedTask t = tasks.stream().filter(x -> x.taskId().equals(s.taskId())).findFirst().orElseThrow();
      assertTrue(!t.held() && !t.deviceId().equals("held"), "held tasks stay: " + t);
      assertTrue("STOPPED".equals(t.lastStatus()) || t.deviceId().equals("lost")
          || t.deviceId().equals("gone"), "stopped only when ended or lost: " + t);
    }
  }

  static Stream<Long> seeds() {
    return IntStream.range(0, 50).mapToObj(i -> 7919L * i);
  }

  private static List<String> render(List<StandaloneReconciler.Stop> stops) {
    return stops.stream().map(s -> s.taskId() + " " + s.reason() + " " + s.stopCode()).toList();
  }
}
